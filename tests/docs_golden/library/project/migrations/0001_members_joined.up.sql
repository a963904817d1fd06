-- strata migration 0001_members_joined (up)
-- hazards:
--   blocking-lock: CREATE INDEX loans_member_idx blocks writes to loans while it builds; on a large table create it CONCURRENTLY in a hand-written migration (`strata new`) instead

ALTER TABLE "public"."authors" ADD COLUMN "country" character(2);

ALTER TABLE "public"."members" ADD COLUMN "joined" date NOT NULL DEFAULT CURRENT_DATE;

CREATE INDEX "loans_member_idx" ON "public"."loans" ("member_id", "since" DESC);
