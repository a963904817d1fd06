-- strata migration view_renames (down)
-- hazards: none

DROP VIEW "public"."post_bodies";

ALTER VIEW "public"."account_ids" RENAME TO "old_ids";

ALTER TABLE "public"."accounts" RENAME CONSTRAINT "accounts_pkey" TO "users_pkey";

ALTER TABLE "public"."posts" RENAME COLUMN "content" TO "body";

ALTER TABLE "public"."accounts" RENAME TO "users";

CREATE VIEW "public"."post_bodies" AS
SELECT id, body FROM posts;
