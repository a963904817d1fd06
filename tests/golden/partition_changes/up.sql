-- strata migration partition_changes (up)
-- hazards:
--   deletes-data: DROP TABLE logs_all deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE logs deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events_old deletes all its rows; back them up first, or keep the table and stop using it
--   validation-scan: ATTACH PARTITION events_2025 reads every row of it to check the bounds while holding a lock on events; a CHECK constraint matching the bounds, added and validated first, lets PostgreSQL skip the scan

DROP TABLE "public"."logs_all";

DROP TABLE "public"."logs";

CREATE TABLE "public"."logs" (
  "at" date NOT NULL,
  "msg" text
) PARTITION BY LIST (msg);

CREATE TABLE "public"."events_2026" PARTITION OF "public"."events" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

CREATE TABLE "public"."logs_all" PARTITION OF "public"."logs" DEFAULT;

ALTER TABLE "public"."events" ADD COLUMN "source" text;

ALTER TABLE "public"."events" DETACH PARTITION "public"."events_2025";

DROP TABLE "public"."events_old";

ALTER TABLE "public"."events" ATTACH PARTITION "public"."events_2025" FOR VALUES FROM ('2024-07-01') TO ('2026-01-01');
