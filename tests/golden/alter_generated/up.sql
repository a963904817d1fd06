-- strata migration alter_generated (up)
-- hazards:
--   deletes-data: column t.b gets a new generated expression: PostgreSQL cannot alter it, so the column is dropped and added again

ALTER TABLE "public"."t" DROP COLUMN "b";

ALTER TABLE "public"."t" ADD COLUMN "b" integer GENERATED ALWAYS AS (a * 3) STORED;
