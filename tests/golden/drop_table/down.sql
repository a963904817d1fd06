-- strata migration drop_table (down)
-- hazards: none
-- note: table posts is re-created empty: its rows are not restored

CREATE TABLE "public"."posts" (
  "id" integer NOT NULL,
  "user_id" integer,
  CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "posts_user_idx" ON "public"."posts" ("user_id");

ALTER TABLE "public"."posts" ADD CONSTRAINT "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id");
