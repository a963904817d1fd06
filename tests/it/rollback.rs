//! `rollback` plans its steps as `migrate` does: batches for a non-transactional migration,
//! statements that refuse a transaction on their own, a recorded position to resume from, and
//! a way out of every half-done state.

use crate::support::*;

/// A project of hand-written migrations `(name, up, down)`, made with `new` and `hash`.
fn hand_project(migrations: &[(&str, &str, &str)]) -> TempProject {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    for (idx, (name, up, down)) in migrations.iter().enumerate() {
        project.strata(&["new", name]).expect_code(0);
        let tag = format!("{idx:04}_{name}");
        project.write(&format!("migrations/{tag}.up.sql"), up);
        project.write(&format!("migrations/{tag}.down.sql"), down);
    }
    project.strata(&["hash"]).expect_code(0);
    project
}

fn tables(db: &TestDb) -> Vec<String> {
    db.query_strings(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
         AND table_name <> 'strata_migrations' ORDER BY 1",
    )
}

fn history(db: &TestDb) -> Vec<String> {
    db.query_strings("SELECT tag FROM strata_migrations ORDER BY idx")
}

fn status_json(project: &TempProject, env: &[(&str, &str)]) -> serde_json::Value {
    let run = project.strata_env(&["status", "--json"], env);
    run.expect_code(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// Issue 12, item 9: the down file of a non-transactional migration (the 2,000-table initial
/// migration, too big for one transaction: "out of shared memory") ran in one transaction.
/// It runs in batches of 100 that commit their progress: here a failure after 250 statements
/// leaves the first two batches committed, and the rollback resumes after them.
#[test]
fn a_non_transactional_migration_rolls_back_in_batches_and_resumes() {
    let mut schema = String::new();
    for i in 0..250 {
        schema.push_str(&format!(
            "[table.t{i}.columns]\nid = {{ type = \"integer\", primary_key = true }}\n"
        ));
    }
    let project = TempProject::with_schema(&[("big.toml", &schema)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    // As `generate` marks a migration with the lock-table hazard (1,200 tables and more).
    let journal = project
        .read("journal.json")
        .replace("\"transactional\": true", "\"transactional\": false");
    project.write("journal.json", &journal);
    let down = project.read("migrations/0000_init.down.sql");
    project.write(
        "migrations/0000_init.down.sql",
        &format!("{down}\nSELECT 1/0;\n"),
    );
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    let run = project.strata_env(&["rollback", "--force"], &env);
    run.expect_code(3);
    assert!(
        run.stdout.contains("transactions of up to 100"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(tables(&db).len(), 50, "two batches of 100 committed");
    let report = status_json(&project, &env);
    assert_eq!(report["migrations"][0]["state"], "rollback_failed");
    assert_eq!(report["migrations"][0]["statements_done"], 200);
    assert_eq!(report["migrations"][0]["statements_total"], 251);
    // Inside the shared --json envelope, with the state counted in the summary.
    assert_eq!(report["command"], "status");
    assert_eq!(report["summary"]["rollback_failed"], 1);
    assert!(report["error"].is_null(), "{report}");
    project.write("migrations/0000_init.down.sql", &down);
    let run = project.strata_env(&["rollback", "--force"], &env);
    run.expect_code(0);
    assert!(
        run.stdout.contains("resuming at statement 201 of 250"),
        "{}",
        run.stdout
    );
    assert_eq!(tables(&db), Vec::<String>::new());
    assert_eq!(history(&db), Vec::<String>::new());
}

/// Issue 12, item 9: a down file with `DROP INDEX CONCURRENTLY` ran inside a transaction.
#[test]
fn a_down_file_that_refuses_a_transaction_runs_its_statement_alone() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "idx",
        "CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);\n",
        "DROP INDEX CONCURRENTLY t_id_idx;\nDROP TABLE t;\n",
    )]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    let run = project.strata_env(&["rollback"], &env);
    run.expect_code(0);
    assert_eq!(tables(&db), Vec::<String>::new());
    assert_eq!(history(&db), Vec::<String>::new());
}

/// Issue 12, item 9: a migration that stopped halfway could not be rolled back (its down file
/// drops what the up never created), and it could not be migrated either when the cause was
/// permanent: no way forward or back.
#[test]
fn a_migration_that_stopped_halfway_rolls_back_what_it_applied() {
    let db = TestDb::new();
    let project = hand_project(&[
        (
            "base",
            "CREATE TABLE base (id int);\n",
            "DROP TABLE base;\n",
        ),
        (
            "steps",
            "-- strata:no-transaction\nCREATE TABLE s (id int);\nALTER TABLE base ADD COLUMN note text;\n\
             INSERT INTO s VALUES ('x');\nCREATE TABLE s2 (id int);\nALTER TABLE base ADD COLUMN extra int;\n",
            "ALTER TABLE base DROP COLUMN extra;\nDROP TABLE s2;\nALTER TABLE base DROP COLUMN note;\nDROP TABLE s;\n",
        ),
    ]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(3);
    assert_eq!(tables(&db), vec!["base", "s"]);
    let run = project.strata_env(&["rollback"], &env);
    run.expect_code(0);
    assert!(
        run.stdout.contains("stopped after 2 of 5 statements"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("skipped"), "{}", run.stderr);
    assert_eq!(tables(&db), vec!["base"]);
    assert_eq!(
        db.query_strings(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'base'"
        ),
        vec!["1"]
    );
    assert_eq!(history(&db), vec!["0000_base"]);
}

/// A rollback that fails halfway is recorded; `migrate` refuses to build on it and says to
/// finish the rollback; the next `rollback` resumes where it stopped.
#[test]
fn a_rollback_that_fails_halfway_resumes_and_migrate_points_at_it() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "steps",
        "-- strata:no-transaction\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n",
        "DROP TABLE c;\nSELECT 1/0;\nDROP TABLE b;\nDROP TABLE a;\n",
    )]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    let run = project.strata_env(&["rollback"], &env);
    run.expect_code(3);
    assert!(run.stderr.contains("division by zero"), "{}", run.stderr);
    assert_eq!(tables(&db), vec!["a", "b"]);
    let report = status_json(&project, &env);
    assert_eq!(report["migrations"][0]["state"], "rollback_failed");
    assert_eq!(report["migrations"][0]["statements_done"], 1);
    assert_eq!(report["migrations"][0]["statements_total"], 4);
    let refused = project.strata_env(&["migrate"], &env);
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("strata rollback"),
        "{}",
        refused.stderr
    );
    project.write(
        "migrations/0000_steps.down.sql",
        "DROP TABLE c;\nSELECT 1;\nDROP TABLE b;\nDROP TABLE a;\n",
    );
    let run = project.strata_env(&["rollback", "--force"], &env);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("0000_steps (down): resuming at statement 2 of 4"),
        "{}",
        run.stdout
    );
    assert_eq!(tables(&db), Vec::<String>::new());
    assert_eq!(history(&db), Vec::<String>::new());
    project.strata_env(&["migrate"], &env).expect_code(0);
    assert_eq!(tables(&db), vec!["a", "b", "c"]);
}

/// Issue 12, item 18: the dry runs printed only tags; they print the SQL in the order and the
/// transactions it would run in, and change nothing.
#[test]
fn dry_runs_print_the_sql_in_its_transactions() {
    let db = TestDb::new();
    let project = hand_project(&[
        ("a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n"),
        (
            "idx",
            "CREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY b_idx ON b (id);\n",
            "DROP INDEX CONCURRENTLY b_idx;\nDROP TABLE b;\n",
        ),
    ]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let run = project.strata_env(&["migrate", "--dry-run"], &env);
    run.expect_code(0);
    let expected = "-- 0000_a (up): one transaction\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n";
    assert!(run.stdout.contains(expected), "{}", run.stdout);
    let b = run.stdout.find("CREATE TABLE b").expect("b");
    let concurrently = run.stdout.find("CREATE INDEX CONCURRENTLY").expect("idx");
    assert!(b < concurrently, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("-- outside a transaction\nCREATE INDEX CONCURRENTLY b_idx ON b (id);\n"),
        "{}",
        run.stdout
    );
    assert_eq!(tables(&db), Vec::<String>::new());
    project.strata_env(&["migrate"], &env).expect_code(0);
    let run = project.strata_env(&["rollback", "--steps", "2", "--dry-run"], &env);
    run.expect_code(0);
    let idx = run
        .stdout
        .find("DROP INDEX CONCURRENTLY b_idx")
        .expect("down idx");
    let drop_a = run.stdout.find("DROP TABLE a").expect("down a");
    assert!(idx < drop_a, "newest first:\n{}", run.stdout);
    assert!(
        run.stdout.contains("-- 0000_a (down): one transaction"),
        "{}",
        run.stdout
    );
    assert_eq!(tables(&db), vec!["a", "b"]);
    assert_eq!(history(&db), vec!["0000_a", "0001_idx"]);
}

/// A history table written by an earlier strata (without the rollback progress column) is
/// read as it is and upgraded before a rollback records its progress in it.
#[test]
fn a_history_table_from_an_earlier_version_is_upgraded() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "steps",
        "-- strata:no-transaction\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
        "DROP TABLE b;\nDROP TABLE a;\n",
    )]);
    let up = project.read("migrations/0000_steps.up.sql");
    db.execute(&format!(
        "CREATE TABLE strata_migrations (idx integer NOT NULL, tag text PRIMARY KEY, \
         up_sha256 text NOT NULL, snapshot_id text, applied_at timestamptz NOT NULL DEFAULT now(), \
         duration_ms bigint NOT NULL DEFAULT 0, applied_by text NOT NULL, \
         statements_done integer NOT NULL DEFAULT 0, error text);
         CREATE TABLE a (id int); CREATE TABLE b (id int);
         INSERT INTO strata_migrations (idx, tag, up_sha256, applied_by, statements_done)
         VALUES (0, '0000_steps', '{}', 'old', 2)",
        strata::migrate::checksum::text_sha256(&up)
    ));
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let report = status_json(&project, &env);
    assert_eq!(report["migrations"][0]["state"], "applied");
    project.strata_env(&["rollback"], &env).expect_code(0);
    assert_eq!(tables(&db), Vec::<String>::new());
    assert_eq!(
        db.query_strings(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'strata_migrations' \
             AND column_name = 'down_statements_done'"
        ),
        vec!["1"]
    );
}
