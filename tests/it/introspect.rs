//! Introspection and `pull` against the real server: round trips of the example project and a
//! feature corpus, a hand-built database read exactly, and stable `pull` output.

use crate::support::*;
use strata::schema::model::*;

/// Builds `schema_dir` into a fresh database through the CLI (generate, then migrate).
fn build(schema_files: &[(&str, String)]) -> (TestDb, TempProject) {
    let project = TempProject::new();
    for (name, text) in schema_files {
        project.write(&format!("schema/{name}"), text);
    }
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let db = TestDb::new();
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())])
        .expect_code(0);
    (db, project)
}

fn golden_to(case: &str) -> Vec<(&'static str, String)> {
    let path = repo_root().join(format!("tests/golden/{case}/to/schema.toml"));
    vec![("schema.toml", std::fs::read_to_string(path).unwrap())]
}

#[test]
fn the_example_project_round_trips() {
    let db = TestDb::new();
    strata_in(
        &repo_root(),
        &["migrate"],
        &[("DATABASE_URL", db.url().as_str())],
    )
    .expect_code(0);
    let expected = canonicalize(&parse_dir(&repo_root().join("schema")).schema);
    let actual = inspect(&db);
    assert!(
        actual.equivalent(&expected),
        "{actual:#?}\nvs\n{expected:#?}"
    );
    // What the journal says the database should be, by snapshot id, matches too.
    let history =
        db.query_strings("SELECT snapshot_id FROM strata_migrations ORDER BY idx DESC LIMIT 1");
    let last = strata::schema::snapshot::Snapshot::load(
        &repo_root().join("snapshots/0005_audit_text_ids.json"),
    )
    .unwrap();
    assert_eq!(history, vec![last.id]);
}

#[test]
fn the_feature_corpus_round_trips() {
    for case in [
        "create_table_all_features",
        "quoted_names",
        "indexes",
        "unique_constraints",
        "foreign_keys",
    ] {
        let (db, project) = build(&golden_to(case));
        let model = parse_dir(&project.path().join("schema")).schema;
        let actual = inspect(&db);
        let expected = canonicalize(&model);
        assert!(
            actual.equivalent(&expected),
            "{case}:\n{actual:#?}\nvs\n{expected:#?}"
        );
        // pull's TOML parses back to exactly what was introspected.
        let written: Vec<(std::path::PathBuf, String)> = strata::schema::write::files(&actual)
            .into_iter()
            .map(|(n, t)| (std::path::PathBuf::from(n), t))
            .collect();
        let reparsed = strata::schema::parse::parse_files(&written).unwrap();
        assert_eq!(
            reparsed.schema, actual,
            "{case}: parse(write(inspect)) differs"
        );
    }
}

#[test]
fn models_without_expressions_come_back_exactly() {
    let toml = r#"
[enum."app.Kind"]
values = ["b", "a"]
[table."app.Things"]
comment = "things"
[table."app.Things".columns]
id = { type = "bigint", identity = "by default", primary_key = true }
"Name" = { type = "varchar(40)", not_null = true, unique = true, comment = "name" }
kind = { type = "app.Kind", not_null = true, default = "a" }
kinds = { type = "app.Kind[]", default = ["a", "b"] }
score = { type = "numeric(6,2)", default = 1.5 }
flags = { type = "boolean[]", default = [true, false] }
at = { type = "timestamptz" }
[table."app.Things".indexes]
things_kind_idx = { columns = ["kind DESC NULLS LAST", "at"], include = ["score"] }
[table.refs]
primary_key = ["a", "b"]
[table.refs.columns]
a = { type = "bigint", references = "app.Things(id)", on_delete = "cascade", on_update = "restrict" }
b = { type = "int" }
"#;
    let files = vec![("s.toml", toml.to_string())];
    let (db, project) = build(&files);
    let model = parse_dir(&project.path().join("schema")).schema;
    assert_eq!(inspect(&db), model);
}

#[test]
fn a_hand_built_database_is_read_exactly() {
    let db = TestDb::new();
    db.execute(
        r#"
        CREATE SCHEMA "Odd Schema";
        CREATE TYPE "Odd Schema"."Mood ""q""" AS ENUM ('z', 'a');
        CREATE TABLE "Odd Schema"."Select" (
          "Key" integer GENERATED ALWAYS AS IDENTITY,
          "ü" "Odd Schema"."Mood ""q""" NOT NULL DEFAULT 'a',
          half integer GENERATED ALWAYS AS ("Key" / 2) STORED,
          note varchar(10) DEFAULT 'it''s',
          CONSTRAINT pk PRIMARY KEY ("Key"),
          CONSTRAINT note_u UNIQUE NULLS NOT DISTINCT (note),
          CONSTRAINT positive CHECK ("Key" > 0)
        );
        CREATE TABLE child (id int PRIMARY KEY, parent int,
          CONSTRAINT child_parent_fkey FOREIGN KEY (parent) REFERENCES "Odd Schema"."Select" ("Key")
            ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED);
        CREATE INDEX child_expr ON child USING btree ((parent + 1) DESC NULLS LAST) WHERE id > 0;
        CREATE INDEX child_hash ON child USING hash (parent);
        COMMENT ON TABLE child IS 'kids';
        COMMENT ON COLUMN child.parent IS 'the parent';
        CREATE TABLE strata_migrations (x int);
        "#,
    );
    let model = inspect(&db);
    assert_eq!(model.enums.len(), 1);
    assert_eq!(
        model.enums[0].name,
        QualifiedName::new("Odd Schema", "Mood \"q\"")
    );
    assert_eq!(model.enums[0].values, vec!["z", "a"]);
    assert_eq!(model.tables.len(), 2, "the history table is excluded");
    let odd = model
        .table(&QualifiedName::new("Odd Schema", "Select"))
        .unwrap();
    assert_eq!(odd.columns[0].identity, Some(Identity::Always));
    assert_eq!(odd.columns[1].data_type, "Odd Schema.Mood \"q\"");
    assert_eq!(
        odd.columns[1].default,
        Some(DefaultValue::Literal(Literal::String("a".into())))
    );
    assert_eq!(odd.columns[2].generated.as_deref(), Some("(\"Key\" / 2)"));
    assert_eq!(odd.columns[3].data_type, "character varying(10)");
    assert_eq!(
        odd.columns[3].default,
        Some(DefaultValue::Literal(Literal::String("it's".into())))
    );
    assert_eq!(odd.primary_key.as_ref().unwrap().name, "pk");
    assert!(odd.uniques[0].nulls_not_distinct);
    assert_eq!(odd.checks[0].expression, "(\"Key\" > 0)");
    let child = model.table(&QualifiedName::public("child")).unwrap();
    let fk = &child.foreign_keys[0];
    assert_eq!(fk.on_delete, ReferentialAction::SetNull);
    assert!(fk.deferrable && fk.initially_deferred);
    assert_eq!(
        fk.referenced_table,
        QualifiedName::new("Odd Schema", "Select")
    );
    let expr = child.index("child_expr").unwrap();
    assert_eq!(expr.parts[0].key, IndexKey::Expression("parent + 1".into()));
    assert!(expr.parts[0].descending && !expr.parts[0].nulls_first);
    assert_eq!(expr.predicate.as_deref(), Some("(id > 0)"));
    assert_eq!(child.index("child_hash").unwrap().method, "hash");
    assert_eq!(child.comment.as_deref(), Some("kids"));
    assert_eq!(child.columns[1].comment.as_deref(), Some("the parent"));
}

#[test]
fn pull_generate_apply_pull_is_byte_identical() {
    let db = TestDb::new();
    strata_in(
        &repo_root(),
        &["migrate"],
        &[("DATABASE_URL", db.url().as_str())],
    )
    .expect_code(0);
    let first = TempProject::new();
    first
        .strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())])
        .expect_code(0);
    // pull again over it: refused without --force, identical with it.
    first
        .strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())])
        .expect_code(2);
    let files: Vec<(String, String)> = first
        .files()
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                first.read(&p.display().to_string()),
            )
        })
        .collect();
    first
        .strata_env(&["pull", "--force"], &[("DATABASE_URL", db.url().as_str())])
        .expect_code(0);
    for (path, text) in &files {
        assert_eq!(&first.read(path), text, "{path} changed on a second pull");
    }
    first.strata(&["generate", "--name", "init"]).expect_code(0);
    let second_db = TestDb::new();
    first
        .strata_env(&["migrate"], &[("DATABASE_URL", second_db.url().as_str())])
        .expect_code(0);
    let second = TempProject::new();
    second
        .strata_env(&["pull"], &[("DATABASE_URL", second_db.url().as_str())])
        .expect_code(0);
    for (path, text) in &files {
        assert_eq!(
            &second.read(path),
            text,
            "{path} differs after pull -> generate -> apply -> pull"
        );
    }
}

#[test]
fn pull_right_after_init_replaces_the_example_and_an_empty_database_leaves_an_empty_dir() {
    // `init` writes a commented example.toml; `pull` refused it without --force.
    let db = TestDb::new();
    db.execute("CREATE TABLE users (id bigint PRIMARY KEY);");
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    assert!(project.path().join("schema/example.toml").is_file());
    let run = project.strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Wrote 1 file to schema from ")
            && run.stdout.contains(": 1 table, 0 enums."),
        "{}",
        run.stdout
    );
    assert!(!project.path().join("schema/example.toml").exists());
    assert!(project.read("schema/users.toml").contains("id"));

    // Files that declare something still need --force.
    let run = project.strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(2);

    // An empty database: the directory exists afterwards, and generate finds no changes.
    let empty = TestDb::new();
    let fresh = TempProject::new();
    let run = fresh.strata_env(&["pull"], &[("DATABASE_URL", empty.url().as_str())]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("holds no tables or types"),
        "{}",
        run.stdout
    );
    assert!(fresh.path().join("schema").is_dir());
    fresh.strata(&["generate", "--dry-run"]).expect_code(0);
}

/// Issue 13: nothing is lost silently. What strata does not model is listed by `pull` by kind
/// and name (in `--json` too), `pull --strict` refuses and writes nothing, and `verify` lists
/// it as not compared without failing. (A rule and a text search configuration: kinds no
/// issue plans to model.)
#[test]
fn pull_lists_what_it_leaves_out_strict_refuses_and_verify_does_not_fail_on_it() {
    let db = TestDb::new();
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY);
         CREATE TEXT SEARCH CONFIGURATION my_ts (COPY = english);
         CREATE RULE t_ignore AS ON DELETE TO t DO INSTEAD NOTHING;",
    );
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let project = TempProject::new();

    let strict = project.strata_env(&["pull", "--strict"], &env);
    strict.expect_code(1);
    let listed = "rule t_ignore on public.t, text search configuration public.my_ts";
    assert!(strict.stderr.contains(listed), "{}", strict.stderr);
    assert!(!project.path().join("schema").exists());

    let json = project.strata_env(&["pull", "--json"], &env);
    json.expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["unmanaged"],
        serde_json::json!([
            { "kind": "rule", "name": "t_ignore on public.t" },
            { "kind": "text search configuration", "name": "public.my_ts" }
        ]),
        "{}",
        json.stdout
    );
    assert!(project.read("schema/t.toml").contains("id"));

    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let migrated = TestDb::new();
    let migrated_url = migrated.url();
    let env = [("DATABASE_URL", migrated_url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    migrated.execute("CREATE TEXT SEARCH CONFIGURATION my_ts (COPY = english);");
    let verify = project.strata_env(&["verify"], &env);
    verify.expect_code(0);
    assert!(
        verify
            .stdout
            .contains("not compared: 1 object that strata does not model: text search configuration public.my_ts"),
        "{}",
        verify.stdout
    );
}

/// Issue 13: table inheritance is refused by `pull`, naming the child and its parent, and
/// nothing is written (never half-kept).
#[test]
fn pull_refuses_table_inheritance_naming_the_tables() {
    let db = TestDb::new();
    db.execute("CREATE TABLE parent (id int); CREATE TABLE child (x int) INHERITS (parent);");
    let project = TempProject::new();
    let run = project.strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("table inheritance cannot be read: \"public\".\"child\" (inherits \"public\".\"parent\")"),
        "{}",
        run.stderr
    );
    assert!(!project.path().join("schema").exists());
}
