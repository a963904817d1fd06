-- strata migration triggers (up)
-- hazards: none

CREATE TABLE "public"."orders" (
  "id" bigint NOT NULL,
  "status" text NOT NULL,
  "note" text,
  "search" tsvector,
  CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

CREATE TRIGGER "Odd ""name""" AFTER DELETE OR TRUNCATE ON "public"."orders" FOR EACH STATEMENT EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

ALTER TABLE "public"."orders" DISABLE TRIGGER "Odd ""name""";

CREATE TRIGGER "orders_log" AFTER INSERT ON "public"."orders" REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

ALTER TABLE "public"."orders" ENABLE REPLICA TRIGGER "orders_log";

CREATE TRIGGER "orders_search" BEFORE INSERT OR UPDATE OF "note", "status" ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION "tsvector_update_trigger"('search', 'pg_catalog.english', 'note');

CREATE TRIGGER "orders_skip_noop" BEFORE UPDATE ON "public"."orders" FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "suppress_redundant_updates_trigger"();

ALTER TABLE "public"."orders" ENABLE ALWAYS TRIGGER "orders_skip_noop";

COMMENT ON TRIGGER "orders_skip_noop" ON "public"."orders" IS 'no-op updates are skipped';
