-- strata migration alter_column_type (down)
-- hazards:
--   table-rewrite: column t.c: type character varying(20) -> character varying(10) rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.b: type uuid -> text rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.a: type bigint -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE character varying(10);

ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE text;

ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE integer;
