-- strata migration function_drop (down)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."obsolete"(x text)
 RETURNS text
 LANGUAGE sql
AS $$SELECT upper(x)$$;

RESET check_function_bodies;

COMMENT ON FUNCTION "public"."obsolete"(x text) IS 'going away';

SET check_function_bodies = off;

CREATE PROCEDURE "public"."purge"()
 LANGUAGE sql
AS $$SELECT 1$$;

RESET check_function_bodies;
