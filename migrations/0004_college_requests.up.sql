-- strata migration 0004_college_requests (up)
-- hazards: none

CREATE TYPE "public"."college_request_status" AS ENUM ('pending', 'approved', 'rejected');

CREATE TABLE "public"."college_requests" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "college_name" text NOT NULL,
  "email_domain" text NOT NULL,
  "requested_by" uuid,
  "status" "public"."college_request_status" NOT NULL DEFAULT 'pending',
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "college_requests_pkey" PRIMARY KEY ("id")
);

COMMENT ON TABLE "public"."college_requests" IS 'Students asking for their college to be added';

CREATE INDEX "college_requests_status_idx" ON "public"."college_requests" ("status", "created_at");

ALTER TABLE "public"."college_requests" ADD CONSTRAINT "college_requests_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "public"."platform_user" ("id") ON DELETE SET NULL;
