-- strata migration schemas_as_objects (up)
-- hazards:
--   deletes-data: DROP TABLE billing.invoices deletes all its rows; back them up first, or keep the table and stop using it

CREATE SCHEMA IF NOT EXISTS "archive";

COMMENT ON SCHEMA "billing" IS 'kept though empty';

COMMENT ON SCHEMA "reports" IS 'read-only reporting views, later';

DROP TABLE "billing"."invoices";

DROP TYPE "billing"."state";
