-- strata migration rename_referenced_table (down)
-- hazards: none

ALTER INDEX "public"."labels_name_idx" RENAME TO "tags_name_idx";

ALTER TABLE "public"."labels" RENAME CONSTRAINT "labels_name_key" TO "tags_name_key";

ALTER TABLE "public"."labels" RENAME CONSTRAINT "labels_pkey" TO "tags_pkey";

ALTER TABLE "public"."labels" RENAME TO "tags";
