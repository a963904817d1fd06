-- strata migration partitions (down)
-- hazards:
--   deletes-data: DROP TABLE events_2026_other deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events_2026_clicks deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE sessions_1 deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE sessions_0 deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events_default deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events_2026 deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events_2025 deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE accounts_us deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE accounts_eu deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE sessions deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE events deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE accounts deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."sessions" DROP CONSTRAINT "sessions_account_fkey";

DROP INDEX "public"."events_kind_idx";

DROP TABLE "public"."events_2026_other";

DROP TABLE "public"."events_2026_clicks";

DROP TABLE "public"."sessions_1";

DROP TABLE "public"."sessions_0";

DROP TABLE "public"."events_default";

DROP TABLE "public"."events_2026";

DROP TABLE "public"."events_2025";

DROP TABLE "public"."accounts_us";

DROP TABLE "public"."accounts_eu";

DROP TABLE "public"."sessions";

DROP TABLE "public"."events";

DROP TABLE "public"."accounts";
