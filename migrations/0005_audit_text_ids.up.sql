-- strata migration 0005_audit_text_ids (up)
-- hazards:
--   table-rewrite: column audit_logs.actor_id: type uuid -> text rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead
--   table-rewrite: column audit_logs.entity_id: type uuid -> text rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add a new column, backfill it in batches and switch over instead

ALTER TABLE "public"."audit_logs" ALTER COLUMN "actor_id" TYPE text;

COMMENT ON COLUMN "public"."audit_logs"."actor_id" IS 'auth id, or a service name for system actors';

ALTER TABLE "public"."audit_logs" ALTER COLUMN "entity_id" TYPE text;
