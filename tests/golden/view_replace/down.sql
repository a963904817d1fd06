-- strata migration view_replace (down)
-- hazards: none

DROP VIEW "public"."top_users";

DROP VIEW "public"."users_public";

CREATE VIEW "public"."users_public" AS
SELECT id, handle FROM platform_user;

COMMENT ON COLUMN "public"."users_public"."handle" IS 'removed';

COMMENT ON COLUMN "public"."users_public"."id" IS 'kept';

CREATE VIEW "public"."top_users" AS
SELECT id FROM users_public;
