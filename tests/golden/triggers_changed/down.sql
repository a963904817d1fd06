-- strata migration triggers_changed (down)
-- hazards:
--   table-rewrite: column orders.amount: type bigint -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
-- note: table dropped is re-created empty: its rows are not restored

CREATE OR REPLACE TRIGGER "orders_skip_noop" BEFORE UPDATE ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

ALTER TABLE "public"."orders" ENABLE TRIGGER "orders_note";

DROP TRIGGER "orders_new" ON "public"."orders";

ALTER TABLE "public"."orders" ENABLE TRIGGER "orders_enabled";

COMMENT ON TRIGGER "orders_enabled" ON "public"."orders" IS 'old';

DROP TRIGGER "orders_amount" ON "public"."orders";

CREATE TABLE "public"."dropped" (
  "id" integer
);

ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE integer;

CREATE TRIGGER "dropped_t" BEFORE INSERT ON "public"."dropped" FOR EACH ROW EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

CREATE TRIGGER "orders_gone" AFTER DELETE ON "public"."orders" FOR EACH STATEMENT EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

CREATE TRIGGER "orders_amount" BEFORE UPDATE OF "amount" ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION "suppress_redundant_updates_trigger"();
