-- strata migration enum_rename_value (up)
-- hazards: none

ALTER TYPE "public"."mood" RENAME VALUE 'ok' TO 'fine';
