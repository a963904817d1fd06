-- strata migration 0000_init (down)
-- hazards:
--   deletes-data: DROP TABLE votes deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE verification deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE two_factor deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE session deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE posts deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE platform_user deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE comments deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE colleges deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE bookmarks deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE auth deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE audit_logs deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE account deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."votes" DROP CONSTRAINT "votes_userId_fkey";

ALTER TABLE "public"."two_factor" DROP CONSTRAINT "two_factor_user_id_fkey";

ALTER TABLE "public"."session" DROP CONSTRAINT "session_user_id_fkey";

ALTER TABLE "public"."posts" DROP CONSTRAINT "posts_postedBy_fkey";

ALTER TABLE "public"."platform_user" DROP CONSTRAINT "platform_user_college_id_fkey";

ALTER TABLE "public"."platform_user" DROP CONSTRAINT "platform_user_auth_id_fkey";

ALTER TABLE "public"."comments" DROP CONSTRAINT "comments_postId_fkey";

ALTER TABLE "public"."comments" DROP CONSTRAINT "comments_parentCommentId_fkey";

ALTER TABLE "public"."comments" DROP CONSTRAINT "comments_commentedBy_fkey";

ALTER TABLE "public"."bookmarks" DROP CONSTRAINT "bookmarks_userId_fkey";

ALTER TABLE "public"."bookmarks" DROP CONSTRAINT "bookmarks_postId_fkey";

ALTER TABLE "public"."account" DROP CONSTRAINT "account_user_id_fkey";

DROP INDEX "public"."votes_user_target_unique";

DROP INDEX "public"."votes_target_idx";

DROP INDEX "public"."verification_identifier_idx";

DROP INDEX "public"."two_factor_user_id_idx";

DROP INDEX "public"."two_factor_secret_idx";

DROP INDEX "public"."session_user_id_idx";

DROP INDEX "public"."posts_visibility_idx";

DROP INDEX "public"."posts_topic_idx";

DROP INDEX "public"."posts_posted_by_idx";

DROP INDEX "public"."platform_user_college_id_idx";

DROP INDEX "public"."comments_post_id_idx";

DROP INDEX "public"."colleges_name_idx";

DROP INDEX "public"."colleges_city_state_idx";

DROP INDEX "public"."bookmarks_user_post_idx";

DROP INDEX "public"."audit_logs_occured_at_idx";

DROP INDEX "public"."audit_logs_entity_idx";

DROP INDEX "public"."audit_logs_actor_idx";

DROP INDEX "public"."account_user_id_idx";

DROP TABLE "public"."votes";

DROP TABLE "public"."verification";

DROP TABLE "public"."two_factor";

DROP TABLE "public"."session";

DROP TABLE "public"."posts";

DROP TABLE "public"."platform_user";

DROP TABLE "public"."comments";

DROP TABLE "public"."colleges";

DROP TABLE "public"."bookmarks";

DROP TABLE "public"."auth";

DROP TABLE "public"."audit_logs";

DROP TABLE "public"."account";

DROP TYPE "public"."vote_type";

DROP TYPE "public"."vote_target";

DROP TYPE "public"."user_status";

DROP TYPE "public"."topic";

DROP TYPE "public"."platform";

DROP TYPE "public"."notification_type";

DROP TYPE "public"."moderation_severity";

DROP TYPE "public"."auth_role";

DROP TYPE "public"."audit_role";

DROP TYPE "public"."audit_action";
