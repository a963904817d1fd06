-- strata migration numeric_default_exact (up)
-- hazards: none

CREATE TABLE "public"."prices" (
  "id" bigint NOT NULL,
  "amount" numeric(19,9) NOT NULL DEFAULT 1234567890.123456789,
  CONSTRAINT "prices_pkey" PRIMARY KEY ("id")
);
