-- strata migration enum_renamed_and_extended (down)
-- hazards:
--   deletes-data: enum feeling loses the values c: rows holding them make the migration fail; update those rows first

ALTER TYPE "public"."feeling" RENAME TO "feeling__strata_old";

CREATE TYPE "public"."feeling" AS ENUM ('a', 'b');

ALTER TABLE "public"."t2" ALTER COLUMN "m" TYPE "public"."feeling"[] USING "m"::text[]::"public"."feeling"[];

DROP TYPE "public"."feeling__strata_old";

ALTER TYPE "public"."feeling" RENAME TO "mood";

ALTER TABLE "public"."t2" RENAME TO "t1";
