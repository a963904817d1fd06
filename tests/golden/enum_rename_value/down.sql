-- strata migration enum_rename_value (down)
-- hazards: none

ALTER TYPE "public"."mood" RENAME VALUE 'fine' TO 'ok';
