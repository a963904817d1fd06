-- strata migration function_drop (up)
-- hazards: none

DROP PROCEDURE "public"."purge"();

DROP FUNCTION "public"."obsolete"(x text);
