-- strata migration function_grants_new (up)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."open"()
 RETURNS integer
 LANGUAGE sql
AS $$SELECT 1$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE PROCEDURE "public"."owner_only"(INOUT n integer)
 LANGUAGE plpgsql
AS $$BEGIN n := n + 1; END$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."plain"()
 RETURNS integer
 LANGUAGE sql
AS $$SELECT 2$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."secret"(a integer, b text DEFAULT 'x')
 RETURNS text
 LANGUAGE sql
 SECURITY DEFINER
AS $$SELECT b || a$$;

RESET check_function_bodies;

GRANT EXECUTE ON FUNCTION "public"."open"() TO "pg_read_all_data" WITH GRANT OPTION;

REVOKE EXECUTE ON PROCEDURE "public"."owner_only"(INOUT n integer) FROM PUBLIC;

REVOKE EXECUTE ON FUNCTION "public"."secret"(a integer, b text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "public"."secret"(a integer, b text) TO "pg_monitor";
