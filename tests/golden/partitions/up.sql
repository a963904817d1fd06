-- strata migration partitions (up)
-- hazards: none

CREATE TABLE "public"."accounts" (
  "id" bigint NOT NULL,
  "region" text NOT NULL,
  CONSTRAINT "accounts_pkey" PRIMARY KEY ("id", "region")
) PARTITION BY LIST (region);

CREATE TABLE "public"."events" (
  "id" bigint NOT NULL,
  "created_at" timestamp with time zone NOT NULL,
  "kind" text NOT NULL,
  CONSTRAINT "events_pkey" PRIMARY KEY ("id", "created_at", "kind")
) PARTITION BY RANGE (created_at);

CREATE TABLE "public"."sessions" (
  "id" bigint NOT NULL,
  "account_id" bigint NOT NULL,
  "region" text NOT NULL
) PARTITION BY HASH (id);

CREATE TABLE "public"."accounts_eu" PARTITION OF "public"."accounts" FOR VALUES IN ('eu', 'uk');

CREATE TABLE "public"."accounts_us" PARTITION OF "public"."accounts" FOR VALUES IN ('us');

CREATE TABLE "public"."events_2025" PARTITION OF "public"."events" FOR VALUES from ('2025-01-01') to ('2026-01-01');

CREATE TABLE "public"."events_2026" PARTITION OF "public"."events" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (kind);

CREATE TABLE "public"."events_default" PARTITION OF "public"."events" DEFAULT;

CREATE TABLE "public"."sessions_0" PARTITION OF "public"."sessions" FOR VALUES WITH (modulus 2, remainder 0);

CREATE TABLE "public"."sessions_1" PARTITION OF "public"."sessions" FOR VALUES WITH (modulus 2, remainder 1);

CREATE TABLE "public"."events_2026_clicks" PARTITION OF "public"."events_2026" FOR VALUES IN ('click');

CREATE TABLE "public"."events_2026_other" PARTITION OF "public"."events_2026" DEFAULT;

CREATE INDEX "events_kind_idx" ON "public"."events" ("kind");

ALTER TABLE "public"."sessions" ADD CONSTRAINT "sessions_account_fkey" FOREIGN KEY ("account_id", "region") REFERENCES "public"."accounts" ("id", "region");
