-- strata migration unique_constraints (up)
-- hazards: none

ALTER TABLE "public"."t" DROP CONSTRAINT "t_a_key";

ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_b_key" UNIQUE ("a", "b");
