-- strata migration enum_add_value (down)
-- hazards:
--   deletes-data: enum mood loses the values ecstatic: rows holding them make the migration fail; update those rows first
--   deletes-data: enum mood loses the values ok: rows holding them make the migration fail; update those rows first

ALTER TYPE "public"."mood" RENAME TO "mood__strata_old";

CREATE TYPE "public"."mood" AS ENUM ('sad', 'ok', 'happy');

DROP TYPE "public"."mood__strata_old";

ALTER TYPE "public"."mood" RENAME TO "mood__strata_old";

CREATE TYPE "public"."mood" AS ENUM ('sad', 'happy');

DROP TYPE "public"."mood__strata_old";
