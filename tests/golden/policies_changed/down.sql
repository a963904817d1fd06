-- strata migration policies_changed (down)
-- hazards:
--   widens-access: row-level security is disabled on plain: its policies stop applying and every role with privileges on it sees and changes every row
--   widens-access: restrictive policy docs_kind on docs is dropped: the rows it kept out become visible or writable
--   table-rewrite: column docs.level: type bigint -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."plain" DISABLE ROW LEVEL SECURITY;

ALTER TABLE "public"."plain" NO FORCE ROW LEVEL SECURITY;

ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY;

ALTER POLICY "docs_roles" ON "public"."docs" TO "pg_monitor";

COMMENT ON POLICY "docs_roles" ON "public"."docs" IS 'a';

ALTER POLICY "docs_read" ON "public"."docs" USING (owner = current_user);

DROP POLICY "docs_level" ON "public"."docs";

DROP POLICY "docs_kind" ON "public"."docs";

ALTER TABLE "public"."docs" FORCE ROW LEVEL SECURITY;

ALTER TABLE "public"."docs" ALTER COLUMN "level" DROP DEFAULT;

ALTER TABLE "public"."docs" ALTER COLUMN "level" TYPE integer;

ALTER TABLE "public"."docs" ALTER COLUMN "level" SET DEFAULT 0;

CREATE POLICY "docs_guard" ON "public"."docs" AS RESTRICTIVE FOR DELETE TO PUBLIC USING (owner <> 'root');

CREATE POLICY "docs_level" ON "public"."docs" FOR SELECT TO PUBLIC USING (level > 0);

CREATE POLICY "docs_kind" ON "public"."docs" FOR SELECT TO PUBLIC USING (true);
