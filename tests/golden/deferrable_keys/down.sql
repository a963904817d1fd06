-- strata migration deferrable_keys (down)
-- hazards: none

ALTER TABLE "public"."slots" DROP CONSTRAINT "slots_position_key";

ALTER TABLE "public"."slots" DROP CONSTRAINT "slots_pkey";

ALTER TABLE "public"."slots" ADD CONSTRAINT "slots_position_key" UNIQUE ("position");

ALTER TABLE "public"."slots" ADD CONSTRAINT "slots_pkey" PRIMARY KEY ("id");
