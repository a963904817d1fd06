-- strata migration type_changes (down)
-- hazards:
--   deletes-data: type address loses the attributes zip: their values in every column of the type are deleted

ALTER TYPE "public"."address" RENAME TO "address__strata_old";

CREATE TYPE "public"."address" AS ("street" text, "city" text);

ALTER TABLE "public"."customers" ALTER COLUMN "home" TYPE "public"."address" USING CASE WHEN "home" IS NULL THEN NULL ELSE ROW(("home")."street"::text, NULL::text)::"public"."address" END;

DROP TYPE "public"."address__strata_old";

ALTER DOMAIN "public"."email" DROP DEFAULT;

ALTER DOMAIN "public"."email" DROP CONSTRAINT "email_has_dot";

ALTER DOMAIN "public"."email" ADD CONSTRAINT "email_has_at" CHECK (VALUE ~ '@');

COMMENT ON DOMAIN "public"."email" IS NULL;
