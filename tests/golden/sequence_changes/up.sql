-- strata migration sequence_changes (up)
-- hazards:
--   deletes-data: DROP COLUMN tickets.legacy deletes its data; deploy code that no longer reads it first, then drop it
--   deletes-data: DROP SEQUENCE tickets_legacy_seq loses its current value (the down migration creates it again at its start); keep it if anything still takes numbers from it

ALTER TABLE "public"."orders" RENAME TO "purchases";

ALTER SEQUENCE "public"."orders_id_seq" RENAME TO "purchases_id_seq";

ALTER TABLE "public"."purchases" RENAME CONSTRAINT "orders_pkey" TO "purchases_pkey";

ALTER SEQUENCE "public"."tickets_legacy_seq" OWNED BY NONE;

ALTER SEQUENCE "public"."ticket_numbers" INCREMENT BY 5;

COMMENT ON SEQUENCE "public"."ticket_numbers" IS 'now commented';

ALTER TABLE "public"."tickets" DROP COLUMN "legacy";

DROP SEQUENCE "public"."tickets_legacy_seq";
