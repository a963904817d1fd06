-- strata migration view_grants (up)
-- hazards:
--   revokes-access: SELECT on view item_ids revoked from PUBLIC: queries of that role that use it start failing with permission denied
--   table-rewrite: column items.name: type text -> character varying(200) rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

REVOKE SELECT ON TABLE "public"."item_ids" FROM PUBLIC;

REVOKE SELECT ON TABLE "public"."item_names" FROM "pg_monitor";

REVOKE SELECT ON TABLE "public"."gone" FROM "pg_monitor";

DROP VIEW "public"."item_names";

DROP VIEW "public"."gone";

ALTER TABLE "public"."items" ALTER COLUMN "name" TYPE character varying(200);

CREATE MATERIALIZED VIEW "public"."item_count" AS
SELECT count(*) AS n FROM items;

CREATE VIEW "public"."item_names" AS
SELECT id, name FROM items;

GRANT SELECT ON TABLE "public"."item_count" TO "pg_monitor";

GRANT SELECT ON TABLE "public"."item_ids" TO "pg_monitor";

GRANT SELECT ON TABLE "public"."item_names" TO "pg_monitor";
