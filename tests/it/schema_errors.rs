//! Every malformed schema exits 2 with `path:line:col: message` and writes nothing.

use crate::support::*;

/// (what, file contents, expected `file:line:col: message` prefix)
const CASES: &[(&str, &str, &str)] = &[
    (
        "unknown column key with suggestion",
        "[table.t.columns]\nid = { type = \"int\", not_nul = true }\n",
        "schema/s.toml:2:22: unknown key `not_nul` in column `id`; did you mean `not_null`?",
    ),
    (
        "unknown top-level key",
        "tables = 1\n",
        "schema/s.toml:1:1: unknown key `tables` in a schema file; did you mean `table`?",
    ),
    (
        "missing type",
        "[table.t.columns]\nid = { not_null = true }\n",
        "schema/s.toml:2:1: column `id` needs a `type`",
    ),
    (
        "invalid TOML",
        "[table.t.columns]\nid = { type = \"int\" \n",
        "schema/s.toml:2:20: invalid TOML",
    ),
    (
        "unknown referenced table",
        "[table.t.columns]\nu = { type = \"int\", references = \"users(id)\" }\n",
        "schema/s.toml:2:34: references unknown table `users`",
    ),
    (
        "unknown referenced column",
        "[table.u.columns]\nid = { type = \"int\" }\n[table.t.columns]\nu = { type = \"int\", references = \"u(uid)\" }\n",
        "schema/s.toml:4:34: references unknown column `uid` of table `u`",
    ),
    (
        "foreign key type mismatch",
        "[table.u.columns]\nid = { type = \"uuid\" }\n[table.t.columns]\nu = { type = \"text\", references = \"u(id)\" }\n",
        "schema/s.toml:4:35: foreign key column `u` is text but `u.id` is uuid; the types must match",
    ),
    (
        "index on a missing column",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\ni = { columns = [\"b DESC\"] }\n",
        "schema/s.toml:4:18: index `i` names column `b`, which table `t` does not have",
    ),
    (
        "unique on a missing column",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.uniques]\nu = [\"a\", \"z\"]\n",
        "schema/s.toml:4:11: unique constraint names column `z`, which table `t` does not have",
    ),
    (
        "primary key on a missing column",
        "[table.t]\nprimary_key = [\"z\"]\n[table.t.columns]\na = { type = \"int\" }\n",
        "schema/s.toml:2:16: primary key names column `z`, which table `t` does not have",
    ),
    (
        "unique on the primary key's columns",
        "[table.t.columns]\nid = { type = \"int\", primary_key = true, unique = true }\n",
        "schema/s.toml:2:1: unique constraint `t_id_key` on (id) duplicates the primary key: \
         PostgreSQL would not create it; remove one of them",
    ),
    (
        "two uniques on the same columns",
        "[table.t.columns]\na = { type = \"int\", unique = true }\n[table.t.uniques]\nt_a_uq = [\"a\"]\n",
        "schema/s.toml:4:1: unique constraint `t_a_uq` on (a) duplicates unique constraint \
         `t_a_key`: PostgreSQL would not create it; remove one of them",
    ),
    (
        "two primary keys",
        "[table.t.columns]\na = { type = \"int\", primary_key = true }\nb = { type = \"int\", primary_key = true }\n",
        "schema/s.toml:3:1: table `t` has two primary keys (the first at schema/s.toml:2:1)",
    ),
    (
        "invalid on_delete",
        "[table.u.columns]\nid = { type = \"int\" }\n[table.t.columns]\nu = { type = \"int\", references = \"u(id)\", on_delete = \"explode\" }\n",
        "schema/s.toml:4:55: `on_delete` must be one of: no action, restrict, cascade, set null, set default",
    ),
    (
        "string default on integer",
        "[table.t.columns]\na = { type = \"int\", default = \"zero\" }\n",
        "schema/s.toml:2:31: default for `a`: integer needs an integer default",
    ),
    (
        "float default on integer",
        "[table.t.columns]\na = { type = \"int\", default = 1.5 }\n",
        "schema/s.toml:2:31: default for `a`: integer needs an integer default",
    ),
    (
        "out of range default",
        "[table.t.columns]\na = { type = \"smallint\", default = 70000 }\n",
        "schema/s.toml:2:36: default for `a`: 70000 is out of range for smallint",
    ),
    (
        "non-boolean default on boolean",
        "[table.t.columns]\na = { type = \"bool\", default = 1 }\n",
        "schema/s.toml:2:32: default for `a`: boolean needs true or false",
    ),
    (
        "non-numeric default on numeric",
        "[table.t.columns]\na = { type = \"numeric(10,2)\", default = \"lots\" }\n",
        "schema/s.toml:2:41: default for `a`: numeric(10,2) needs a numeric default",
    ),
    (
        "enum default not in the enum",
        "[enum.mood]\nvalues = [\"happy\"]\n[table.t.columns]\nm = { type = \"mood\", default = \"sad\" }\n",
        "schema/s.toml:4:32: default for `m`: `sad` is not a value of enum `mood` (happy)",
    ),
    (
        "duplicate enum values",
        "[enum.mood]\nvalues = [\"happy\", \"happy\"]\n",
        "schema/s.toml:2:20: enum `mood` lists `happy` twice",
    ),
    (
        "serial with a default of its own",
        "[table.t.columns]\nid = { type = \"serial\", default = 1 }\n",
        "schema/s.toml:2:15: a serial column takes its default from its sequence",
    ),
    (
        "default and default_sql together",
        "[table.t.columns]\na = { type = \"int\", default = 1, default_sql = \"2\" }\n",
        "schema/s.toml:2:48: set either `default` or `default_sql`, not both",
    ),
    (
        "invalid identity",
        "[table.t.columns]\na = { type = \"int\", identity = \"sometimes\" }\n",
        "schema/s.toml:2:32: `identity` must be \"always\" or \"by default\"",
    ),
    (
        "invalid index method",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\ni = { columns = [\"a\"], using = \"btrie\" }\n",
        "schema/s.toml:4:32: `using` must be one of btree, hash, gin, gist, brin, spgist",
    ),
    (
        "index name used twice in a schema",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\nt_pkey = { columns = [\"a\"] }\n[table.t]\nprimary_key = [\"a\"]\n",
        "schema/s.toml:4:1: name `t_pkey` is already used in schema `public`",
    ),
    (
        "NUL in a string",
        "[table.t.columns]\na = { type = \"text\", default = \"a\\u0000b\" }\n",
        "schema/s.toml:2:32: PostgreSQL cannot store a NUL character",
    ),
    (
        "empty enum",
        "[enum.mood]\nvalues = []\n",
        "schema/s.toml:1:7: enum `mood` needs at least one value",
    ),
    (
        "empty primary key",
        "[table.t]\nprimary_key = []\n[table.t.columns]\na = { type = \"int\" }\n",
        "schema/s.toml:2:15: the primary key of table `t` needs at least one column",
    ),
    (
        "empty index name",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\n\"\" = { columns = [\"a\"] }\n",
        "schema/s.toml:4:1: an index name cannot be empty",
    ),
    (
        "index without columns",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\ni = { columns = [] }\n",
        "schema/s.toml:4:1: index `i` needs at least one column",
    ),
    (
        "empty check name",
        "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\n\"\" = \"a > 0\"\n",
        "schema/s.toml:4:1: a check name cannot be empty",
    ),
    (
        "empty enum name",
        "[enum.\"\"]\nvalues = [\"a\"]\n",
        "schema/s.toml:1:7: an enum name cannot be empty",
    ),
    (
        "empty enum value",
        "[enum.e]\nvalues = [\"a\", \"\"]\n",
        "schema/s.toml:2:16: an enum value cannot be empty",
    ),
    (
        "renamed from itself",
        "[table.t]\nrenamed_from = \"t\"\n[table.t.columns]\na = { type = \"int\" }\n",
        "schema/s.toml:2:16: table `t` cannot be renamed from itself",
    ),
];

#[test]
fn every_malformed_schema_is_located_and_writes_nothing() {
    let mut failures = Vec::new();
    for (what, contents, expected) in CASES {
        let project = TempProject::with_schema(&[("s.toml", contents)]);
        let before = project.files();
        let run = project.strata(&["generate", "--name", "x"]);
        let check = project.strata(&["check"]);
        if run.code != 2 || !run.stderr.contains(expected) {
            failures.push(format!(
                "{what}: exit {}, expected `{expected}` in:\n{}",
                run.code, run.stderr
            ));
        }
        if check.code != 2 || !check.stderr.contains(expected) {
            failures.push(format!(
                "{what}: check exit {}: {}",
                check.code, check.stderr
            ));
        }
        if project.files() != before {
            failures.push(format!("{what}: files were written"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_table_defined_in_two_files_names_both() {
    let table = "[table.t.columns]\na = { type = \"int\" }\n";
    let project = TempProject::with_schema(&[("a.toml", table), ("b.toml", table)]);
    let run = project.strata(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("schema/b.toml:1:8: table `t` is defined twice (also at schema/a.toml:1:8)"),
        "{}",
        run.stderr
    );
}

#[test]
fn all_errors_are_reported_not_just_the_first() {
    let project = TempProject::with_schema(&[(
        "s.toml",
        "[table.t.columns]\na = { type = \"int\", nul = 1 }\nb = { not_null = true }\n",
    )]);
    let run = project.strata(&["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("s.toml:2:21"), "{}", run.stderr);
    assert!(run.stderr.contains("s.toml:3:1"), "{}", run.stderr);
}

#[test]
fn unknown_types_pass_through_with_a_warning() {
    let project =
        TempProject::with_schema(&[("s.toml", "[table.t.columns]\na = { type = \"citext\" }\n")]);
    let run = project.strata(&["generate", "--name", "x"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("s.toml:2:14: unknown type `citext`"),
        "{}",
        run.stderr
    );
    assert!(
        project
            .read("migrations/0000_x.up.sql")
            .contains("\"a\" citext")
    );
}

#[test]
fn int_and_integer_are_the_same_type() {
    let project =
        TempProject::with_schema(&[("s.toml", "[table.t.columns]\na = { type = \"int\" }\n")]);
    project.strata(&["generate", "--name", "x"]).expect_code(0);
    project.write(
        "schema/s.toml",
        "[table.t.columns]\na = { type = \"INTEGER\" }\n",
    );
    let run = project.strata(&["generate", "--name", "y"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    project.strata(&["check"]).expect_code(0);
}

#[test]
fn types_of_a_declared_extension_draw_no_warning() {
    // A pulled database with citext in its own schema warned on every citext column.
    let project = TempProject::with_schema(&[(
        "s.toml",
        "[extension.citext]\nschema = \"ext\"\n\n[extension.ltree]\n\n\
         [table.t.columns]\na = { type = \"ext.citext\" }\nb = { type = \"ltree[]\" }\n\
         c = { type = \"citext\" }\nd = { type = \"ext.ltree\" }\n",
    )]);
    let run = project.strata(&["generate", "--dry-run"]);
    run.expect_code(0);
    // citext and ltree where their extensions install them: no warning; citext is not in
    // `public`, ltree is not in `ext`.
    assert!(!run.stderr.contains("`ext.citext`"), "{}", run.stderr);
    assert!(!run.stderr.contains("`ltree[]`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("s.toml:9:14: unknown type `citext`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("s.toml:10:14: unknown type `ext.ltree`"),
        "{}",
        run.stderr
    );
}

/// Issue 12, item 6: an integer column referencing a bigint key is what PostgreSQL accepts
/// (and what `pull` writes): a warning with the location, not a refusal.
#[test]
fn an_integer_column_referencing_a_bigint_key_is_a_warning() {
    let project = TempProject::with_schema(&[(
        "s.toml",
        "[table.t.columns]\nid = { type = \"bigint\", primary_key = true }\n[table.u.columns]\nt_id = { type = \"integer\", references = \"t(id)\" }\n",
    )]);
    let run = project.strata(&["generate", "--name", "init"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(
            "warning: schema/s.toml:4:41: foreign key column `t_id` is integer but `t.id` is bigint"
        ),
        "{}",
        run.stderr
    );
    assert!(
        project
            .read("migrations/0000_init.up.sql")
            .contains("REFERENCES")
    );
}
