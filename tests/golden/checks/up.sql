-- strata migration checks (up)
-- hazards:
--   validation-scan: check t_a_check on t validates every existing row while blocking writes; on a large table add it NOT VALID and VALIDATE CONSTRAINT in a later migration

ALTER TABLE "public"."t" DROP CONSTRAINT "old_check";

ALTER TABLE "public"."t" DROP CONSTRAINT "t_a_check";

ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_check" CHECK (a >= 0);
