-- strata migration procedure (up)
-- hazards: none

SET check_function_bodies = off;

CREATE PROCEDURE "public"."archive_orders"(older_than interval DEFAULT '1 year')
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET "search_path" TO 'public'
AS $$BEGIN
  UPDATE orders SET archived = true WHERE created_at < now() - older_than;
END
$$;

RESET check_function_bodies;

COMMENT ON PROCEDURE "public"."archive_orders"(older_than interval) IS 'nightly';

CREATE TABLE "public"."orders" (
  "id" bigint NOT NULL,
  "archived" boolean NOT NULL DEFAULT false,
  "created_at" timestamp with time zone NOT NULL DEFAULT (now()),
  CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);
