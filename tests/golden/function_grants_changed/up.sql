-- strata migration function_grants_changed (up)
-- hazards:
--   revokes-access: EXECUTE on function opened() revoked from PUBLIC: queries of that role that use it start failing with permission denied
--   revokes-access: EXECUTE on function secret(a integer) revoked from pg_monitor: queries of that role that use it start failing with permission denied

REVOKE EXECUTE ON FUNCTION "public"."opened"() FROM PUBLIC;

REVOKE EXECUTE ON FUNCTION "public"."secret"(a integer) FROM "pg_monitor";

SET check_function_bodies = off;

CREATE OR REPLACE FUNCTION "public"."secret"(a integer)
 RETURNS integer
 LANGUAGE sql
AS $$SELECT a + 1$$;

RESET check_function_bodies;

GRANT EXECUTE ON FUNCTION "public"."opened"() TO "pg_monitor" WITH GRANT OPTION;

GRANT EXECUTE ON FUNCTION "public"."secret"(a integer) TO PUBLIC;

GRANT EXECUTE ON FUNCTION "public"."secret"(a integer) TO "pg_read_all_data";
