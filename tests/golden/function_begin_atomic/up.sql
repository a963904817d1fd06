-- strata migration function_begin_atomic (up)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."double_it"(x integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
RETURN x * 2;

RESET check_function_bodies;

CREATE TABLE "public"."products" (
  "id" integer NOT NULL,
  "price" numeric NOT NULL,
  CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

SET check_function_bodies = off;

CREATE FUNCTION "public"."max_price"()
 RETURNS numeric
 LANGUAGE sql
 STABLE
BEGIN ATOMIC
  SELECT max(price) FROM products;
END;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."product_label"(p products)
 RETURNS text
 LANGUAGE sql
AS $$SELECT p.id::text || ': ' || p.price::text$$;

RESET check_function_bodies;
