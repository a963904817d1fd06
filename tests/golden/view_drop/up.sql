-- strata migration view_drop (up)
-- hazards: none

DROP MATERIALIZED VIEW "public"."m";

DROP VIEW "public"."b";

COMMENT ON COLUMN "public"."a"."id" IS 'new';

COMMENT ON VIEW "public"."a" IS 'first view';
