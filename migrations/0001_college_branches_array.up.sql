-- strata migration 0001_college_branches_array (up)
-- hazards: none

ALTER TABLE "public"."colleges" ADD COLUMN "branches" text[] NOT NULL DEFAULT '{}';
