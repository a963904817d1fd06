-- strata migration grants (up)
-- hazards: none

CREATE SCHEMA IF NOT EXISTS "shop";

CREATE SEQUENCE "shop"."order_no" AS bigint;

CREATE TABLE "shop"."orders" (
  "id" bigint NOT NULL,
  "status" text,
  CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

GRANT SELECT ON TABLE "shop"."orders" TO PUBLIC;

GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "shop"."orders" TO "pg_monitor";

GRANT INSERT, SELECT, UPDATE ON TABLE "shop"."orders" TO "pg_read_all_data";

GRANT REFERENCES ("status"), UPDATE ("status") ON TABLE "shop"."orders" TO "pg_monitor";

GRANT UPDATE ("status") ON TABLE "shop"."orders" TO "pg_read_all_data";

GRANT SELECT ("status") ON TABLE "shop"."orders" TO "pg_read_all_data" WITH GRANT OPTION;

GRANT SELECT, UPDATE, USAGE ON SEQUENCE "shop"."order_no" TO "pg_monitor";

GRANT USAGE ON SEQUENCE "shop"."order_no" TO "pg_read_all_data" WITH GRANT OPTION;

GRANT CREATE, USAGE ON SCHEMA "shop" TO PUBLIC;

GRANT USAGE ON SCHEMA "shop" TO "pg_read_all_data";
