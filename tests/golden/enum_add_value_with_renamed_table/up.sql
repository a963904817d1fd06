-- strata migration enum_add_value_with_renamed_table (up)
-- hazards: none

ALTER TYPE "public"."mood" ADD VALUE 'c' AFTER 'b';

ALTER TABLE "public"."t1" RENAME TO "t2";
