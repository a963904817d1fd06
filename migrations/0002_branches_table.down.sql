-- strata migration 0002_branches_table (down)
-- hazards:
--   deletes-data: DROP TABLE branches deletes all its rows; back them up first, or keep the table and stop using it

DROP INDEX "public"."branches_name_idx";

DROP INDEX "public"."branches_code_idx";

DROP TABLE "public"."branches";
