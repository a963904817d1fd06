-- strata migration rename_column (up)
-- hazards: none

ALTER TABLE "public"."users" RENAME COLUMN "email" TO "address";
