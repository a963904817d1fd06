-- strata migration rename_referenced_table (up)
-- hazards: none

ALTER TABLE "public"."tags" RENAME TO "labels";

ALTER TABLE "public"."labels" RENAME CONSTRAINT "tags_pkey" TO "labels_pkey";

ALTER TABLE "public"."labels" RENAME CONSTRAINT "tags_name_key" TO "labels_name_key";

ALTER INDEX "public"."tags_name_idx" RENAME TO "labels_name_idx";
