-- strata migration primary_key_change (down)
-- hazards: none

ALTER TABLE "public"."t" DROP CONSTRAINT "t_pkey";

ALTER TABLE "public"."t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("a");
