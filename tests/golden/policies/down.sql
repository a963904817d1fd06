-- strata migration policies (down)
-- hazards:
--   deletes-data: DROP TABLE notes deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE docs deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."notes" DISABLE ROW LEVEL SECURITY;

DROP POLICY "docs_read" ON "public"."docs";

DROP POLICY "docs_owner" ON "public"."docs";

DROP POLICY "docs_no_insert_banned" ON "public"."docs";

ALTER TABLE "public"."docs" DISABLE ROW LEVEL SECURITY;

ALTER TABLE "public"."docs" NO FORCE ROW LEVEL SECURITY;

DROP TABLE "public"."notes";

DROP TABLE "public"."docs";
