-- strata migration view_recreate (up)
-- hazards: none

DROP VIEW "public"."handles";

DROP VIEW "public"."users_public";

CREATE VIEW "public"."users_public" AS
SELECT handle, id::text AS id FROM platform_user;

CREATE VIEW "public"."handles" AS
SELECT handle FROM users_public;
