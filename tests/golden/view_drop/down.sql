-- strata migration view_drop (down)
-- hazards: none

COMMENT ON VIEW "public"."a" IS 'first';

COMMENT ON COLUMN "public"."a"."id" IS 'old';

CREATE VIEW "public"."b" AS
SELECT id FROM a;

CREATE MATERIALIZED VIEW "public"."m" AS
SELECT id FROM b;

CREATE INDEX "m_id_idx" ON "public"."m" ("id");
