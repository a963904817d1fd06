-- strata migration grants_changed (down)
-- hazards:
--   revokes-access: CREATE on schema shop revoked from pg_read_all_data: queries of that role that use it start failing with permission denied
--   revokes-access: SELECT on sequence shop.order_no revoked from pg_monitor: queries of that role that use it start failing with permission denied
--   revokes-access: SELECT on column shop.orders.id revoked from pg_monitor: queries of that role that use it start failing with permission denied
--   revokes-access: GRANT OPTION FOR SELECT on table shop.orders revoked from pg_read_all_data: queries of that role that use it start failing with permission denied
--   revokes-access: SELECT on table shop.orders revoked from PUBLIC: queries of that role that use it start failing with permission denied
--   deletes-data: DROP COLUMN shop.orders.new deletes its data; deploy code that no longer reads it first, then drop it
-- note: column shop.orders.old is re-created empty (NULL or its default): its data is not restored
-- note: table shop.gone is re-created empty: its rows are not restored

REVOKE CREATE ON SCHEMA "shop" FROM "pg_read_all_data";

REVOKE SELECT ON SEQUENCE "shop"."order_no" FROM "pg_monitor";

REVOKE INSERT ("new") ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE SELECT ("id") ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE GRANT OPTION FOR SELECT ON TABLE "shop"."orders" FROM "pg_read_all_data";

REVOKE SELECT ON TABLE "shop"."orders" FROM PUBLIC;

CREATE TABLE "shop"."gone" (
  "id" bigint
);

ALTER TABLE "shop"."orders" ADD COLUMN "old" text;

ALTER TABLE "shop"."orders" DROP COLUMN "new";

GRANT SELECT ON TABLE "shop"."gone" TO "pg_monitor";

GRANT SELECT ("old") ON TABLE "shop"."orders" TO "pg_monitor";

GRANT UPDATE ("status") ON TABLE "shop"."orders" TO "pg_monitor";

GRANT INSERT, UPDATE ON TABLE "shop"."orders" TO "pg_read_all_data";

GRANT SELECT ON TABLE "shop"."orders" TO "pg_monitor";

GRANT REFERENCES ON TABLE "shop"."orders" TO "pg_monitor" WITH GRANT OPTION;
