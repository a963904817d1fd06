-- strata migration add_column (down)
-- hazards:
--   deletes-data: DROP COLUMN users.karma deletes its data; deploy code that no longer reads it first, then drop it

ALTER TABLE "public"."users" DROP COLUMN "karma";
