-- strata migration type_changes (up)
-- hazards:
--   deletes-data: type address loses the attributes city: their values in every column of the type are deleted

ALTER DOMAIN "public"."email" SET DEFAULT 'nobody@example.com';

ALTER DOMAIN "public"."email" DROP CONSTRAINT "email_has_at";

ALTER DOMAIN "public"."email" ADD CONSTRAINT "email_has_dot" CHECK (VALUE ~ '[.]');

COMMENT ON DOMAIN "public"."email" IS 'an address';

ALTER TYPE "public"."address" RENAME TO "address__strata_old";

CREATE TYPE "public"."address" AS ("street" character varying(200), "zip" text);

ALTER TABLE "public"."customers" ALTER COLUMN "home" TYPE "public"."address" USING CASE WHEN "home" IS NULL THEN NULL ELSE ROW(("home")."street"::character varying(200), NULL::text)::"public"."address" END;

DROP TYPE "public"."address__strata_old";
