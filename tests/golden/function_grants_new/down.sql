-- strata migration function_grants_new (down)
-- hazards: none

REVOKE EXECUTE ON FUNCTION "public"."secret"(a integer, b text) FROM "pg_monitor";

GRANT EXECUTE ON FUNCTION "public"."secret"(a integer, b text) TO PUBLIC;

GRANT EXECUTE ON PROCEDURE "public"."owner_only"(INOUT n integer) TO PUBLIC;

REVOKE EXECUTE ON FUNCTION "public"."open"() FROM "pg_read_all_data";

DROP FUNCTION "public"."secret"(a integer, b text);

DROP FUNCTION "public"."plain"();

DROP PROCEDURE "public"."owner_only"(INOUT n integer);

DROP FUNCTION "public"."open"();
