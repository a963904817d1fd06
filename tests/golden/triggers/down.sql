-- strata migration triggers (down)
-- hazards:
--   deletes-data: DROP TABLE orders deletes all its rows; back them up first, or keep the table and stop using it

DROP TRIGGER "orders_skip_noop" ON "public"."orders";

DROP TRIGGER "orders_search" ON "public"."orders";

DROP TRIGGER "orders_log" ON "public"."orders";

DROP TRIGGER "Odd ""name""" ON "public"."orders";

DROP TABLE "public"."orders";
