-- strata migration view_recreate (down)
-- hazards: none

DROP VIEW "public"."handles";

DROP VIEW "public"."users_public";

CREATE VIEW "public"."users_public" AS
SELECT id, handle FROM platform_user;

CREATE VIEW "public"."handles" AS
SELECT handle FROM users_public;
