-- strata migration view_column_retype (up)
-- hazards:
--   table-rewrite: column posts.score: type integer -> numeric(10,2) rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   rebuilds-materialized-view: materialized view top_post_ids is dropped and created again: its rows are recomputed inside the migration, which holds its locks meanwhile; on a large view, schedule the migration off-peak

DROP MATERIALIZED VIEW "public"."top_post_ids";

DROP VIEW "public"."top_posts";

DROP VIEW "public"."scored_posts";

ALTER TABLE "public"."posts" ALTER COLUMN "score" DROP DEFAULT;

ALTER TABLE "public"."posts" ALTER COLUMN "score" TYPE numeric(10,2);

ALTER TABLE "public"."posts" ALTER COLUMN "score" SET DEFAULT 0;

CREATE VIEW "public"."scored_posts" AS
SELECT id, score FROM posts WHERE score > 0;

CREATE VIEW "public"."top_posts" AS
SELECT id, score FROM scored_posts ORDER BY score DESC LIMIT 100;

CREATE MATERIALIZED VIEW "public"."top_post_ids" AS
SELECT id FROM top_posts;
