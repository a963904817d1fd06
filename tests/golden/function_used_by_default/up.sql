-- strata migration function_used_by_default (up)
-- hazards: none

SET check_function_bodies = off;

CREATE FUNCTION "public"."is_positive"(n numeric)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $$SELECT n > 0$$;

RESET check_function_bodies;

SET check_function_bodies = off;

CREATE FUNCTION "public"."new_code"()
 RETURNS text
 LANGUAGE sql
AS $$SELECT md5(random()::text)$$;

RESET check_function_bodies;

CREATE TABLE "public"."coupons" (
  "code" text NOT NULL DEFAULT (new_code()),
  "amount" numeric NOT NULL,
  CONSTRAINT "coupons_pkey" PRIMARY KEY ("code"),
  CONSTRAINT "coupons_amount_check" CHECK (is_positive(amount))
);
