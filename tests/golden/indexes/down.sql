-- strata migration indexes (down)
-- hazards:
--   blocking-lock: CREATE INDEX t_b_idx blocks writes to t while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)
--   blocking-lock: CREATE INDEX t_a_idx blocks writes to t while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)

DROP INDEX "public"."t_b_lower_idx";

DROP INDEX "public"."t_a_idx";

CREATE INDEX "t_b_idx" ON "public"."t" ("b");

CREATE INDEX "t_a_idx" ON "public"."t" ("a");
