//! What PostgreSQL 18 changed in the catalogs that introspection reads: NOT NULL constraints
//! now have `pg_constraint` rows (contype 'n') and names, and `GENERATED ALWAYS AS (...)`
//! without `STORED` makes a virtual column (attgenerated 'v'). Each test runs on every server:
//! on older ones it checks what makes the case impossible there.

use crate::support::*;

#[test]
fn a_virtual_generated_column_is_refused_not_read_as_a_default() {
    let db = TestDb::new();
    let created = block_on(async {
        let client = connect(db.config()).await;
        client
            .batch_execute(
                "CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2), \
                 c integer GENERATED ALWAYS AS (a * 3) STORED)",
            )
            .await
    });
    if server_major() < 18 {
        // Before 18 a generated column must be STORED: no virtual column can exist.
        let error = created.expect_err("PostgreSQL before 18 has no virtual generated columns");
        let message = error.as_db_error().map(|e| e.message().to_string());
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m.starts_with("syntax error")),
            "{error:?}"
        );
        return;
    }
    created.expect("a virtual generated column on PostgreSQL 18");
    let project = TempProject::new();
    let run = project.strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(r#"virtual generated columns cannot be read: "public"."t"."b"."#),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("STORED"), "{}", run.stderr);
    assert!(project.files().is_empty(), "{:?}", project.files());
    // Stored, it is read as the generated column it is.
    db.execute("ALTER TABLE t DROP COLUMN b");
    let table = inspect(&db).tables.remove(0);
    assert_eq!(table.columns.len(), 2);
    assert_eq!(table.columns[1].generated.as_deref(), Some("(a * 3)"));
    assert_eq!(table.columns[1].default, None);
}

#[test]
fn not_null_constraints_are_read_from_the_columns_whatever_their_names() {
    let db = TestDb::new();
    db.execute(
        "CREATE TABLE t (id integer PRIMARY KEY, a integer CONSTRAINT a_must NOT NULL, \
         b integer NOT NULL, c integer, d integer NOT NULL);
         ALTER TABLE t ALTER COLUMN c SET NOT NULL;
         ALTER TABLE t ALTER COLUMN d DROP NOT NULL;
         ALTER TABLE t DROP CONSTRAINT t_pkey;",
    );
    let table = inspect(&db).tables.remove(0);
    let not_null: Vec<(&str, bool)> = table
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.not_null))
        .collect();
    // Dropping the primary key leaves its column NOT NULL, on 18 as before.
    assert_eq!(
        not_null,
        [
            ("id", true),
            ("a", true),
            ("b", true),
            ("c", true),
            ("d", false)
        ]
    );
    // The 'n' rows of pg_constraint are not checks, uniques or keys.
    assert_eq!(table.primary_key, None);
    assert!(table.checks.is_empty(), "{:?}", table.checks);
    assert!(table.uniques.is_empty(), "{:?}", table.uniques);
    // Their names are not part of the model: a database built from it compares equal.
    let copy = TestDb::new();
    let project = TempProject::new();
    project
        .strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())])
        .expect_code(0);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", copy.url().as_str())])
        .expect_code(0);
    assert_eq!(inspect(&copy), inspect(&db));
}

#[test]
fn not_enforced_and_temporal_constraints_are_refused_not_read_as_plain_ones() {
    let cases = [
        (
            "CREATE TABLE c (v integer, CONSTRAINT v_pos CHECK (v > 0) NOT ENFORCED)",
            r#""v_pos" on "public"."c" (NOT ENFORCED)"#,
        ),
        (
            "CREATE TABLE p (id integer PRIMARY KEY);
             CREATE TABLE c (p_id integer,
               CONSTRAINT c_p_fkey FOREIGN KEY (p_id) REFERENCES p (id) NOT ENFORCED)",
            r#""c_p_fkey" on "public"."c" (NOT ENFORCED)"#,
        ),
        (
            "CREATE EXTENSION btree_gist;
             CREATE TABLE b (id integer, during daterange,
               CONSTRAINT b_pkey PRIMARY KEY (id, during WITHOUT OVERLAPS))",
            r#""b_pkey" on "public"."b" (WITHOUT OVERLAPS or PERIOD)"#,
        ),
    ];
    let before_18 = server_major() < 18;
    for (sql, named) in cases {
        let db = TestDb::new();
        let created = block_on(async {
            let client = connect(db.config()).await;
            client.batch_execute(sql).await
        });
        if before_18 {
            // Neither NOT ENFORCED nor WITHOUT OVERLAPS exists before 18.
            let error = created.expect_err(sql);
            let message = error.as_db_error().map(|e| e.message().to_string());
            assert!(
                message
                    .as_deref()
                    .is_some_and(|m| m.starts_with("syntax error")),
                "{sql}: {error:?}"
            );
            continue;
        }
        created.unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        let project = TempProject::new();
        let run = project.strata_env(&["pull"], &[("DATABASE_URL", db.url().as_str())]);
        run.expect_code(2);
        assert!(
            run.stderr.contains("constraints that strata cannot model")
                && run.stderr.contains(named),
            "{sql}\n{}",
            run.stderr
        );
        assert!(project.files().is_empty(), "{:?}", project.files());
    }
}
