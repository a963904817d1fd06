-- strata migration policies_changed (up)
-- hazards:
--   widens-access: restrictive policy docs_guard on docs is dropped: the rows it kept out become visible or writable
--   table-rewrite: column docs.level: type integer -> bigint rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   widens-access: row-level security is no longer forced on docs: its owner bypasses the policies again
--   widens-access: row-level security is disabled on notes: its policies stop applying and every role with privileges on it sees and changes every row

DROP POLICY "docs_kind" ON "public"."docs";

DROP POLICY "docs_level" ON "public"."docs";

DROP POLICY "docs_guard" ON "public"."docs";

ALTER TABLE "public"."docs" ALTER COLUMN "level" DROP DEFAULT;

ALTER TABLE "public"."docs" ALTER COLUMN "level" TYPE bigint;

ALTER TABLE "public"."docs" ALTER COLUMN "level" SET DEFAULT 0;

ALTER TABLE "public"."docs" NO FORCE ROW LEVEL SECURITY;

CREATE POLICY "docs_kind" ON "public"."docs" AS RESTRICTIVE FOR SELECT TO PUBLIC USING (true);

CREATE POLICY "docs_level" ON "public"."docs" FOR SELECT TO PUBLIC USING (level > 0);

ALTER POLICY "docs_read" ON "public"."docs" USING (owner = current_user OR owner = 'shared');

ALTER POLICY "docs_roles" ON "public"."docs" TO "pg_monitor", "pg_read_all_data";

COMMENT ON POLICY "docs_roles" ON "public"."docs" IS 'b';

ALTER TABLE "public"."notes" DISABLE ROW LEVEL SECURITY;

ALTER TABLE "public"."plain" ENABLE ROW LEVEL SECURITY;

ALTER TABLE "public"."plain" FORCE ROW LEVEL SECURITY;
