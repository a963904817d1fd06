-- strata migration function_replace_body (up)
-- hazards: none

COMMENT ON FUNCTION "public"."commented"() IS 'new';

SET check_function_bodies = off;

CREATE OR REPLACE FUNCTION "public"."greeting"(who text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE STRICT
 SET "work_mem" TO '64MB'
AS $$BEGIN
  RETURN 'hi ' || who;
END
$$;

RESET check_function_bodies;
