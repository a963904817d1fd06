-- strata migration drop_column (down)
-- hazards: none
-- note: column users.karma is re-created empty (NULL or its default): its data is not restored

ALTER TABLE "public"."users" ADD COLUMN "karma" integer;
