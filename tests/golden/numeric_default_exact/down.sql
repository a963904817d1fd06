-- strata migration numeric_default_exact (down)
-- hazards:
--   deletes-data: DROP TABLE prices deletes all its rows; back them up first, or keep the table and stop using it

DROP TABLE "public"."prices";
