-- strata migration 0005_audit_text_ids (down)
-- hazards:
--   table-rewrite: column audit_logs.entity_id: type text -> uuid rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column audit_logs.actor_id: type text -> uuid rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."audit_logs" ALTER COLUMN "entity_id" TYPE uuid USING "entity_id"::uuid;

ALTER TABLE "public"."audit_logs" ALTER COLUMN "actor_id" TYPE uuid USING "actor_id"::uuid;

COMMENT ON COLUMN "public"."audit_logs"."actor_id" IS NULL;
