-- strata migration rename_table (up)
-- hazards: none

ALTER TABLE "public"."users" RENAME TO "members";

ALTER TABLE "public"."members" DROP CONSTRAINT "users_pkey";

ALTER TABLE "public"."members" ADD CONSTRAINT "members_pkey" PRIMARY KEY ("id");
