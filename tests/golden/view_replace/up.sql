-- strata migration view_replace (up)
-- hazards: none

DROP VIEW "public"."top_users";

CREATE OR REPLACE VIEW "public"."users_public" AS
SELECT id, handle, karma FROM platform_user WHERE karma >= 0;

COMMENT ON VIEW "public"."users_public" IS 'Public profile fields';

COMMENT ON COLUMN "public"."users_public"."karma" IS 'new';

COMMENT ON COLUMN "public"."users_public"."handle" IS NULL;

CREATE VIEW "public"."top_users" AS
SELECT id FROM users_public;
