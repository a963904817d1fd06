-- strata migration table_details (down)
-- hazards:
--   deletes-data: DROP TABLE accounts deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."accounts" DROP CONSTRAINT "accounts_parent_fkey";

DROP INDEX "public"."accounts_tags_idx";

DROP INDEX "public"."accounts_handle_pattern_idx";

DROP INDEX "public"."accounts_handle_c_idx";

DROP INDEX "public"."accounts_email_lower_idx";

ALTER TABLE "public"."accounts" DROP CONSTRAINT "accounts_handle_check";

DROP TABLE "public"."accounts";
