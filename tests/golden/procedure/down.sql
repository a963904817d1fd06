-- strata migration procedure (down)
-- hazards:
--   deletes-data: DROP TABLE orders deletes all its rows; back them up first, or keep the table and stop using it

DROP TABLE "public"."orders";

DROP PROCEDURE "public"."archive_orders"(older_than interval);
