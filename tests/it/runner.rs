//! The runner against a real PostgreSQL: concurrency, crashes, tampering, failures, rollback,
//! password masking.

use crate::support::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

const THREE: &[(&str, &str, &str)] = &[
    ("a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n"),
    (
        "b",
        "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n",
        "DROP TABLE b;\n",
    ),
    ("c", "CREATE TABLE c (id int);\n", "DROP TABLE c;\n"),
];

#[test]
fn migrate_applies_in_order_and_rollback_steps_and_to_return_to_earlier_states() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project
        .strata_env(&["migrate", "--to", "0001_b"], &env)
        .expect_code(0);
    assert_eq!(tables(&db), vec!["a", "b"]);
    project.strata_env(&["migrate"], &env).expect_code(0);
    assert_eq!(history(&db), vec!["0000_a", "0001_b", "0002_c"]);
    let again = project.strata_env(&["migrate"], &env);
    again.expect_code(0);
    assert!(again.stdout.contains("up to date"), "{}", again.stdout);
    project
        .strata_env(&["rollback", "--steps", "2"], &env)
        .expect_code(0);
    assert_eq!(tables(&db), vec!["a"]);
    project.strata_env(&["migrate"], &env).expect_code(0);
    project
        .strata_env(&["rollback", "--to", "0000_a"], &env)
        .expect_code(0);
    assert_eq!(tables(&db), vec!["a"]);
    assert_eq!(history(&db), vec!["0000_a"]);
}

#[test]
fn eight_concurrent_runners_apply_each_migration_once() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let url = db.url();
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_strata"))
                .current_dir(project.path())
                .args(["migrate"])
                .env("DATABASE_URL", &url)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(history(&db), vec!["0000_a", "0001_b", "0002_c"]);
    // The INSERT ran once: a second run of migration b would have failed on CREATE TABLE anyway,
    // but the row count proves no partial double application either.
    assert_eq!(db.query_strings("SELECT count(*) FROM b"), vec!["1"]);
}

#[test]
fn a_runner_killed_mid_migration_leaves_no_trace_and_no_lock() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "slow",
        "CREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n",
        "DROP TABLE slow;\n",
    )]);
    let url = db.url();
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .current_dir(project.path())
        .args(["migrate"])
        .env("DATABASE_URL", &url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let sleeping = db.query_strings(&format!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
            db.name
        ));
        if sleeping == vec!["1"] {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "migration never started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // The backend notices its dead client within client_connection_check_interval (1 s),
    // aborts the transaction and ends the session, which releases the lock.
    let killed = Instant::now();
    let sleeping = format!(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
        db.name
    );
    while db.query_strings(&sleeping) != vec!["0"] {
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "the killed runner's session lives on"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(tables(&db), Vec::<String>::new());
    assert_eq!(history(&db), Vec::<String>::new());
    project.write(
        "migrations/0000_slow.up.sql",
        "CREATE TABLE slow (id int);\n",
    );
    project.strata(&["hash"]).expect_code(0);
    let started = Instant::now();
    project
        .strata_env(
            &["migrate", "--lock-timeout", "10s"],
            &[("DATABASE_URL", url.as_str())],
        )
        .expect_code(0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the lock was still held"
    );
    assert_eq!(tables(&db), vec!["slow"]);
}

#[test]
fn an_edited_applied_migration_is_refused_with_both_hashes() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    let before = strata::migrate::checksum::text_sha256(&project.read("migrations/0001_b.up.sql"));
    project.write("migrations/0001_b.up.sql", "CREATE TABLE b (id bigint);\n");
    let after = strata::migrate::checksum::text_sha256(&project.read("migrations/0001_b.up.sql"));
    let run = project.strata_env(&["migrate"], &env);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("0001_b was edited after it was applied"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&before) && run.stderr.contains(&after),
        "{}",
        run.stderr
    );
    let status = project.strata_env(&["status", "--json"], &env);
    let report: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(report["migrations"][1]["state"], "edited");
}

#[test]
fn a_pending_migration_edited_without_hash_is_refused() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    project.write("migrations/0002_c.up.sql", "CREATE TABLE c (id bigint);\n");
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(1);
    assert!(run.stderr.contains("strata hash"), "{}", run.stderr);
    assert_eq!(
        tables(&db),
        Vec::<String>::new(),
        "nothing may run before the refusal"
    );
}

#[test]
fn crlf_line_endings_are_not_an_edit() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let env = [("DATABASE_URL", db.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    project.strata_env(&["migrate"], &env).expect_code(0);
    let text = project
        .read("migrations/0000_a.up.sql")
        .replace('\n', "\r\n");
    project.write("migrations/0000_a.up.sql", &text);
    project.strata_env(&["migrate"], &env).expect_code(0);
    project.strata(&["check"]).expect_code(0);
}

#[test]
fn a_failing_migration_leaves_nothing_and_names_statement_and_line() {
    let db = TestDb::new();
    let project = hand_project(&[
        ("ok", "CREATE TABLE ok (id int);\n", "DROP TABLE ok;\n"),
        (
            "bad",
            "CREATE TABLE bad (id int);\n\nINSERT INTO bad VALUES ('not a number');\n",
            "DROP TABLE bad;\n",
        ),
    ]);
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(3);
    assert!(
        run.stderr.contains("migration 0001_bad failed at"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("0001_bad.up.sql:3"), "{}", run.stderr);
    assert!(
        run.stderr.contains("invalid input syntax for type integer"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("statement: INSERT INTO bad"),
        "{}",
        run.stderr
    );
    assert_eq!(tables(&db), vec!["ok"]);
    assert_eq!(history(&db), vec!["0000_ok"]);
}

#[test]
fn a_non_transactional_migration_runs_outside_one_transaction() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "concurrent",
        "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n",
        "DROP TABLE t;\n",
    )]);
    let journal: serde_json::Value = serde_json::from_str(&project.read("journal.json")).unwrap();
    assert_eq!(journal["entries"][0]["transactional"], false);
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(0);
    assert!(run.stdout.contains("non-transactional"), "{}", run.stdout);
    assert_eq!(
        db.query_strings("SELECT indexname::text FROM pg_indexes WHERE tablename = 't'"),
        vec!["t_id_idx"]
    );
}

#[test]
fn a_non_transactional_failure_is_recorded_and_resumed() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "steps",
        "-- strata:no-transaction\nCREATE TABLE s (id int);\nINSERT INTO s VALUES ('x');\nCREATE TABLE s2 (id int);\n",
        "DROP TABLE s2;\nDROP TABLE s;\n",
    )]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(3);
    assert_eq!(tables(&db), vec!["s"], "the first statement stays applied");
    let status = project.strata_env(&["status", "--json"], &env);
    let report: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(report["migrations"][0]["state"], "failed");
    // Fix the statement (a hand-written migration: edit, hash) and resume after the first one.
    let fixed = project
        .read("migrations/0000_steps.up.sql")
        .replace("'x'", "1");
    project.write("migrations/0000_steps.up.sql", &fixed);
    project.strata(&["hash"]).expect_code(0);
    project.strata_env(&["migrate"], &env).expect_code(0);
    assert_eq!(tables(&db), vec!["s", "s2"]);
    assert_eq!(db.query_strings("SELECT count(*) FROM s"), vec!["1"]);
}

/// Without a `-- strata:no-transaction` line, a non-transactional migration runs in batches:
/// a failure rolls back its own batch only, and the next run resumes at that batch.
#[test]
fn a_batched_failure_rolls_back_its_batch_and_resumes_there() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "batches",
        "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_idx ON a (id);\n\
         CREATE TABLE b (id int);\nINSERT INTO b VALUES ('x');\nCREATE TABLE c (id int);\n",
        "DROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n",
    )]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let run = project.strata_env(&["migrate"], &env);
    run.expect_code(3);
    assert!(
        run.stdout.contains("transactions of up to"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("statement: INSERT INTO b"),
        "{}",
        run.stderr
    );
    // a and its index were committed before; b was created in the failed batch.
    assert_eq!(tables(&db), vec!["a"]);
    let status = project.strata_env(&["status", "--json"], &env);
    let report: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(report["migrations"][0]["state"], "failed");
    let fixed = project
        .read("migrations/0000_batches.up.sql")
        .replace("'x'", "1");
    project.write("migrations/0000_batches.up.sql", &fixed);
    project.strata(&["hash"]).expect_code(0);
    project.strata_env(&["migrate"], &env).expect_code(0);
    assert_eq!(tables(&db), vec!["a", "b", "c"]);
    assert_eq!(db.query_strings("SELECT count(*) FROM b"), vec!["1"]);
    assert_eq!(history(&db), vec!["0000_batches"]);
}

#[test]
fn an_edited_down_file_needs_force() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    project.write("migrations/0002_c.down.sql", "DROP TABLE c CASCADE;\n");
    let run = project.strata_env(&["rollback"], &env);
    run.expect_code(1);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(tables(&db), vec!["a", "b", "c"]);
    project
        .strata_env(&["rollback", "--force"], &env)
        .expect_code(0);
    assert_eq!(tables(&db), vec!["a", "b"]);
}

#[test]
fn a_held_lock_times_out_with_a_clear_message() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let key = strata::migrate::lock::lock_key(
        &db.name,
        &strata::schema::QualifiedName::public("strata_migrations"),
    );
    let config = db.config().clone();
    let url = db.url();
    block_on(async move {
        let holder = connect(&config).await;
        holder
            .execute("SELECT pg_advisory_lock($1)", &[&key])
            .await
            .unwrap();
        let run = tokio::task::spawn_blocking(move || {
            strata_in(
                project.path(),
                &["migrate", "--lock-timeout", "300ms"],
                &[("DATABASE_URL", url.as_str())],
            )
        })
        .await
        .unwrap();
        run.expect_code(3);
        assert!(
            run.stderr.contains("holds the migration lock"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("held by pid"), "{}", run.stderr);
    });
}

#[test]
fn the_password_never_appears_in_any_output() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let (host, port) = server_host_port();
    let url = format!("postgres://postgres:Sup3rS3cret@{host}:{port}/{}", db.name);
    let env = [("DATABASE_URL", url.as_str())];
    let runs = [
        project.strata_env(&["migrate"], &env),
        project.strata_env(&["status"], &env),
        project.strata_env(&["status", "--json"], &env),
        project.strata_env(&["rollback", "--dry-run"], &env),
        project.strata_env(
            &[
                "migrate",
                "--database-url",
                "postgres://postgres:Sup3rS3cret@127.0.0.1:1/x",
            ],
            &[],
        ),
        project.strata_env(
            &[
                "status",
                "--database-url",
                "postgres://postgres:Sup3rS3cret@127.0.0.1:1/x",
            ],
            &[],
        ),
    ];
    for run in &runs {
        assert!(
            !run.stdout.contains("Sup3rS3cret") && !run.stderr.contains("Sup3rS3cret"),
            "password leaked:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    assert!(
        runs[0].stdout.contains("postgres:****@"),
        "{}",
        runs[0].stdout
    );
    assert_eq!(runs[4].code, 3, "{}", runs[4].stderr);
}

#[test]
fn status_works_offline() {
    let project = hand_project(THREE);
    // Nothing listens on port 1: the database part is skipped, the files are still listed.
    let run = project.strata_env(&["status"], &[("PGHOST", "127.0.0.1"), ("PGPORT", "1")]);
    run.expect_code(0);
    assert!(run.stdout.contains("0002_c"), "{}", run.stdout);
    assert!(
        run.stdout.contains("database not consulted"),
        "{}",
        run.stdout
    );
}

/// Regression: `strata status | head -1` panicked with "failed printing to stdout".
#[test]
fn a_closed_stdout_is_not_a_crash() {
    let project = hand_project(THREE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .current_dir(project.path())
        .args(["status", "--json"])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{stderr}");
}

#[test]
fn statement_timeout_stops_a_slow_migration_and_leaves_nothing() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "slow",
        "CREATE TABLE slow (id int);\nSELECT pg_sleep(5);\n",
        "DROP TABLE slow;\n",
    )]);
    let started = Instant::now();
    let run = project.strata_env(
        &["migrate", "--statement-timeout", "200ms"],
        &[("DATABASE_URL", db.url().as_str())],
    );
    run.expect_code(3);
    assert!(run.stderr.contains("statement timeout"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(tables(&db), Vec::<String>::new());
}

/// Runs strata in `project` and kills it if it has not finished after `limit`: a hang fails
/// the test instead of stalling the suite.
fn strata_with_limit(project: &TempProject, args: &[&str], url: &str, limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .current_dir(project.path())
        .args(args)
        .env("DATABASE_URL", url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "strata {args:?} still ran after {limit:?}\nstderr:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Issue 12, item 10: with the history table locked by another session, `migrate
/// --lock-timeout 2s` still waited after 20 s (reading the history was not bounded).
#[test]
fn a_locked_history_table_times_out_and_names_the_holder() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let url = db.url();
    project
        .strata_env(
            &["migrate", "--to", "0000_a"],
            &[("DATABASE_URL", url.as_str())],
        )
        .expect_code(0);
    let config = db.config().clone();
    block_on(async move {
        let holder = connect(&config).await;
        holder
            .batch_execute(
                "SET application_name = 'history_locker'; BEGIN; \
                 LOCK TABLE strata_migrations IN ACCESS EXCLUSIVE MODE",
            )
            .await
            .unwrap();
        let pid: i32 = holder
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .unwrap()
            .get(0);
        let run = tokio::task::spawn_blocking(move || {
            strata_with_limit(
                &project,
                &["migrate", "--lock-timeout", "2s"],
                &url,
                Duration::from_secs(15),
            )
        })
        .await
        .unwrap();
        run.expect_code(3);
        assert!(run.stderr.contains("lock timeout"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("pid {pid}")),
            "the holder is named: {}",
            run.stderr
        );
        assert!(run.stderr.contains("history_locker"), "{}", run.stderr);
    });
}

/// Issue 12, item 10: a migration's own statement that times out on a lock names the session
/// holding it.
#[test]
fn a_statement_lock_timeout_names_the_holder() {
    let db = TestDb::new();
    let project = hand_project(&[
        ("a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n"),
        (
            "b",
            "ALTER TABLE a ADD COLUMN x int;\n",
            "ALTER TABLE a DROP COLUMN x;\n",
        ),
    ]);
    let url = db.url();
    project
        .strata_env(
            &["migrate", "--to", "0000_a"],
            &[("DATABASE_URL", url.as_str())],
        )
        .expect_code(0);
    let config = db.config().clone();
    block_on(async move {
        let holder = connect(&config).await;
        holder
            .batch_execute("SET application_name = 'table_reader'; BEGIN; SELECT * FROM a")
            .await
            .unwrap();
        let pid: i32 = holder
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .unwrap()
            .get(0);
        let run = tokio::task::spawn_blocking(move || {
            strata_with_limit(
                &project,
                &["migrate", "--lock-timeout", "1s"],
                &url,
                Duration::from_secs(15),
            )
        })
        .await
        .unwrap();
        run.expect_code(3);
        assert!(run.stderr.contains("lock timeout"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("pid {pid}")) && run.stderr.contains("table_reader"),
            "the holder is named: {}",
            run.stderr
        );
    });
}

/// Issue 12, item 11: `status` showed 0 ms for every transactional migration.
#[test]
fn a_transactional_migration_records_how_long_it_took() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "slow",
        "CREATE TABLE slow (id int);\nSELECT pg_sleep(0.3);\n",
        "DROP TABLE slow;\n",
    )]);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    let status = project.strata_env(&["status", "--json"], &env);
    let report: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let duration = report["migrations"][0]["duration_ms"].as_i64().unwrap();
    assert!(duration >= 300, "duration_ms {duration}");
}

/// Issue 12, item 14: after `pg_terminate_backend` the error said "recording 0000_x in the
/// history table: connection closed" and lost the cause.
#[test]
fn a_terminated_connection_keeps_the_cause_and_the_next_run_resumes() {
    let db = TestDb::new();
    let project = hand_project(&[(
        "steps",
        "-- strata:no-transaction\nCREATE TABLE a (id int);\nSELECT pg_sleep(30);\nCREATE TABLE b (id int);\n",
        "DROP TABLE b;\nDROP TABLE a;\n",
    )]);
    let url = db.url();
    let path = project.path().to_path_buf();
    let runner = std::thread::spawn(move || {
        strata_in(&path, &["migrate"], &[("DATABASE_URL", url.as_str())])
    });
    let sleeping = format!(
        "SELECT pid FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
        db.name
    );
    let started = Instant::now();
    let pid = loop {
        if let Some(pid) = db.query_strings(&sleeping).pop() {
            break pid;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "never started");
        std::thread::sleep(Duration::from_millis(50));
    };
    db.execute(&format!("SELECT pg_terminate_backend({pid})"));
    let run = runner.join().unwrap();
    run.expect_code(3);
    assert!(
        run.stderr
            .contains("terminating connection due to administrator command"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.starts_with("error: recording"),
        "the cause comes first: {}",
        run.stderr
    );
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let status = project.strata_env(&["status", "--json"], &env);
    let report: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(report["migrations"][0]["state"], "failed");
    assert_eq!(report["migrations"][0]["statements_done"], 1);
    let fixed = project
        .read("migrations/0000_steps.up.sql")
        .replace("pg_sleep(30)", "1");
    project.write("migrations/0000_steps.up.sql", &fixed);
    project.strata(&["hash"]).expect_code(0);
    let run = project.strata_env(&["migrate"], &env);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("0000_steps (up): resuming at statement 2 of 3"),
        "{}",
        run.stdout
    );
    assert_eq!(tables(&db), vec!["a", "b"]);
}

/// Issue 12, item 15: `check` told the user to run `strata hash` on an edited migration that
/// may be applied somewhere; after that `check` was green and `migrate` refused.
#[test]
fn an_edited_migration_is_not_waved_through_with_hash() {
    let db = TestDb::new();
    let project = hand_project(THREE);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    project.write("migrations/0001_b.up.sql", "CREATE TABLE b (id bigint);\n");
    let check = project.strata(&["check"]);
    check.expect_code(1);
    assert!(
        check.stdout.contains("must not be edited")
            && check.stdout.contains("new migration")
            && check.stdout.contains("only if no database has applied it"),
        "{}",
        check.stdout
    );
    let refused = project.strata_env(&["migrate"], &env);
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("revert") && refused.stderr.contains("new migration"),
        "{}",
        refused.stderr
    );
}
