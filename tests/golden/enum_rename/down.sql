-- strata migration enum_rename (down)
-- hazards: none

ALTER TYPE "public"."feeling" RENAME TO "mood";
