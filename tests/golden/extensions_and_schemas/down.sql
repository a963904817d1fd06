-- strata migration extensions_and_schemas (down)
-- hazards:
--   deletes-data: DROP TABLE new_ns.t deletes all its rows; back them up first, or keep the table and stop using it
-- note: table old_ns.t is re-created empty: its rows are not restored

CREATE SCHEMA IF NOT EXISTS "old_ns";

CREATE EXTENSION IF NOT EXISTS "hstore";

CREATE TABLE "old_ns"."t" (
  "a" integer
);

DROP TABLE "new_ns"."t";

DROP EXTENSION IF EXISTS "citext";

DROP SCHEMA "new_ns";
