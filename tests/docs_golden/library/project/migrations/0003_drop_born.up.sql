-- strata migration 0003_drop_born (up)
-- hazards:
--   deletes-data: DROP COLUMN authors.born deletes its data; deploy code that no longer reads it first, then drop it

ALTER TABLE "public"."authors" DROP COLUMN "born";
