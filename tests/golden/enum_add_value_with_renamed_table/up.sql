-- strata migration enum_add_value_with_renamed_table (up)
-- hazards: none

ALTER TABLE "public"."t1" RENAME TO "t2";

ALTER TYPE "public"."mood" ADD VALUE 'c' AFTER 'b';
