-- strata migration alter_nullability_and_default (down)
-- hazards:
--   blocking-lock: SET NOT NULL on t.b scans the table under an ACCESS EXCLUSIVE lock; on a large table add a CHECK (col IS NOT NULL) NOT VALID, validate it, then set NOT NULL

ALTER TABLE "public"."t" ALTER COLUMN "b" SET NOT NULL;

ALTER TABLE "public"."t" ALTER COLUMN "b" SET DEFAULT 'x';

ALTER TABLE "public"."t" ALTER COLUMN "a" DROP DEFAULT;

ALTER TABLE "public"."t" ALTER COLUMN "a" DROP NOT NULL;
