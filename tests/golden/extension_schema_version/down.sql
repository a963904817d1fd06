-- strata migration extension_schema_version (down)
-- hazards: none

ALTER EXTENSION "hstore" SET SCHEMA "public";

ALTER EXTENSION "hstore" UPDATE;

ALTER EXTENSION "citext" SET SCHEMA "ext";
