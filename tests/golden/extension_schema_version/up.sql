-- strata migration extension_schema_version (up)
-- hazards: none

ALTER EXTENSION "citext" SET SCHEMA "public";

ALTER EXTENSION "hstore" SET SCHEMA "ext";

ALTER EXTENSION "hstore" UPDATE TO '1.8';
