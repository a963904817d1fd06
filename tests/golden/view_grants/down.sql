-- strata migration view_grants (down)
-- hazards:
--   revokes-access: SELECT on view item_ids revoked from pg_monitor: queries of that role that use it start failing with permission denied

REVOKE SELECT ON TABLE "public"."item_names" FROM "pg_monitor";

REVOKE SELECT ON TABLE "public"."item_ids" FROM "pg_monitor";

REVOKE SELECT ON TABLE "public"."item_count" FROM "pg_monitor";

DROP VIEW "public"."item_names";

DROP MATERIALIZED VIEW "public"."item_count";

ALTER TABLE "public"."items" ALTER COLUMN "name" TYPE text;

CREATE VIEW "public"."gone" AS
SELECT id FROM items WHERE id > 10;

CREATE VIEW "public"."item_names" AS
SELECT id, name FROM items;

GRANT SELECT ON TABLE "public"."gone" TO "pg_monitor";

GRANT SELECT ON TABLE "public"."item_names" TO "pg_monitor";

GRANT SELECT ON TABLE "public"."item_ids" TO PUBLIC;
