-- strata migration 0001_members_joined (down)
-- hazards:
--   deletes-data: DROP COLUMN members.joined deletes its data; deploy code that no longer reads it first, then drop it
--   deletes-data: DROP COLUMN authors.country deletes its data; deploy code that no longer reads it first, then drop it

DROP INDEX "public"."loans_member_idx";

ALTER TABLE "public"."members" DROP COLUMN "joined";

ALTER TABLE "public"."authors" DROP COLUMN "country";
