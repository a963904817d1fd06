-- strata migration function_overloads (up)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."area"(r double precision)
 RETURNS double precision
 LANGUAGE sql
 IMMUTABLE
AS $$SELECT pi() * r * r$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."area"(side integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $$SELECT side * side$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."area"(w integer, h integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $$SELECT w * h$$;

RESET check_function_bodies;

COMMENT ON FUNCTION "public"."area"(w integer, h integer) IS 'rectangle';
