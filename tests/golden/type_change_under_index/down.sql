-- strata migration type_change_under_index (down)
-- hazards:
--   table-rewrite: column t.b: type bigint -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.a: type text -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE integer;

ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE integer USING "a"::integer;
