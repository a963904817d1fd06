-- strata migration 0003_college_branches_junction (down)
-- hazards:
--   deletes-data: DROP TABLE college_branches deletes all its rows; back them up first, or keep the table and stop using it
-- note: column colleges.branches is re-created empty (NULL or its default): its data is not restored

ALTER TABLE "public"."college_branches" DROP CONSTRAINT "college_branches_college_id_fkey";

ALTER TABLE "public"."college_branches" DROP CONSTRAINT "college_branches_branch_id_fkey";

DROP INDEX "public"."colleges_email_domain_idx";

DROP INDEX "public"."college_branches_pair_unique";

DROP INDEX "public"."college_branches_college_id_idx";

DROP INDEX "public"."college_branches_branch_id_idx";

ALTER TABLE "public"."colleges" ADD COLUMN "branches" text[] NOT NULL DEFAULT '{}';

DROP TABLE "public"."college_branches";
