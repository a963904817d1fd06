-- strata migration domain_retype (down)
-- hazards:
--   table-rewrite: domain score: type numeric(5,2) -> integer recreates the domain and rewrites every table with a column of it (results.score) under an ACCESS EXCLUSIVE lock

ALTER DOMAIN "public"."score" RENAME TO "score__strata_old";

CREATE DOMAIN "public"."score" AS integer CONSTRAINT "score_range" CHECK (VALUE BETWEEN 0 AND 100);

ALTER TABLE "public"."results" ALTER COLUMN "score" TYPE "public"."score" USING "score"::text::"public"."score";

DROP DOMAIN "public"."score__strata_old";
