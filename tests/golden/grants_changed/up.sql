-- strata migration grants_changed (up)
-- hazards:
--   revokes-access: GRANT OPTION FOR REFERENCES, SELECT on table shop.orders revoked from pg_monitor: queries of that role that use it start failing with permission denied
--   revokes-access: INSERT, UPDATE on table shop.orders revoked from pg_read_all_data: queries of that role that use it start failing with permission denied
--   revokes-access: UPDATE on column shop.orders.status revoked from pg_monitor: queries of that role that use it start failing with permission denied
--   deletes-data: DROP COLUMN shop.orders.old deletes its data; deploy code that no longer reads it first, then drop it
--   deletes-data: DROP TABLE shop.gone deletes all its rows; back them up first, or keep the table and stop using it

REVOKE GRANT OPTION FOR REFERENCES ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE SELECT ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE INSERT, UPDATE ON TABLE "shop"."orders" FROM "pg_read_all_data";

REVOKE UPDATE ("status") ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE SELECT ("old") ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE SELECT ON TABLE "shop"."gone" FROM "pg_monitor";

ALTER TABLE "shop"."orders" ADD COLUMN "new" text;

ALTER TABLE "shop"."orders" DROP COLUMN "old";

DROP TABLE "shop"."gone";

GRANT SELECT ON TABLE "shop"."orders" TO PUBLIC;

GRANT SELECT ON TABLE "shop"."orders" TO "pg_read_all_data" WITH GRANT OPTION;

GRANT SELECT ("id") ON TABLE "shop"."orders" TO "pg_monitor";

GRANT INSERT ("new") ON TABLE "shop"."orders" TO "pg_monitor";

GRANT SELECT ON SEQUENCE "shop"."order_no" TO "pg_monitor";

GRANT CREATE ON SCHEMA "shop" TO "pg_read_all_data";
