-- strata migration rename_unique_column (down)
-- hazards: none

ALTER INDEX "public"."users_address_idx" RENAME TO "users_email_idx";

ALTER TABLE "public"."users" RENAME CONSTRAINT "users_address_key" TO "users_email_key";

ALTER TABLE "public"."users" RENAME COLUMN "address" TO "email";
