-- strata migration materialized_view_changes (down)
-- hazards:
--   blocking-lock: CREATE INDEX vote_counts_post_idx blocks writes to vote_counts while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)
--   rebuilds-materialized-view: materialized view vote_totals is dropped and created again: its rows are recomputed inside the migration, which holds its locks meanwhile; on a large view, schedule the migration off-peak

DROP MATERIALIZED VIEW "public"."vote_totals";

DROP INDEX CONCURRENTLY "public"."vote_counts_n_idx";

COMMENT ON MATERIALIZED VIEW "public"."vote_counts" IS 'old';

CREATE INDEX "vote_counts_post_idx" ON "public"."vote_counts" ("post_id");

CREATE MATERIALIZED VIEW "public"."vote_totals" AS
SELECT post_id, sum(value) AS total FROM votes GROUP BY post_id;

CREATE UNIQUE INDEX "vote_totals_post_idx" ON "public"."vote_totals" ("post_id");
