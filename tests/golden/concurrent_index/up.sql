-- strata migration concurrent_index (up)
-- hazards: none

CREATE INDEX CONCURRENTLY "events_at_idx" ON "public"."events" ("at");
