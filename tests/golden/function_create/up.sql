-- strata migration function_create (up)
-- hazards: none

CREATE SCHEMA IF NOT EXISTS "billing";

COMMENT ON SCHEMA "billing" IS 'money';

CREATE DOMAIN "public"."country_code" AS text;

SET check_function_bodies = off;

CREATE FUNCTION "billing"."price_with_tax"(amount numeric, country country_code DEFAULT 'FR')
 RETURNS numeric
 LANGUAGE sql
 STABLE STRICT PARALLEL SAFE COST 10
 SET "search_path" TO 'billing', 'public'
AS $$SELECT amount * 1.2
$$;

RESET check_function_bodies;

COMMENT ON FUNCTION "billing"."price_with_tax"(amount numeric, country country_code) IS 'VAT included';

SET check_function_bodies = off;

CREATE FUNCTION "public"."pairs"(n integer, OUT a integer, OUT b text)
 RETURNS SETOF record
 LANGUAGE sql
 ROWS 10
AS $$SELECT i, i::text FROM generate_series(1, n) AS i$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."touch_updated_at"()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
AS $$BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."tricky_quotes"()
 RETURNS text
 LANGUAGE sql
 IMMUTABLE LEAKPROOF
AS $function1$SELECT '$$ and $function$ inside'::text$function1$;

RESET check_function_bodies;
