-- strata migration function_grants_recreated (up)
-- hazards:
--   revokes-access: EXECUTE on function f(a integer) revoked from pg_monitor: queries of that role that use it start failing with permission denied
--   recreates-function: function f(integer) is dropped and created again (its arguments or result change, which CREATE OR REPLACE cannot do): the drop fails while column defaults, checks, indexes, triggers or views use it, and those must then be dropped before and created again after; callers of the old signature stop working

REVOKE EXECUTE ON FUNCTION "public"."f"(a integer) FROM "pg_monitor";

GRANT EXECUTE ON FUNCTION "public"."f"(a integer) TO PUBLIC;

DROP FUNCTION "public"."f"(a integer);

SET check_function_bodies = off;

CREATE FUNCTION "public"."f"(a integer)
 RETURNS bigint
 LANGUAGE sql
AS $$SELECT a::bigint$$;

RESET check_function_bodies;

REVOKE EXECUTE ON FUNCTION "public"."f"(a integer) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "public"."f"(a integer) TO "pg_read_all_data";
