-- strata migration 0001_college_branches_array (down)
-- hazards:
--   deletes-data: DROP COLUMN colleges.branches deletes its data; deploy code that no longer reads it first, then drop it

ALTER TABLE "public"."colleges" DROP COLUMN "branches";
