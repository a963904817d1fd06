-- strata migration function_create (down)
-- hazards: none

DROP FUNCTION "public"."tricky_quotes"();

DROP FUNCTION "public"."touch_updated_at"();

DROP FUNCTION "public"."pairs"(n integer, OUT a integer, OUT b text);

DROP FUNCTION "billing"."price_with_tax"(amount numeric, country country_code);

DROP DOMAIN "public"."country_code";

DROP SCHEMA "billing";
