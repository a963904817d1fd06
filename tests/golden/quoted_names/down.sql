-- strata migration quoted_names (down)
-- hazards:
--   deletes-data: DROP TABLE O'Brien deletes all its rows; back them up first, or keep the table and stop using it

DROP INDEX "public"."Idx ""x""";

DROP TABLE "public"."O'Brien";

DROP TYPE "public"."Weird ""Enum""";
