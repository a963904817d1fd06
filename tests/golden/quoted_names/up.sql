-- strata migration quoted_names (up)
-- hazards: none

CREATE TYPE "public"."Weird ""Enum""" AS ENUM ('it''s', 'Ünïcode');

CREATE TABLE "public"."O'Brien" (
  "a""b" integer NOT NULL,
  "Select" text DEFAULT 'it''s',
  "ü" "public"."Weird ""Enum""",
  CONSTRAINT "O'Brien_pkey" PRIMARY KEY ("a""b")
);

COMMENT ON TABLE "public"."O'Brien" IS 'it''s quoted';

CREATE INDEX "Idx ""x""" ON "public"."O'Brien" ("Select");
