-- strata migration grants (down)
-- hazards:
--   revokes-access: USAGE on schema shop revoked from pg_read_all_data: queries of that role that use it start failing with permission denied
--   revokes-access: CREATE, USAGE on schema shop revoked from PUBLIC: queries of that role that use it start failing with permission denied
--   revokes-access: USAGE WITH GRANT OPTION on sequence shop.order_no revoked from pg_read_all_data: queries of that role that use it start failing with permission denied
--   revokes-access: SELECT, UPDATE, USAGE on sequence shop.order_no revoked from pg_monitor: queries of that role that use it start failing with permission denied
--   deletes-data: DROP TABLE shop.orders deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP SEQUENCE shop.order_no loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it

REVOKE USAGE ON SCHEMA "shop" FROM "pg_read_all_data";

REVOKE CREATE, USAGE ON SCHEMA "shop" FROM PUBLIC;

REVOKE USAGE ON SEQUENCE "shop"."order_no" FROM "pg_read_all_data";

REVOKE SELECT, UPDATE, USAGE ON SEQUENCE "shop"."order_no" FROM "pg_monitor";

REVOKE SELECT ("status"), UPDATE ("status") ON TABLE "shop"."orders" FROM "pg_read_all_data";

REVOKE REFERENCES ("status"), UPDATE ("status") ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE INSERT, SELECT, UPDATE ON TABLE "shop"."orders" FROM "pg_read_all_data";

REVOKE DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "shop"."orders" FROM "pg_monitor";

REVOKE SELECT ON TABLE "shop"."orders" FROM PUBLIC;

DROP TABLE "shop"."orders";

DROP SEQUENCE "shop"."order_no";

DROP SCHEMA "shop";
