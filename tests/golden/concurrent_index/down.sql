-- strata migration concurrent_index (down)
-- hazards: none

DROP INDEX CONCURRENTLY "public"."events_at_idx";
