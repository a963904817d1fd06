-- strata migration policies (up)
-- hazards: none

CREATE TABLE "public"."docs" (
  "id" bigint NOT NULL,
  "owner" text NOT NULL,
  "public" boolean NOT NULL DEFAULT false,
  CONSTRAINT "docs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."notes" (
  "id" bigint NOT NULL,
  CONSTRAINT "notes_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "public"."docs" ENABLE ROW LEVEL SECURITY;

ALTER TABLE "public"."docs" FORCE ROW LEVEL SECURITY;

CREATE POLICY "docs_no_insert_banned" ON "public"."docs" AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (owner <> 'banned');

CREATE POLICY "docs_owner" ON "public"."docs" FOR ALL TO "pg_monitor", "pg_read_all_data" USING (owner = current_user) WITH CHECK (owner = current_user);

CREATE POLICY "docs_read" ON "public"."docs" FOR SELECT TO PUBLIC USING (public OR owner = current_user);

COMMENT ON POLICY "docs_read" ON "public"."docs" IS 'readers';

ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY;
