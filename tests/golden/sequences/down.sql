-- strata migration sequences (down)
-- hazards:
--   deletes-data: DROP TABLE tickets deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE refunds deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE billing.invoices deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP SEQUENCE tickets_id_seq loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it
--   deletes-data: DROP SEQUENCE ticket_numbers loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it
--   deletes-data: DROP SEQUENCE refunds_small_seq loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it
--   deletes-data: DROP SEQUENCE refunds_id_seq loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it
--   deletes-data: DROP SEQUENCE billing.invoices_id_seq loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it
--   deletes-data: DROP SEQUENCE billing.invoice_no loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it

ALTER SEQUENCE "public"."tickets_id_seq" OWNED BY NONE;

ALTER SEQUENCE "public"."refunds_small_seq" OWNED BY NONE;

ALTER SEQUENCE "public"."refunds_id_seq" OWNED BY NONE;

ALTER SEQUENCE "billing"."invoices_id_seq" OWNED BY NONE;

DROP TABLE "public"."tickets";

DROP TABLE "public"."refunds";

DROP TABLE "billing"."invoices";

DROP SEQUENCE "public"."tickets_id_seq";

DROP SEQUENCE "public"."ticket_numbers";

DROP SEQUENCE "public"."refunds_small_seq";

DROP SEQUENCE "public"."refunds_id_seq";

DROP SEQUENCE "billing"."invoices_id_seq";

DROP SEQUENCE "billing"."invoice_no";

DROP SCHEMA "billing";
