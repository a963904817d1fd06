-- strata migration type_change_under_index (up)
-- hazards:
--   table-rewrite: column t.a: type integer -> text rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.b: type integer -> bigint rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE text;

ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE bigint;
