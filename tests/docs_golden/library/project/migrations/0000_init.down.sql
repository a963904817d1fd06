-- strata migration 0000_init (down)
-- hazards:
--   deletes-data: DROP TABLE members deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE loans deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE books deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE authors deletes all its rows; back them up first, or keep the table and stop using it
--   deletes-data: DROP TABLE audit.events deletes all its rows; back them up first, or keep the table and stop using it

ALTER TABLE "public"."loans" DROP CONSTRAINT "loans_member_id_fkey";

ALTER TABLE "public"."loans" DROP CONSTRAINT "loans_book_id_fkey";

ALTER TABLE "public"."books" DROP CONSTRAINT "books_series_of_fkey";

ALTER TABLE "public"."books" DROP CONSTRAINT "books_author_id_fkey";

ALTER TABLE "audit"."events" DROP CONSTRAINT "events_member_id_fkey";

DROP INDEX "public"."books_title_idx";

DROP TABLE "public"."members";

DROP TABLE "public"."loans";

DROP TABLE "public"."books";

DROP TABLE "public"."authors";

DROP TABLE "audit"."events";

DROP TYPE "public"."loan_status";

DROP SCHEMA "audit";

DROP EXTENSION IF EXISTS "pgcrypto";
