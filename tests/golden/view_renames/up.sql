-- strata migration view_renames (up)
-- hazards: none

DROP VIEW "public"."post_bodies";

ALTER TABLE "public"."users" RENAME TO "accounts";

ALTER TABLE "public"."posts" RENAME COLUMN "body" TO "content";

ALTER TABLE "public"."accounts" RENAME CONSTRAINT "users_pkey" TO "accounts_pkey";

ALTER VIEW "public"."old_ids" RENAME TO "account_ids";

CREATE VIEW "public"."post_bodies" AS
SELECT id, content FROM posts;
