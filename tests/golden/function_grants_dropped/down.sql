-- strata migration function_grants_dropped (down)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."gone"(x text)
 RETURNS text
 LANGUAGE sql
AS $$SELECT upper(x)$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE PROCEDURE "public"."purge"()
 LANGUAGE sql
AS $$SELECT 1$$;

RESET check_function_bodies;

REVOKE EXECUTE ON PROCEDURE "public"."purge"() FROM PUBLIC;

REVOKE EXECUTE ON FUNCTION "public"."gone"(x text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "public"."gone"(x text) TO "pg_monitor";
