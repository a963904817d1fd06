-- strata migration views (up)
-- hazards: none

CREATE SCHEMA IF NOT EXISTS "audit";

CREATE TABLE "public"."platform_user" (
  "id" bigint NOT NULL,
  "handle" text NOT NULL,
  "status" text NOT NULL,
  CONSTRAINT "platform_user_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."posts" (
  "id" bigint NOT NULL,
  "author_id" bigint,
  "title" text,
  CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "public"."posts" ADD CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "public"."platform_user" ("id");

CREATE VIEW "audit"."recent posts" ("post_id", "post_title") AS
SELECT id, title FROM posts ORDER BY id DESC LIMIT 10;

CREATE VIEW "public"."active_users" WITH ("check_option" = 'cascaded', "security_barrier" = 'true') AS
SELECT id, handle FROM platform_user WHERE status = 'ACTIVE';

COMMENT ON COLUMN "public"."active_users"."handle" IS 'Shown publicly';

CREATE MATERIALIZED VIEW "public"."post_stats" WITH ("fillfactor" = '70') AS
SELECT author_id, count(*) AS n FROM posts GROUP BY author_id WITH NO DATA;

CREATE UNIQUE INDEX "post_stats_author_idx" ON "public"."post_stats" ("author_id");

COMMENT ON MATERIALIZED VIEW "public"."post_stats" IS 'Refreshed nightly';

CREATE VIEW "public"."user_post_counts" AS
SELECT u.id, u.handle, count(p.id) AS posts FROM active_users u LEFT JOIN posts p ON p.author_id = u.id GROUP BY u.id, u.handle;

COMMENT ON VIEW "public"."user_post_counts" IS 'Posts per active user';
