-- strata migration rename_column (down)
-- hazards: none

ALTER TABLE "public"."users" RENAME COLUMN "address" TO "email";
