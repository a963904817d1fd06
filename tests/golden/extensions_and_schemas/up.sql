-- strata migration extensions_and_schemas (up)
-- hazards:
--   deletes-data: DROP TABLE old_ns.t deletes all its rows; back them up first, or keep the table and stop using it

CREATE SCHEMA IF NOT EXISTS "new_ns";

CREATE EXTENSION IF NOT EXISTS "citext";

CREATE TABLE "new_ns"."t" (
  "a" integer
);

DROP TABLE "old_ns"."t";

DROP EXTENSION IF EXISTS "hstore";

DROP SCHEMA "old_ns";
