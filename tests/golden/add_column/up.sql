-- strata migration add_column (up)
-- hazards: none

ALTER TABLE "public"."users" ADD COLUMN "karma" integer NOT NULL DEFAULT 0;
