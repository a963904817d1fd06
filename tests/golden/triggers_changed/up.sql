-- strata migration triggers_changed (up)
-- hazards:
--   table-rewrite: column orders.amount: type integer -> bigint rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   deletes-data: DROP TABLE dropped deletes all its rows; back them up first, or keep the table and stop using it
--   disables-trigger: trigger orders_note on orders is set to disabled: it no longer fires in ordinary sessions, and what it maintains or enforces is not done any more

DROP TRIGGER "orders_amount" ON "public"."orders";

DROP TRIGGER "orders_gone" ON "public"."orders";

DROP TRIGGER "dropped_t" ON "public"."dropped";

ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE bigint;

DROP TABLE "public"."dropped";

CREATE TRIGGER "orders_amount" BEFORE UPDATE OF "amount" ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

ALTER TABLE "public"."orders" ENABLE ALWAYS TRIGGER "orders_enabled";

COMMENT ON TRIGGER "orders_enabled" ON "public"."orders" IS 'new';

CREATE TRIGGER "orders_new" AFTER UPDATE ON "public"."orders" FOR EACH STATEMENT EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

ALTER TABLE "public"."orders" DISABLE TRIGGER "orders_note";

CREATE OR REPLACE TRIGGER "orders_skip_noop" BEFORE INSERT OR UPDATE ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION "suppress_redundant_updates_trigger"('x');
