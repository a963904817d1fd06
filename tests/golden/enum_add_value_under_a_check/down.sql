-- strata migration enum_add_value_under_a_check (down)
-- hazards:
--   deletes-data: enum status loses the values BANNED: rows holding them make the migration fail; update those rows first

ALTER TABLE "public"."u" DROP CONSTRAINT "u_branch_check";

ALTER TYPE "public"."status" RENAME TO "status__strata_old";

CREATE TYPE "public"."status" AS ENUM ('ONBOARDING', 'ACTIVE');

ALTER TABLE "public"."u" ALTER COLUMN "status" TYPE "public"."status" USING "status"::text::"public"."status";

DROP TYPE "public"."status__strata_old";

ALTER TABLE "public"."u" ADD CONSTRAINT "u_branch_check" CHECK ((status = 'ONBOARDING' AND branch IS NULL) OR (status <> 'ONBOARDING'));
