-- strata migration enum_add_value_with_dropped_table (up)
-- hazards:
--   deletes-data: DROP TABLE t1 deletes all its rows; back them up first, or keep the table and stop using it

ALTER TYPE "public"."mood" ADD VALUE 'c' AFTER 'b';

DROP TABLE "public"."t1";
