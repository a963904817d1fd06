-- strata migration enum_add_value_unrelated_check (up)
-- hazards: none

ALTER TYPE "public"."post_state" ADD VALUE 'archived' AFTER 'published';
