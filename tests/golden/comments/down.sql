-- strata migration comments (down)
-- hazards: none

COMMENT ON TABLE "public"."t" IS NULL;

COMMENT ON COLUMN "public"."t"."a" IS 'old';
