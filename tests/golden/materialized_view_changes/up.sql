-- strata migration materialized_view_changes (up)
-- hazards:
--   rebuilds-materialized-view: materialized view vote_totals is dropped and created again: its rows are recomputed only at the next REFRESH (it is created WITH NO DATA); on a large view, schedule the migration off-peak

DROP MATERIALIZED VIEW "public"."vote_totals";

DROP INDEX "public"."vote_counts_post_idx";

COMMENT ON MATERIALIZED VIEW "public"."vote_counts" IS 'new';

CREATE INDEX CONCURRENTLY "vote_counts_n_idx" ON "public"."vote_counts" ("n" DESC);

COMMENT ON INDEX "public"."vote_counts_n_idx" IS 'by count';

CREATE MATERIALIZED VIEW "public"."vote_totals" AS
SELECT post_id, sum(value) AS total, count(*) AS n FROM votes GROUP BY post_id WITH NO DATA;

CREATE UNIQUE INDEX "vote_totals_post_idx" ON "public"."vote_totals" ("post_id");
