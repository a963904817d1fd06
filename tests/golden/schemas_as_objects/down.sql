-- strata migration schemas_as_objects (down)
-- hazards: none
-- note: table billing.invoices is re-created empty: its rows are not restored

CREATE TYPE "billing"."state" AS ENUM ('open', 'paid');

CREATE TABLE "billing"."invoices" (
  "id" bigint NOT NULL,
  CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

COMMENT ON SCHEMA "reports" IS NULL;

COMMENT ON SCHEMA "billing" IS NULL;

DROP SCHEMA "archive";
