//! The catalog queries: a fixed handful, each covering every user table at once (never one
//! query per table). `$1` is the list of schemas to read.

/// User schemas: not system, not temporary, not created by an extension.
pub const SCHEMAS: &str = "
SELECT n.nspname::text, obj_description(n.oid, 'pg_namespace')
FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                  AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1";

/// Extensions, except the always-present plpgsql, with their schema and version.
pub const EXTENSIONS: &str = "
SELECT e.extname::text, n.nspname::text, e.extversion
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' ORDER BY 1";

/// Free-standing sequences (not those of identity columns), their settings, owner and comment.
pub const SEQUENCES: &str = "
SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL), s.seqstart,
       s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       tn.nspname::text, tc.relname::text, ta.attname::text, obj_description(c.oid, 'pg_class')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0
LEFT JOIN pg_class tc ON tc.oid = d.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
WHERE c.relkind = 'S' AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass
                  AND x.objid = c.oid AND x.deptype IN ('i', 'e'))
ORDER BY 1, 2";

/// Domains: the base type (a user type by schema and name, so names need no unquoting),
/// NOT NULL, default, collation when not the base type's, comment; their checks follow.
pub const DOMAINS: &str = "
SELECT t.oid::bigint, n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod),
       bn.nspname::text, bt.typname::text, bt.typtype::text, bt.typcategory = 'A',
       t.typnotnull, pg_get_expr(t.typdefaultbin, 0),
       CASE WHEN t.typcollation <> bt.typcollation THEN
         (SELECT co.collname::text FROM pg_collation co WHERE co.oid = t.typcollation) END,
       obj_description(t.oid, 'pg_type')
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt0 ON bt0.oid = t.typbasetype
JOIN pg_type bt ON bt.oid = CASE WHEN bt0.typcategory = 'A' THEN bt0.typelem ELSE bt0.oid END
JOIN pg_namespace bn ON bn.oid = bt.typnamespace
WHERE t.typtype = 'd' AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 2, 3";

/// The check constraints of domains.
pub const DOMAIN_CHECKS: &str = "
SELECT con.contypid::bigint, con.conname::text, pg_get_expr(con.conbin, 0),
       NOT con.convalidated, obj_description(con.oid, 'pg_constraint')
FROM pg_constraint con
JOIN pg_type t ON t.oid = con.contypid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE con.contype = 'c' AND n.nspname = ANY($1)
ORDER BY 1, 2";

/// Composite types (not the row types of tables) with their comments.
pub const COMPOSITES: &str = "
SELECT t.typrelid::bigint, n.nspname::text, t.typname::text, obj_description(t.oid, 'pg_type')
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 2, 3";

/// The attributes of composite types, in order, typed as columns are.
pub const COMPOSITE_ATTRIBUTES: &str = "
SELECT a.attrelid::bigint, a.attname::text, format_type(a.atttypid, a.atttypmod),
       bn.nspname::text, bt.typname::text, bt.typtype::text, t.typcategory = 'A',
       CASE WHEN a.attcollation <> t.typcollation THEN
         (SELECT co.collname::text FROM pg_collation co WHERE co.oid = a.attcollation) END
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
JOIN pg_namespace bn ON bn.oid = bt.typnamespace
WHERE c.relkind = 'c' AND n.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum";

/// Enums with their values in sort order.
pub const ENUMS: &str = "
SELECT n.nspname::text, t.typname::text,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder), obj_description(t.oid, 'pg_type')
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
GROUP BY n.nspname, t.typname, t.oid
ORDER BY 1, 2";

/// Ordinary and partitioned tables with their comments, persistence and storage parameters;
/// a partitioned table's key; a partition's parent and bounds; and the parent of a table that
/// inherits from a plain table (`INHERITS`, which the model refuses).
pub const TABLES: &str = "
SELECT c.oid::bigint, n.nspname::text, c.relname::text, obj_description(c.oid, 'pg_class'),
       c.relpersistence = 'u', coalesce(c.reloptions, '{}')::text[],
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       pn.nspname::text, p.relname::text,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3";

/// Columns of every user table in attribute order. For enum (or enum array) columns the
/// enum's schema and name come separately, so names need no unquoting.
pub const COLUMNS: &str = "
SELECT a.attrelid::bigint, a.attname::text, format_type(a.atttypid, a.atttypmod),
       a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text,
       a.attgenerated::text, col_description(a.attrelid, a.attnum),
       bn.nspname::text, bt.typname::text, bt.typtype::text, t.typcategory = 'A',
       -- The collation when it is not the type's own.
       CASE WHEN a.attcollation <> t.typcollation THEN
         (SELECT CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace
                        OR pg_collation_is_visible(co.oid)
                      THEN co.collname::text ELSE cn.nspname || '.' || co.collname END
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE co.oid = a.attcollation) END,
       -- An identity column's sequence: its type and options.
       format_type(seq.seqtypid, NULL), seq.seqstart, seq.seqincrement, seq.seqmin, seq.seqmax,
       seq.seqcache, seq.seqcycle
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
JOIN pg_namespace bn ON bn.oid = bt.typnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN LATERAL (SELECT s.* FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
                   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid
                     AND d.refobjsubid = a.attnum AND d.deptype = 'i' LIMIT 1) seq
  ON a.attidentity <> ''
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum";

/// The server's version as a number (180006 for 18.6).
pub const SERVER_VERSION: &str = "SELECT current_setting('server_version_num')::int";

/// Primary key, unique, foreign key and check constraints with their columns by name; the last
/// two columns say whether it is enforced and whether it is temporal (see [`constraints`]).
const CONSTRAINTS: &str = "
SELECT con.conrelid::bigint, con.conname::text, con.contype::text,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.pos),
       fn.nspname::text, fc.relname::text,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.pos),
       con.confdeltype::text, con.confupdtype::text, con.condeferrable, con.condeferred,
       pg_get_expr(con.conbin, con.conrelid),
       con.contype = 'u' AND coalesce((SELECT (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean
                                       FROM pg_index i WHERE i.indexrelid = con.conindid), false),
       NOT con.convalidated, obj_description(con.oid, 'pg_constraint'),
       $flags
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c') AND n.nspname = ANY($1) AND con.conislocal
  -- A partition's copies of its parent's keys and foreign keys belong to the parent.
  AND con.conparentid = 0
ORDER BY con.conrelid, con.conname";

/// `CONSTRAINTS` for a server version: PostgreSQL 18 has `conenforced` and `conperiod`
/// (NOT ENFORCED, WITHOUT OVERLAPS); before it every constraint is enforced and none temporal.
/// (Reading them through `to_jsonb(con)` on every server tripled the query's time.)
pub fn constraints(server_version_num: i32) -> String {
    let flags = if server_version_num >= 180_000 {
        "con.conenforced, con.conperiod"
    } else {
        "true, false"
    };
    CONSTRAINTS.replace("$flags", flags)
}

/// Indexes that do not back a constraint. Each key is a column name, or (when the key is an
/// expression) PostgreSQL's own text of it.
pub const INDEXES: &str = "
SELECT i.indrelid::bigint, ic.relname::text, i.indisunique, am.amname::text,
       pg_get_expr(i.indpred, i.indrelid),
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN NULL ELSE
                    (SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) END
             FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) END
             FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT i.indoption[k - 1]::int FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT a.attname::text FROM generate_series(i.indnkeyatts + 1, i.indnatts) k
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
             ORDER BY k),
       coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false),
       -- Operator classes that are not the default of their type, and collations that are
       -- not the key column's own (NULL where PostgreSQL would not print them either).
       ARRAY(SELECT (SELECT CASE WHEN oc.opcdefault THEN NULL
                                 WHEN ocn.nspname = 'pg_catalog' OR pg_opclass_is_visible(oc.oid)
                                 THEN oc.opcname::text
                                 ELSE ocn.nspname || '.' || oc.opcname END
                     FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
                     WHERE oc.oid = i.indclass[k - 1])
             FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT (SELECT CASE WHEN co.oid = coalesce((SELECT a.attcollation FROM pg_attribute a
                                          WHERE a.attrelid = i.indrelid
                                            AND a.attnum = i.indkey[k - 1]), 100)
                                 THEN NULL ELSE co.collname::text END
                     FROM pg_collation co WHERE co.oid = i.indcollation[k - 1])
             FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       coalesce(ic.reloptions, '{}')::text[], obj_description(i.indexrelid, 'pg_class')
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'm')
  -- A partition's copy of an index on its parent belongs to the parent.
  AND NOT ic.relispartition
  -- pg_constraint.conindid has no index: a hashed NOT IN, not a per-row lookup.
  AND i.indexrelid NOT IN (SELECT con.conindid FROM pg_constraint con
                           WHERE con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname";

/// Views and materialized views: the query as `pg_get_viewdef(oid, true)` prints it (the
/// one spelling both sides of a comparison go through), options, whether a materialized view
/// is populated, and the comment.
pub const VIEWS: &str = "
SELECT n.nspname::text, c.relname::text, c.relkind = 'm', pg_get_viewdef(c.oid, true),
       coalesce(c.reloptions, '{}')::text[], c.relispopulated,
       obj_description(c.oid, 'pg_class'), c.oid::bigint,
       ARRAY(SELECT a.attname::text FROM pg_attribute a
             JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum
               AND d.classoid = 'pg_class'::regclass
             WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum),
       ARRAY(SELECT d.description FROM pg_attribute a
             JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum
               AND d.classoid = 'pg_class'::regclass
             WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2";

/// Functions and procedures (not aggregates or window functions), extensions' own left out:
/// arguments and result as PostgreSQL prints them, options, settings, and the body (the text
/// between the quotes, or a SQL-standard body as the server prints it).
const FUNCTIONS: &str = "
SELECT n.nspname::text, p.proname::text, p.prokind = 'p', pg_get_function_arguments(p.oid),
       CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END,
       l.lanname::text, p.provolatile::text, p.proisstrict, p.prosecdef, p.proparallel::text,
       p.proleakproof, p.procost, p.prorows, p.proretset, p.proconfig, p.prosrc,
       $sqlbody,
       obj_description(p.oid, 'pg_proc')
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 4";

/// Privileges of functions and procedures with an ACL of their own (`proacl` NULL is the
/// default), one row per grantee and privilege, the owner's left out; a NULL grantee when
/// the owner alone holds any.
pub const FUNCTION_GRANTS: &str = "
SELECT n.nspname::text, p.proname::text, pg_get_function_arguments(p.oid),
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN LATERAL (SELECT * FROM aclexplode(p.proacl) x WHERE x.grantee <> p.proowner) a
  ON true
WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p') AND p.proacl IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3, 4, 5";

/// `FUNCTIONS` for a server version: SQL-standard bodies (`prosqlbody`,
/// `pg_get_function_sqlbody`) exist from PostgreSQL 14.
pub fn functions(server_version_num: i32) -> String {
    let sqlbody = if server_version_num >= 140_000 {
        "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) END"
    } else {
        "NULL::text"
    };
    FUNCTIONS.replace("$sqlbody", sqlbody)
}

/// Normal aggregates (not ordered-set or hypothetical ones) with their support functions.
pub const AGGREGATES: &str = "
SELECT n.nspname::text, p.proname::text, pg_get_function_arguments(p.oid),
       sn.nspname::text, sf.proname::text, format_type(a.aggtranstype, NULL),
       fn.nspname::text, ff.proname::text, cn.nspname::text, cf.proname::text,
       a.agginitval, p.proparallel::text, obj_description(p.oid, 'pg_proc')
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_proc sf ON sf.oid = a.aggtransfn
JOIN pg_namespace sn ON sn.oid = sf.pronamespace
LEFT JOIN pg_proc ff ON ff.oid = a.aggfinalfn
LEFT JOIN pg_namespace fn ON fn.oid = ff.pronamespace
LEFT JOIN pg_proc cf ON cf.oid = a.aggcombinefn
LEFT JOIN pg_namespace cn ON cn.oid = cf.pronamespace
WHERE n.nspname = ANY($1) AND a.aggkind = 'n'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3";

/// User triggers of tables (not internal ones, not constraint triggers, not the clones a
/// partitioned table's trigger makes on its partitions): the pieces of the definition from
/// the catalog, `pg_get_triggerdef` for the WHEN condition.
pub const TRIGGERS: &str = "
SELECT n.nspname::text, c.relname::text, t.tgname::text, t.tgtype::int, t.tgenabled::text,
       pn.nspname::text, p.proname::text, t.tgnargs::int, t.tgargs,
       ARRAY(SELECT a.attname::text FROM unnest(t.tgattr::int2[]) k
             JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k ORDER BY 1),
       t.tgoldtable::text, t.tgnewtable::text, pg_get_triggerdef(t.oid),
       obj_description(t.oid, 'pg_trigger')
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND t.tgconstraint = 0 AND t.tgparentid = 0
  AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
ORDER BY 1, 2, 3";

/// Row-level security of tables where it is on or forced.
pub const ROW_SECURITY: &str = "
SELECT n.nspname::text, c.relname::text, c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
  AND (c.relrowsecurity OR c.relforcerowsecurity)
ORDER BY 1, 2";

/// Policies of tables: roles by name (`PUBLIC` for 0), expressions as the server prints them.
pub const POLICIES: &str = "
SELECT n.nspname::text, c.relname::text, pol.polname::text, pol.polcmd::text,
       pol.polpermissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r)::text END
             FROM unnest(pol.polroles) r ORDER BY 1),
       pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid),
       obj_description(pol.oid, 'pg_policy')
FROM pg_policy pol
JOIN pg_class c ON c.oid = pol.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1)
ORDER BY 1, 2, 3";

/// Privileges granted on tables, sequences, columns and schemas (not `public`), one row per
/// grantee and privilege. What the owner holds is implicit (as pg_dump takes it) and left out.
pub const GRANTS: &str = "
SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view' ELSE 'table' END, n.nspname::text,
       c.relname::text, NULL::text,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm') AND n.nspname = ANY($1) AND a.grantee <> c.relowner
UNION ALL
SELECT 'column', n.nspname::text, c.relname::text, att.attname::text,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(att.attacl) a
WHERE att.attacl IS NOT NULL AND att.attnum > 0 AND NOT att.attisdropped
  AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1) AND a.grantee <> c.relowner
UNION ALL
SELECT 'schema', n.nspname::text, NULL, NULL,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
FROM pg_namespace n, aclexplode(n.nspacl) a
WHERE n.nspname = ANY($1) AND n.nspname <> 'public' AND a.grantee <> n.nspowner
ORDER BY 1, 2, 3, 4, 5, 6";

/// Objects of the user schemas (and of the database, for event triggers, publications and
/// foreign servers) that the model does not hold, by kind and name, extensions' own objects
/// left out: what `pull` would lose and `verify` cannot see.
pub const UNMANAGED: &str = "
WITH user_ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1)),
ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT kind, name FROM (
  SELECT 'foreign table' AS kind,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
  FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
  WHERE c.relkind = 'f'
    AND (c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_class'::regclass))
  UNION ALL
  SELECT CASE p.prokind WHEN 'a' THEN 'ordered-set aggregate' ELSE 'window function' END,
         quote_ident(n.nspname) || '.' || quote_ident(p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
  WHERE p.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_proc'::regclass)
    AND (p.prokind = 'w' OR (p.prokind = 'a' AND EXISTS (
      SELECT 1 FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid AND ag.aggkind <> 'n')))
  UNION ALL
  SELECT CASE WHEN t.tgconstraint <> 0 THEN 'constraint trigger' ELSE 'trigger' END,
         quote_ident(t.tgname) || ' on ' || quote_ident(n.nspname) || '.'
           || quote_ident(c.relname)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN user_ns n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal AND (t.tgconstraint <> 0 OR c.relkind NOT IN ('r', 'p'))
  UNION ALL
  SELECT 'policy', quote_ident(pol.polname) || ' on ' || quote_ident(n.nspname) || '.'
           || quote_ident(c.relname)
  FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
  JOIN user_ns n ON n.oid = c.relnamespace
  WHERE c.relkind NOT IN ('r', 'p')
  UNION ALL
  SELECT 'rule', quote_ident(r.rulename) || ' on ' || quote_ident(n.nspname) || '.'
           || quote_ident(c.relname)
  FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN user_ns n ON n.oid = c.relnamespace
  WHERE r.rulename <> '_RETURN'
  UNION ALL
  SELECT 'exclusion constraint', quote_ident(con.conname) || ' on ' || quote_ident(n.nspname)
           || '.' || quote_ident(c.relname)
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
  JOIN user_ns n ON n.oid = c.relnamespace
  WHERE con.contype = 'x'
  UNION ALL
  SELECT CASE t.typtype WHEN 'r' THEN 'range type' ELSE 'base type' END,
         quote_ident(n.nspname) || '.' || quote_ident(t.typname)
  FROM pg_type t JOIN user_ns n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('b', 'r') AND t.typelem = 0
    AND t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_type'::regclass)
  UNION ALL
  SELECT 'privileges', quote_ident(n.nspname) || '.' || quote_ident(c.relname)
  FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
  WHERE c.relacl IS NOT NULL
    AND (c.relkind = 'f'
         -- An identity column's sequence: the model has no place for its grants.
         OR (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                                         WHERE d.classid = 'pg_class'::regclass
                                           AND d.objid = c.oid AND d.deptype = 'i')))
    AND EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner)
  UNION ALL
  -- An aggregate's privileges: the model keeps those of functions and procedures only.
  SELECT 'privileges', quote_ident(n.nspname) || '.' || quote_ident(p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
  WHERE p.prokind = 'a' AND p.proacl IS NOT NULL
    AND p.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_proc'::regclass)
  UNION ALL
  SELECT 'statistics', quote_ident(n.nspname) || '.' || quote_ident(s.stxname)
  FROM pg_statistic_ext s JOIN user_ns n ON n.oid = s.stxnamespace
  UNION ALL
  SELECT 'operator', quote_ident(n.nspname) || '.' || o.oprname
  FROM pg_operator o JOIN user_ns n ON n.oid = o.oprnamespace
  WHERE o.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_operator'::regclass)
  UNION ALL
  SELECT 'collation', quote_ident(n.nspname) || '.' || quote_ident(co.collname)
  FROM pg_collation co JOIN user_ns n ON n.oid = co.collnamespace
  WHERE co.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_collation'::regclass)
  UNION ALL
  SELECT 'text search configuration', quote_ident(n.nspname) || '.' || quote_ident(cfg.cfgname)
  FROM pg_ts_config cfg JOIN user_ns n ON n.oid = cfg.cfgnamespace
  WHERE cfg.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_ts_config'::regclass)
  UNION ALL
  SELECT 'event trigger', quote_ident(evtname) FROM pg_event_trigger
  WHERE oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_event_trigger'::regclass)
  UNION ALL
  SELECT 'publication', quote_ident(pubname) FROM pg_publication
  UNION ALL
  SELECT 'foreign server', quote_ident(srvname) FROM pg_foreign_server
  WHERE oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_foreign_server'::regclass)
) objects
ORDER BY kind, name";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_flags_follow_the_server_version() {
        assert!(constraints(180_006).contains("con.conenforced, con.conperiod"));
        let old = constraints(150_020);
        assert!(old.contains("true, false") && !old.contains("conenforced"));
        assert!(!old.contains("$flags"));
    }

    #[test]
    fn sql_standard_bodies_are_read_from_postgresql_14() {
        assert!(functions(150_000).contains("pg_get_function_sqlbody"));
        assert!(functions(130_000).contains("NULL::text"));
        assert!(!functions(180_000).contains("$sqlbody"));
    }
}
