-- strata migration create_table_all_features (up)
-- hazards: none

CREATE SCHEMA IF NOT EXISTS "app";

CREATE EXTENSION IF NOT EXISTS "hstore";

CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad');

CREATE TABLE "app"."people" (
  "id" uuid NOT NULL DEFAULT (gen_random_uuid()),
  "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  "name" character varying(100) NOT NULL,
  "nick" text,
  "mood" "public"."mood" NOT NULL DEFAULT 'happy',
  "tags" text[] NOT NULL DEFAULT '{"a","b"}',
  "score" numeric(10,2) DEFAULT 1.5,
  "active" boolean DEFAULT true,
  "name_len" integer GENERATED ALWAYS AS (length(name)) STORED,
  CONSTRAINT "people_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "people_nick_key" UNIQUE ("nick"),
  CONSTRAINT "people_score_check" CHECK (score >= 0)
);

COMMENT ON TABLE "app"."people" IS 'Everyone';

COMMENT ON COLUMN "app"."people"."name" IS 'display name';

CREATE TABLE "public"."pets" (
  "owner_id" uuid NOT NULL,
  "name" text NOT NULL,
  CONSTRAINT "pets_pkey" PRIMARY KEY ("owner_id", "name")
);

CREATE INDEX "people_name_idx" ON "app"."people" ((lower(name)), "seq" DESC NULLS LAST) INCLUDE ("nick") WHERE (active);

CREATE INDEX "people_tags_idx" ON "app"."people" USING gin ("tags");

ALTER TABLE "public"."pets" ADD CONSTRAINT "pets_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app"."people" ("id") ON DELETE CASCADE ON UPDATE RESTRICT;
