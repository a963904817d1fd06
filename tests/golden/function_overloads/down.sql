-- strata migration function_overloads (down)
-- hazards: none

DROP FUNCTION "public"."area"(w integer, h integer);

DROP FUNCTION "public"."area"(side integer);

DROP FUNCTION "public"."area"(r double precision);
