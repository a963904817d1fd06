-- strata migration rename_table (down)
-- hazards: none

ALTER TABLE "public"."members" RENAME CONSTRAINT "members_pkey" TO "users_pkey";

ALTER TABLE "public"."members" RENAME TO "users";
