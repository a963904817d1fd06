-- strata migration function_begin_atomic (down)
-- hazards:
--   deletes-data: DROP TABLE products deletes all its rows; back them up first, or keep the table and stop using it

DROP FUNCTION "public"."product_label"(p products);

DROP FUNCTION "public"."max_price"();

DROP TABLE "public"."products";

DROP FUNCTION "public"."double_it"(x integer);
