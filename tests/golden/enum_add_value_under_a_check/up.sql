-- strata migration enum_add_value_under_a_check (up)
-- hazards:
--   validation-scan: check u_branch_check on u validates every existing row while blocking writes; on a large table add it NOT VALID and VALIDATE CONSTRAINT in a later migration

ALTER TABLE "public"."u" DROP CONSTRAINT "u_branch_check";

ALTER TYPE "public"."status" ADD VALUE 'BANNED' AFTER 'ACTIVE';

ALTER TABLE "public"."u" ADD CONSTRAINT "u_branch_check" CHECK ((status = 'ONBOARDING' AND branch IS NULL) OR (status <> 'ONBOARDING'));
