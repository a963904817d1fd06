-- strata migration enum_add_value (up)
-- hazards: none

ALTER TYPE "public"."mood" ADD VALUE 'ok' BEFORE 'happy';

ALTER TYPE "public"."mood" ADD VALUE 'ecstatic' AFTER 'happy';
