-- strata migration 0002_branches_table (up)
-- hazards: none

CREATE TABLE "public"."branches" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "name" text NOT NULL,
  "code" character varying(16) NOT NULL,
  CONSTRAINT "branches_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "branches_code_idx" ON "public"."branches" ("code");

CREATE INDEX "branches_name_idx" ON "public"."branches" ("name");
