-- strata migration domains_and_composites (down)
-- hazards:
--   deletes-data: DROP TABLE customers deletes all its rows; back them up first, or keep the table and stop using it

DROP TABLE "public"."customers";

DROP TYPE "public"."money";

DROP TYPE "public"."address";

DROP DOMAIN "public"."email";

DROP DOMAIN "billing"."cents";

DROP TYPE "public"."currency";

DROP EXTENSION IF EXISTS "citext";

DROP SCHEMA "billing";
