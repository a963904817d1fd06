-- strata migration enum_renamed_and_extended (up)
-- hazards: none

ALTER TABLE "public"."t1" RENAME TO "t2";

ALTER TYPE "public"."mood" RENAME TO "feeling";

ALTER TYPE "public"."feeling" ADD VALUE 'c' AFTER 'b';
