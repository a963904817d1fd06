-- strata migration enum_remove_value (down)
-- hazards: none
-- note: enum mood gets back the values sad, but no row uses them again

ALTER TYPE "public"."mood" RENAME TO "mood__strata_old";

CREATE TYPE "public"."mood" AS ENUM ('sad', 'ok', 'happy');

ALTER TABLE "public"."t" ALTER COLUMN "m" DROP DEFAULT;

ALTER TABLE "public"."t" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood";

ALTER TABLE "public"."t" ALTER COLUMN "m" SET DEFAULT 'ok';

ALTER TABLE "public"."t" ALTER COLUMN "ms" TYPE "public"."mood"[] USING "ms"::text[]::"public"."mood"[];

DROP TYPE "public"."mood__strata_old";
