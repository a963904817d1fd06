-- strata migration enum_rename (up)
-- hazards: none

ALTER TYPE "public"."mood" RENAME TO "feeling";
