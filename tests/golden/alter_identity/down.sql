-- strata migration alter_identity (down)
-- hazards: none

ALTER TABLE "public"."t" ALTER COLUMN "b" SET GENERATED ALWAYS;

ALTER TABLE "public"."t" ALTER COLUMN "a" DROP IDENTITY;
