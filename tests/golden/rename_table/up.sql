-- strata migration rename_table (up)
-- hazards: none

ALTER TABLE "public"."users" RENAME TO "members";

ALTER TABLE "public"."members" RENAME CONSTRAINT "users_pkey" TO "members_pkey";
