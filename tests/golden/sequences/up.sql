-- strata migration sequences (up)
-- hazards: none

CREATE SCHEMA IF NOT EXISTS "billing";

CREATE SEQUENCE "billing"."invoice_no" AS integer MINVALUE 100 MAXVALUE 999999 CYCLE;

CREATE SEQUENCE "billing"."invoices_id_seq" AS integer;

CREATE SEQUENCE "public"."refunds_id_seq" AS bigint;

CREATE SEQUENCE "public"."refunds_small_seq" AS smallint;

CREATE SEQUENCE "public"."ticket_numbers" AS bigint INCREMENT BY 10 START WITH 1000 CACHE 20;

COMMENT ON SEQUENCE "public"."ticket_numbers" IS 'shared by tickets and refunds';

CREATE SEQUENCE "public"."tickets_id_seq" AS integer;

CREATE TABLE "billing"."invoices" (
  "id" integer NOT NULL DEFAULT (nextval('billing.invoices_id_seq'::regclass)),
  "no" integer DEFAULT (nextval('billing.invoice_no'::regclass)),
  CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."refunds" (
  "id" bigint NOT NULL DEFAULT (nextval('refunds_id_seq'::regclass)),
  "number" bigint NOT NULL DEFAULT (nextval('ticket_numbers'::regclass)),
  "small" smallint NOT NULL DEFAULT (nextval('refunds_small_seq'::regclass)),
  CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."tickets" (
  "id" integer NOT NULL DEFAULT (nextval('tickets_id_seq'::regclass)),
  "number" bigint NOT NULL DEFAULT (nextval('ticket_numbers'::regclass)),
  CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

ALTER SEQUENCE "billing"."invoices_id_seq" OWNED BY "billing"."invoices"."id";

ALTER SEQUENCE "public"."refunds_id_seq" OWNED BY "public"."refunds"."id";

ALTER SEQUENCE "public"."refunds_small_seq" OWNED BY "public"."refunds"."small";

ALTER SEQUENCE "public"."tickets_id_seq" OWNED BY "public"."tickets"."id";
