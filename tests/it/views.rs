//! Views and materialized views (issue 14) through the CLI against a real server: a chain
//! three deep over a column whose type changes (migrate, verify, rollback), drift in a view,
//! validation errors with their place, and a round trip of views built in SQL.

use crate::support::*;

/// Runs strata in `project` against `db`.
fn strata_on(project: &TempProject, db: &TestDb, args: &[&str]) -> Run {
    let url = db.url();
    project.strata_env(args, &[("DATABASE_URL", url.as_str())])
}

const CHAIN: &str = r#"
[table.posts.columns]
id = { type = "bigint", primary_key = true }
score = { type = "$SCORE", not_null = true, default = 0 }

# A view on a view on a table, and a materialized view on top, written in reverse order.
[materialized_view.top_post_ids]
query = "SELECT id FROM top_posts"
[materialized_view.top_post_ids.indexes]
top_post_ids_id_idx = { columns = ["id"], unique = true }

[view.top_posts]
query = "SELECT id, score FROM scored_posts ORDER BY score DESC LIMIT 100"

[view.scored_posts]
query = "SELECT id, score FROM posts WHERE score > 0"
comment = "Posts with a positive score"
"#;

fn dependent_views(db: &TestDb) -> Vec<String> {
    db.query_strings(
        "SELECT c.relname || ':' || format_type(a.atttypid, a.atttypmod) FROM pg_class c \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'score' \
         WHERE c.relkind = 'v' ORDER BY 1",
    )
}

#[test]
fn a_chain_of_views_is_recreated_around_a_column_type_change_and_rolled_back() {
    let db = TestDb::new();
    let project = TempProject::with_schema(&[("s.toml", &CHAIN.replace("$SCORE", "integer"))]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    db.execute("INSERT INTO posts VALUES (1, 5), (2, 0), (3, 7)");
    db.execute("REFRESH MATERIALIZED VIEW top_post_ids");

    project.write("schema/s.toml", &CHAIN.replace("$SCORE", "numeric(10,2)"));
    project
        .strata(&["generate", "--name", "retype"])
        .expect_code(0);
    let up = project.read("migrations/0001_retype.up.sql");
    assert!(up.contains("rebuilds-materialized-view"), "{up}");
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    assert_eq!(
        dependent_views(&db),
        ["scored_posts:numeric(10,2)", "top_posts:numeric(10,2)"]
    );
    assert_eq!(
        db.query_strings("SELECT count(*)::text FROM top_post_ids"),
        ["2"]
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);

    strata_on(&project, &db, &["rollback", "--steps", "1"]).expect_code(0);
    assert_eq!(
        dependent_views(&db),
        ["scored_posts:integer", "top_posts:integer"]
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);
    strata_on(&project, &db, &["rollback", "--steps", "1"]).expect_code(0);
    assert!(dependent_views(&db).is_empty());
}

#[test]
fn a_view_changed_by_hand_is_drift() {
    let db = TestDb::new();
    let project = TempProject::with_schema(&[("s.toml", &CHAIN.replace("$SCORE", "integer"))]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
    db.execute(
        "CREATE OR REPLACE VIEW scored_posts AS SELECT id, score FROM posts WHERE score > 1",
    );
    let run = strata_on(&project, &db, &["verify"]);
    run.expect_code(1);
    assert!(run.stdout.contains("scored_posts"), "{}", run.stdout);
}

#[test]
fn a_second_statement_in_a_query_is_refused_with_its_place() {
    let project = TempProject::with_schema(&[(
        "v.toml",
        "[table.t.columns]\nid = { type = \"int\" }\n\n[view.v]\nquery = \"SELECT id FROM t; DROP TABLE t\"\n",
    )]);
    let run = project.strata(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("v.toml:5:26: view `v` query: `;` ends the statement"),
        "{}",
        run.stderr
    );
}

#[test]
fn views_are_refused_where_postgresql_would_refuse_them() {
    let project = TempProject::with_schema(&[(
        "v.toml",
        r#"
[table.t.columns]
id = { type = "int" }

[view.t]
query = "SELECT 1"

[view.a]
query = "SELECT * FROM b"

[materialized_view.b]
query = "SELECT * FROM a"

[view.c]
query = "SELECT (1"

[view.d]
query = "SELECT 1"
with = { check_option = "sometimes" }

[enum.e]
values = ["x"]

[materialized_view.e]
query = "SELECT 1 AS one"
[materialized_view.e.indexes]
t = { columns = ["one"] }
"#,
    )]);
    let run = project.strata(&["check"]);
    run.expect_code(2);
    for expected in [
        "view `t` has the name of table `t`",
        "the queries of views a, b read each other in a cycle",
        "view `c` query: `(` is never closed",
        "`check_option` is \"local\" or \"cascaded\"",
        "materialized view `e` has the name of enum `e`",
        "name `t` is already used in schema `public`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

#[test]
fn views_built_in_sql_round_trip_through_pull_generate_migrate() {
    crate::roundtrip_realistic::round_trip(&["views.sql"]);
}

#[test]
fn a_select_star_view_is_recreated_when_its_table_gains_a_column() {
    let db = TestDb::new();
    let v1 = "[table.t.columns]\nid = { type = \"int\" }\n\n[view.v]\nquery = \"SELECT * FROM t\"\n\n[view.n]\nquery = \"SELECT count(*) AS n FROM t\"\n";
    let project = TempProject::with_schema(&[("s.toml", v1)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    project.write(
        "schema/s.toml",
        &v1.replace(
            "id = { type = \"int\" }",
            "id = { type = \"int\" }\nname = { type = \"text\" }",
        ),
    );
    project
        .strata(&["generate", "--name", "name"])
        .expect_code(0);
    let up = project.read("migrations/0001_name.up.sql");
    assert!(up.contains("DROP VIEW \"public\".\"v\""), "{up}");
    assert!(!up.contains("DROP VIEW \"public\".\"n\""), "{up}");
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'v'::regclass AND attnum > 0"),
        ["id,name"]
    );
    strata_on(&project, &db, &["rollback", "--steps", "1"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
}

#[test]
fn a_materialized_view_created_with_no_data_and_refreshed_is_no_drift() {
    let db = TestDb::new();
    let schema = "[table.t.columns]\nid = { type = \"int\" }\n\n[materialized_view.m]\nquery = \"SELECT id FROM t\"\nwith_data = false\n";
    let project = TempProject::with_schema(&[("s.toml", schema)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT relispopulated::text FROM pg_class WHERE relname = 'm'"),
        ["false"]
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);
    db.execute("REFRESH MATERIALIZED VIEW m");
    strata_on(&project, &db, &["verify"]).expect_code(0);
    // Flipping it alone in the TOML is no change either.
    project.write("schema/s.toml", &schema.replace("with_data = false\n", ""));
    let run = project.strata(&["generate", "--name", "flip"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
}
