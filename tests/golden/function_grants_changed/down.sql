-- strata migration function_grants_changed (down)
-- hazards:
--   revokes-access: EXECUTE on function secret(a integer) revoked from pg_read_all_data: queries of that role that use it start failing with permission denied
--   revokes-access: EXECUTE on function secret(a integer) revoked from PUBLIC: queries of that role that use it start failing with permission denied
--   revokes-access: EXECUTE WITH GRANT OPTION on function opened() revoked from pg_monitor: queries of that role that use it start failing with permission denied

REVOKE EXECUTE ON FUNCTION "public"."secret"(a integer) FROM "pg_read_all_data";

REVOKE EXECUTE ON FUNCTION "public"."secret"(a integer) FROM PUBLIC;

REVOKE EXECUTE ON FUNCTION "public"."opened"() FROM "pg_monitor";

SET check_function_bodies = off;

CREATE OR REPLACE FUNCTION "public"."secret"(a integer)
 RETURNS integer
 LANGUAGE sql
AS $$SELECT a$$;

RESET check_function_bodies;

GRANT EXECUTE ON FUNCTION "public"."secret"(a integer) TO "pg_monitor";

GRANT EXECUTE ON FUNCTION "public"."opened"() TO PUBLIC;
