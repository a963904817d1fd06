-- strata migration alter_column_type_without_direct_cast (up)
-- hazards:
--   table-rewrite: column t.a: type integer -> uuid rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.b: type mood -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.c: type boolean -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.d: type text[] -> text rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.e: type text[] -> uuid rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE uuid USING "a"::text::uuid;

ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE integer USING "b"::text::integer;

ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE integer USING "c"::integer;

ALTER TABLE "public"."t" ALTER COLUMN "d" TYPE text USING "d"::text::text;

ALTER TABLE "public"."t" ALTER COLUMN "e" TYPE uuid USING "e"::text::uuid;
