-- strata migration view_replace (down)
-- hazards: none

DROP VIEW "public"."top_users";

DROP VIEW "public"."users_public";

CREATE VIEW "public"."users_public" AS
SELECT id, handle FROM platform_user;

CREATE VIEW "public"."top_users" AS
SELECT id FROM users_public;
