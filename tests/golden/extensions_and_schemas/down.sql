-- strata migration extensions_and_schemas (down)
-- hazards:
--   deletes-data: DROP TABLE new_ns.t deletes all its rows; back them up first, or keep the table and stop using it
-- note: table old_ns.t is re-created empty: its rows are not restored

CREATE EXTENSION IF NOT EXISTS "hstore";

CREATE SCHEMA "old_ns";

CREATE TABLE "old_ns"."t" (
  "a" integer
);

DROP TABLE "new_ns"."t";

DROP SCHEMA "new_ns";

DROP EXTENSION IF EXISTS "citext";
