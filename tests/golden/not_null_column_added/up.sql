-- strata migration not_null_column_added (up)
-- hazards:
--   needs-backfill: column users.nickname is added NOT NULL without a default: the migration fails if users has any row; give it a default, or add it without not_null, fill it in a hand-written migration (`strata new`), then set not_null

ALTER TABLE "public"."users" ADD COLUMN "nickname" text NOT NULL;

ALTER TABLE "public"."users" ADD COLUMN "karma" integer NOT NULL DEFAULT 0;
