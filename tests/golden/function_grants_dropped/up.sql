-- strata migration function_grants_dropped (up)
-- hazards: none

REVOKE EXECUTE ON FUNCTION "public"."gone"(x text) FROM "pg_monitor";

GRANT EXECUTE ON FUNCTION "public"."gone"(x text) TO PUBLIC;

GRANT EXECUTE ON PROCEDURE "public"."purge"() TO PUBLIC;

DROP PROCEDURE "public"."purge"();

DROP FUNCTION "public"."gone"(x text);
