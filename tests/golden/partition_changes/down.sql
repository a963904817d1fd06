-- strata migration partition_changes (down)
-- hazards:
--   validation-scan: ATTACH PARTITION events_2025 reads every row of it to check the bounds while holding a lock on events; a CHECK constraint matching the bounds, added and validated first, lets PostgreSQL skip the scan
--   deletes-data: DROP COLUMN events.source deletes its data; deploy code that no longer reads it first, then drop it
--   deletes-data: DROP TABLE logs_all deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events_2026 deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE logs deletes all its rows; back them up first, or keep the table and stop using it
-- note: table logs_all is re-created empty: its rows are not restored
-- note: table logs is re-created empty: its rows are not restored
-- note: table events_old is re-created empty: its rows are not restored

ALTER TABLE "public"."events" DETACH PARTITION "public"."events_2025";

CREATE TABLE "public"."events_old" PARTITION OF "public"."events" FOR VALUES FROM ('2020-01-01') TO ('2025-01-01');

ALTER TABLE "public"."events" ATTACH PARTITION "public"."events_2025" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

ALTER TABLE "public"."events" DROP COLUMN "source";

DROP TABLE "public"."logs_all";

DROP TABLE "public"."events_2026";

DROP TABLE "public"."logs";

CREATE TABLE "public"."logs" (
  "at" date NOT NULL,
  "msg" text
) PARTITION BY RANGE (at);

CREATE TABLE "public"."logs_all" PARTITION OF "public"."logs" DEFAULT;
