-- strata migration drop_table (up)
-- hazards:
--   deletes-data: DROP TABLE posts deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."posts" DROP CONSTRAINT "posts_user_id_fkey";

DROP INDEX "public"."posts_user_idx";

DROP TABLE "public"."posts";
