-- strata migration 0003_college_branches_junction (up)
-- hazards:
--   deletes-data: DROP COLUMN colleges.branches deletes its data; deploy code that no longer reads it first, then drop it
--   blocking-lock: CREATE INDEX colleges_email_domain_idx blocks writes to colleges while it builds; on a large table create it CONCURRENTLY in a hand-written migration (`strata new`) instead

CREATE TABLE "public"."college_branches" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "college_id" uuid NOT NULL,
  "branch_id" uuid NOT NULL,
  CONSTRAINT "college_branches_pkey" PRIMARY KEY ("id")
);

COMMENT ON TABLE "public"."college_branches" IS 'Which branches a college offers';

ALTER TABLE "public"."colleges" DROP COLUMN "branches";

CREATE INDEX "college_branches_branch_id_idx" ON "public"."college_branches" ("branch_id");

CREATE INDEX "college_branches_college_id_idx" ON "public"."college_branches" ("college_id");

CREATE UNIQUE INDEX "college_branches_pair_unique" ON "public"."college_branches" ("college_id", "branch_id");

CREATE INDEX "colleges_email_domain_idx" ON "public"."colleges" ("email_domain");

ALTER TABLE "public"."college_branches" ADD CONSTRAINT "college_branches_branch_id_fkey" FOREIGN KEY ("branch_id") REFERENCES "public"."branches" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."college_branches" ADD CONSTRAINT "college_branches_college_id_fkey" FOREIGN KEY ("college_id") REFERENCES "public"."colleges" ("id") ON DELETE CASCADE;
