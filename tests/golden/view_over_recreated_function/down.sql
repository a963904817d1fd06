-- strata migration view_over_recreated_function (down)
-- hazards:
--   recreates-function: function with_tax(integer) is dropped and created again (its arguments or result change, which CREATE OR REPLACE cannot do): the drop fails while column defaults, checks, indexes, triggers or views use it, and those must then be dropped before and created again after; callers of the old signature stop working

DROP VIEW "public"."taxed_prices";

DROP FUNCTION "public"."with_tax"(amount integer);

SET check_function_bodies = off;

CREATE FUNCTION "public"."with_tax"(amount integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $$SELECT amount * 2$$;

RESET check_function_bodies;

CREATE VIEW "public"."taxed_prices" AS
SELECT amount, with_tax(amount) AS taxed FROM prices;
