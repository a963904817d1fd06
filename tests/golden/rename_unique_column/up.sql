-- strata migration rename_unique_column (up)
-- hazards: none

ALTER TABLE "public"."users" RENAME COLUMN "email" TO "address";

ALTER TABLE "public"."users" RENAME CONSTRAINT "users_email_key" TO "users_address_key";

ALTER INDEX "public"."users_email_idx" RENAME TO "users_address_idx";
