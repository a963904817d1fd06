-- strata migration 0004_college_requests (down)
-- hazards:
--   deletes-data: DROP TABLE college_requests deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."college_requests" DROP CONSTRAINT "college_requests_requested_by_fkey";

DROP INDEX "public"."college_requests_status_idx";

DROP TABLE "public"."college_requests";

DROP TYPE "public"."college_request_status";
