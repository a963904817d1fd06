-- strata migration function_replace_body (down)
-- hazards: none

SET check_function_bodies = off;

CREATE OR REPLACE FUNCTION "public"."greeting"(who text)
 RETURNS text
 LANGUAGE sql
AS $$SELECT 'hello ' || who$$;

RESET check_function_bodies;

COMMENT ON FUNCTION "public"."commented"() IS 'old';
