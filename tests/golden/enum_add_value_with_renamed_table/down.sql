-- strata migration enum_add_value_with_renamed_table (down)
-- hazards:
--   deletes-data: enum mood loses the values c: rows holding them make the migration fail; update those rows first

ALTER TYPE "public"."mood" RENAME TO "mood__strata_old";

CREATE TYPE "public"."mood" AS ENUM ('a', 'b');

ALTER TABLE "public"."t2" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood";

DROP TYPE "public"."mood__strata_old";

ALTER TABLE "public"."t2" RENAME TO "t1";
