-- strata migration table_details_changed (down)
-- hazards:
--   blocking-lock: CREATE INDEX accounts_handle_c_idx blocks writes to accounts while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)

ALTER TABLE "public"."accounts" DROP CONSTRAINT "accounts_parent_fkey";

ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_parent_fkey" FOREIGN KEY ("parent") REFERENCES "public"."accounts" ("id") NOT VALID;

COMMENT ON CONSTRAINT "accounts_parent_fkey" ON "public"."accounts" IS 'tree';

ALTER TABLE "public"."accounts" DROP CONSTRAINT "accounts_handle_check";

ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_handle_check" CHECK (handle <> '') NOT VALID;

COMMENT ON CONSTRAINT "accounts_handle_check" ON "public"."accounts" IS 'checked';

ALTER INDEX "public"."accounts_email_lower_idx" SET ("fillfactor" = '80');

COMMENT ON INDEX "public"."accounts_handle_pattern_idx" IS 'LIKE ''x%''';

DROP INDEX "public"."accounts_handle_c_idx";

COMMENT ON CONSTRAINT "accounts_handle_check" ON "public"."accounts" IS 'not checked on old rows';

COMMENT ON CONSTRAINT "accounts_handle_key" ON "public"."accounts" IS 'one per handle';

COMMENT ON CONSTRAINT "pk_accounts" ON "public"."accounts" IS 'surrogate key';

ALTER TABLE "public"."accounts" SET ("autovacuum_enabled" = 'false', "fillfactor" = '70');

ALTER TABLE "public"."accounts" SET UNLOGGED;

ALTER TABLE "public"."accounts" ALTER COLUMN "handle" TYPE text COLLATE "C";

ALTER TABLE "public"."accounts" ALTER COLUMN "id" SET INCREMENT BY 10 SET CACHE 20;

CREATE INDEX "accounts_handle_c_idx" ON "public"."accounts" ("handle" COLLATE "POSIX");
