-- strata migration aggregate (up)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."sum_money_final"(state numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE
AS $$SELECT round(state, 2)$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."sum_money_step"(state numeric, value numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$SELECT state + coalesce(value, 0)$$;

RESET check_function_bodies;

CREATE AGGREGATE "public"."sum_money"(numeric) (
  SFUNC = "public"."sum_money_step",
  STYPE = numeric,
  FINALFUNC = "public"."sum_money_final",
  COMBINEFUNC = "public"."sum_money_step",
  INITCOND = '0',
  PARALLEL = SAFE
);

COMMENT ON AGGREGATE "public"."sum_money"(numeric) IS 'sums and rounds';
