-- strata migration 0003_drop_born (down)
-- hazards: none
-- note: column authors.born is re-created empty (NULL or its default): its data is not restored

ALTER TABLE "public"."authors" ADD COLUMN "born" date;
