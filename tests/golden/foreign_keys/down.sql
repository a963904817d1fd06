-- strata migration foreign_keys (down)
-- hazards:
--   validation-scan: foreign key c_p_id_fkey on c validates every existing row while blocking writes; on a large table add it NOT VALID and VALIDATE CONSTRAINT in a later migration

ALTER TABLE "public"."c" DROP CONSTRAINT "c_p_id_fkey";

ALTER TABLE "public"."c" ADD CONSTRAINT "c_p_id_fkey" FOREIGN KEY ("p_id") REFERENCES "public"."p" ("id");
