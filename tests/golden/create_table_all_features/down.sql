-- strata migration create_table_all_features (down)
-- hazards:
--   deletes-data: DROP TABLE pets deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE app.people deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."pets" DROP CONSTRAINT "pets_owner_id_fkey";

DROP INDEX "app"."people_tags_idx";

DROP INDEX "app"."people_name_idx";

DROP TABLE "public"."pets";

DROP TABLE "app"."people";

DROP TYPE "public"."mood";

DROP EXTENSION IF EXISTS "hstore";

DROP SCHEMA "app";
