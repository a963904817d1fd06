-- strata migration enum_recreate_with_dropped_table (down)
-- hazards: none
-- note: table t1 is re-created empty: its rows are not restored
-- note: enum mood gets back the values b, but no row uses them again

ALTER TYPE "public"."mood" RENAME TO "mood__strata_old";

CREATE TYPE "public"."mood" AS ENUM ('a', 'b', 'c');

ALTER TABLE "public"."t2" ALTER COLUMN "m" DROP DEFAULT;

ALTER TABLE "public"."t2" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood";

ALTER TABLE "public"."t2" ALTER COLUMN "m" SET DEFAULT 'a';

DROP TYPE "public"."mood__strata_old";

CREATE TABLE "public"."t1" (
  "ms" "public"."mood"[]
);
