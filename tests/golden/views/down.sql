-- strata migration views (down)
-- hazards:
--   deletes-data: DROP TABLE posts deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE platform_user deletes all its rows; back them up first, or keep the table and stop using it

DROP VIEW "public"."user_post_counts";

DROP MATERIALIZED VIEW "public"."post_stats";

DROP VIEW "public"."active_users";

DROP VIEW "audit"."recent posts";

ALTER TABLE "public"."posts" DROP CONSTRAINT "posts_author_id_fkey";

DROP TABLE "public"."posts";

DROP TABLE "public"."platform_user";

DROP SCHEMA "audit";
