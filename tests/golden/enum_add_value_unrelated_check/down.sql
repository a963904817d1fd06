-- strata migration enum_add_value_unrelated_check (down)
-- hazards:
--   deletes-data: enum post_state loses the values archived: rows holding them make the migration fail; update those rows first

ALTER TABLE "public"."posts" DROP CONSTRAINT "posts_state_check";

DROP INDEX "public"."posts_live_idx";

ALTER TYPE "public"."post_state" RENAME TO "post_state__strata_old";

CREATE TYPE "public"."post_state" AS ENUM ('draft', 'published');

ALTER TABLE "public"."posts" ALTER COLUMN "state" DROP DEFAULT;

ALTER TABLE "public"."posts" ALTER COLUMN "state" TYPE "public"."post_state" USING "state"::text::"public"."post_state";

ALTER TABLE "public"."posts" ALTER COLUMN "state" SET DEFAULT 'draft';

DROP TYPE "public"."post_state__strata_old";

ALTER TABLE "public"."posts" ADD CONSTRAINT "posts_state_check" CHECK (state <> 'published' or length(title) > 5);

CREATE INDEX "posts_live_idx" ON "public"."posts" ("id") WHERE (state = 'published');
