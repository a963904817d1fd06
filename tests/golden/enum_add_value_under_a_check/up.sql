-- strata migration enum_add_value_under_a_check (up)
-- hazards: none

ALTER TYPE "public"."status" ADD VALUE 'BANNED' AFTER 'ACTIVE';
