-- strata migration enum_recreate_with_dropped_table (up)
-- hazards:
--   deletes-data: DROP TABLE t1 deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: enum mood loses the values b: rows holding them make the migration fail; update those rows first

DROP TABLE "public"."t1";

ALTER TYPE "public"."mood" RENAME TO "mood__strata_old";

CREATE TYPE "public"."mood" AS ENUM ('a', 'c');

ALTER TABLE "public"."t2" ALTER COLUMN "m" DROP DEFAULT;

ALTER TABLE "public"."t2" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood";

ALTER TABLE "public"."t2" ALTER COLUMN "m" SET DEFAULT 'a';

DROP TYPE "public"."mood__strata_old";
