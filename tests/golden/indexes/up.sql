-- strata migration indexes (up)
-- hazards:
--   blocking-lock: CREATE INDEX t_a_idx blocks writes to t while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)
--   blocking-lock: CREATE INDEX t_b_lower_idx blocks writes to t while it builds; on a large table set `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a transaction, in a migration of its own)

DROP INDEX "public"."t_a_idx";

DROP INDEX "public"."t_b_idx";

CREATE UNIQUE INDEX "t_a_idx" ON "public"."t" ("a" DESC);

CREATE INDEX "t_b_lower_idx" ON "public"."t" ((lower(b))) WHERE (a > 0);
