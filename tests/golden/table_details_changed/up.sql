-- strata migration table_details_changed (up)
-- hazards:
--   blocking-lock: CREATE INDEX accounts_handle_c_idx blocks writes to accounts while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)

DROP INDEX "public"."accounts_handle_c_idx";

ALTER TABLE "public"."accounts" ALTER COLUMN "id" SET INCREMENT BY 5 SET CACHE 1;

ALTER TABLE "public"."accounts" ALTER COLUMN "handle" TYPE text COLLATE "POSIX";

ALTER TABLE "public"."accounts" SET LOGGED;

ALTER TABLE "public"."accounts" RESET ("autovacuum_enabled");

ALTER TABLE "public"."accounts" SET ("fillfactor" = '90');

COMMENT ON CONSTRAINT "pk_accounts" ON "public"."accounts" IS NULL;

COMMENT ON CONSTRAINT "accounts_handle_key" ON "public"."accounts" IS NULL;

COMMENT ON CONSTRAINT "accounts_handle_check" ON "public"."accounts" IS 'checked';

CREATE INDEX "accounts_handle_c_idx" ON "public"."accounts" ("handle");

COMMENT ON INDEX "public"."accounts_handle_pattern_idx" IS NULL;

ALTER INDEX "public"."accounts_email_lower_idx" SET ("fillfactor" = '60');

ALTER TABLE "public"."accounts" VALIDATE CONSTRAINT "accounts_handle_check";

ALTER TABLE "public"."accounts" VALIDATE CONSTRAINT "accounts_parent_fkey";
