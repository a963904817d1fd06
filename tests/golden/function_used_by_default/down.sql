-- strata migration function_used_by_default (down)
-- hazards:
--   deletes-data: DROP TABLE coupons deletes all its rows; back them up first, or keep the table and stop using it

DROP TABLE "public"."coupons";

DROP FUNCTION "public"."new_code"();

DROP FUNCTION "public"."is_positive"(n numeric);
