-- strata migration alter_nullability_and_default (up)
-- hazards:
--   blocking-lock: SET NOT NULL on t.a scans the table under an ACCESS EXCLUSIVE lock; on a large table add a CHECK (col IS NOT NULL) NOT VALID, validate it, then set NOT NULL

ALTER TABLE "public"."t" ALTER COLUMN "a" SET NOT NULL;

ALTER TABLE "public"."t" ALTER COLUMN "a" SET DEFAULT 7;

ALTER TABLE "public"."t" ALTER COLUMN "b" DROP DEFAULT;

ALTER TABLE "public"."t" ALTER COLUMN "b" DROP NOT NULL;
