-- strata migration alter_column_type (up)
-- hazards:
--   table-rewrite: column t.a: type integer -> bigint rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.b: type text -> uuid rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE bigint;

ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE uuid USING "b"::uuid;

ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE character varying(20);
