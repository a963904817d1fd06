-- strata migration comments (up)
-- hazards: none

COMMENT ON COLUMN "public"."t"."a" IS 'new';

COMMENT ON TABLE "public"."t" IS 'a table';
