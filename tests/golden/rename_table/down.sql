-- strata migration rename_table (down)
-- hazards: none

ALTER TABLE "public"."members" DROP CONSTRAINT "members_pkey";

ALTER TABLE "public"."members" ADD CONSTRAINT "users_pkey" PRIMARY KEY ("id");

ALTER TABLE "public"."members" RENAME TO "users";
