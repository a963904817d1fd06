-- strata migration aggregate (down)
-- hazards: none

DROP AGGREGATE "public"."sum_money"(numeric);

DROP FUNCTION "public"."sum_money_step"(state numeric, value numeric);

DROP FUNCTION "public"."sum_money_final"(state numeric);
