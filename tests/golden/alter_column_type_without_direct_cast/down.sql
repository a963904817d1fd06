-- strata migration alter_column_type_without_direct_cast (down)
-- hazards:
--   table-rewrite: column t.e: type uuid -> text[] rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.d: type text -> text[] rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.c: type integer -> boolean rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.b: type integer -> mood rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column t.a: type uuid -> integer rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."t" ALTER COLUMN "e" TYPE text[] USING "e"::text::text[];

ALTER TABLE "public"."t" ALTER COLUMN "d" TYPE text[] USING "d"::text[];

ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE boolean USING "c"::boolean;

ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE "public"."mood" USING "b"::text::"public"."mood";

ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE integer USING "a"::text::integer;
