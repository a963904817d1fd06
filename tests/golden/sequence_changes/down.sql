-- strata migration sequence_changes (down)
-- hazards: none
-- note: column tickets.legacy is re-created empty (NULL or its default): its data is not restored

CREATE SEQUENCE "public"."tickets_legacy_seq" AS integer;

ALTER TABLE "public"."tickets" ADD COLUMN "legacy" integer NOT NULL DEFAULT (nextval('tickets_legacy_seq'::regclass));

ALTER SEQUENCE "public"."ticket_numbers" INCREMENT BY 1;

COMMENT ON SEQUENCE "public"."ticket_numbers" IS NULL;

ALTER SEQUENCE "public"."tickets_legacy_seq" OWNED BY "public"."tickets"."legacy";

ALTER TABLE "public"."purchases" RENAME CONSTRAINT "purchases_pkey" TO "orders_pkey";

ALTER SEQUENCE "public"."purchases_id_seq" RENAME TO "orders_id_seq";

ALTER TABLE "public"."purchases" RENAME TO "orders";
