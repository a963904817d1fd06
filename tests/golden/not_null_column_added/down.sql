-- strata migration not_null_column_added (down)
-- hazards:
--   deletes-data: DROP COLUMN users.karma deletes its data; deploy code that no longer reads it first, then drop it
--   deletes-data: DROP COLUMN users.nickname deletes its data; deploy code that no longer reads it first, then drop it

ALTER TABLE "public"."users" DROP COLUMN "karma";

ALTER TABLE "public"."users" DROP COLUMN "nickname";
