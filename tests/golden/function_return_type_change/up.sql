-- strata migration function_return_type_change (up)
-- hazards:
--   recreates-function: function total(integer, integer) is dropped and created again (its arguments or result change, which CREATE OR REPLACE cannot do): the drop fails while column defaults, checks, indexes, triggers or views use it, and those must then be dropped before and created again after; callers of the old signature stop working

DROP FUNCTION "public"."total"(a integer, b integer);

SET check_function_bodies = off;

CREATE FUNCTION "public"."total"(a integer, b integer)
 RETURNS bigint
 LANGUAGE sql
AS $$SELECT a::bigint + b$$;

RESET check_function_bodies;
