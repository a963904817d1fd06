//! Scratch databases (issue 11, item 5): `verify`, `diff` and `push` normalise the expected
//! schema in a scratch database. It is dropped when the run is interrupted (SIGINT, SIGTERM);
//! one left by a killed run (SIGKILL) is dropped by the next run that needs one, and one that
//! a live run is using is never touched.
//!
//! The run is held inside its scratch phase by a lock: the test locks the first table as soon
//! as it exists in the scratch database, so the run waits to index it, and signals it there.

use crate::support::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Tables in the schema: enough for the test to lock the first before the indexes come.
const TABLES: usize = 30;

/// A project with `TABLES` tables, generated and migrated into `db`.
fn migrated_big_project(db: &TestDb) -> TempProject {
    let mut toml = String::new();
    for i in 0..TABLES {
        toml.push_str(&format!(
            "[table.t{i}.columns]\nid = {{ type = \"bigint\", primary_key = true }}\n\
             name = {{ type = \"text\", not_null = true, default = \"x\" }}\n\
             score = {{ type = \"integer\", default = 0 }}\n\n\
             [table.t{i}.indexes]\nt{i}_name_idx = {{ columns = [\"name\"] }}\n\n"
        ));
    }
    let project = TempProject::with_schema(&[("all.toml", &toml)]);
    project.strata(&["init"]).expect_code(0);
    project
        .strata(&["generate", "--name", "big"])
        .expect_code(0);
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())])
        .expect_code(0);
    project
}

/// Starts `strata verify` on `db` in the background.
fn spawn_verify(project: &TempProject, db: &TestDb) -> Child {
    spawn(project, db, &["verify"])
}

fn spawn(project: &TempProject, db: &TestDb, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .current_dir(project.path())
        .args(args)
        .env("DATABASE_URL", db.url())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs a query on the server's maintenance database and returns the first column.
fn server_strings(sql: &str) -> Vec<String> {
    block_on(async {
        let config: tokio_postgres::Config = server_url().parse().unwrap();
        let client = connect(&config).await;
        client
            .simple_query(sql)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
                _ => None,
            })
            .collect()
    })
}

fn database_exists(name: &str) -> bool {
    server_strings(&format!(
        "SELECT datname FROM pg_database WHERE datname = '{name}'"
    )) == vec![name.to_string()]
}

/// Waits until the scratch database of `child` (working on `db`) exists, and returns its
/// name. The run's own connection to `db` is found in pg_stat_activity; the scratch
/// database carries that backend's pid in its name (or, before the fix, the process id).
fn wait_for_scratch(child: &mut Child, db: &TestDb) -> String {
    let started = Instant::now();
    loop {
        let names = server_strings(&format!(
            "SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'strata\\_scratch\\_{}\\_%' \
             OR EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = '{}' \
                        AND d.datname LIKE 'strata\\_scratch\\_' || a.pid || '\\_%')",
            child.id(),
            db.name
        ));
        if let Some(name) = names.into_iter().next() {
            return name;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let output = child.stderr.take().map(std::io::read_to_string);
            panic!("the run ended ({status}) before its scratch phase was seen: {output:?}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no scratch database appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A transaction holding `ACCESS EXCLUSIVE` on table `t0` of a scratch database, so the run
/// that applies the schema there waits at `CREATE INDEX t0_name_idx`.
struct LockHolder {
    runtime: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
}

impl LockHolder {
    fn take(scratch: &str) -> LockHolder {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut config: tokio_postgres::Config = server_url().parse().unwrap();
        config.dbname(scratch);
        let started = Instant::now();
        loop {
            let attempt = runtime.block_on(async {
                let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
                tokio::spawn(connection);
                client
                    .batch_execute("BEGIN; LOCK TABLE t0 IN ACCESS EXCLUSIVE MODE")
                    .await?;
                Ok::<_, tokio_postgres::Error>(client)
            });
            match attempt {
                Ok(client) => return LockHolder { runtime, client },
                Err(e) => assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "could not lock t0 in {scratch}: {e}"
                ),
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn release(self) {
        let _ = self.runtime.block_on(self.client.batch_execute("COMMIT"));
    }
}

/// Sends `signal` to the child process.
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn sigint_sigterm_and_sighup_during_verify_diff_and_push_drop_the_scratch_database() {
    let db = TestDb::new();
    let project = migrated_big_project(&db);
    let url = db.url();
    let diff: &[&str] = &["diff", "--from", "schema", "--to", &url];
    let runs: [(&[&str], &str, i32); 5] = [
        (&["verify"], "INT", 130),
        (&["verify"], "TERM", 143),
        (&["verify"], "HUP", 129),
        (diff, "INT", 130),
        (&["push"], "TERM", 143),
    ];
    for (args, name, code) in runs {
        let mut child = spawn(&project, &db, args);
        let scratch = wait_for_scratch(&mut child, &db);
        let lock = LockHolder::take(&scratch);
        signal(&child, name);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?} SIG{name}: {stderr}"
        );
        assert!(
            !database_exists(&scratch),
            "{args:?} SIG{name} left {scratch} behind: {stderr}"
        );
        assert!(
            stderr.contains("interrupted"),
            "{args:?} SIG{name}: {stderr}"
        );
        lock.release();
    }
}

#[test]
fn a_scratch_database_left_by_a_killed_verify_is_dropped_by_the_next_run() {
    let db = TestDb::new();
    let project = migrated_big_project(&db);
    let mut child = spawn_verify(&project, &db);
    let scratch = wait_for_scratch(&mut child, &db);
    let lock = LockHolder::take(&scratch);
    child.kill().unwrap(); // SIGKILL: nothing can clean up
    child.wait().unwrap();
    lock.release();
    // The killed run's session ends once the server notices the closed socket.
    let started = Instant::now();
    let sessions = format!(
        "SELECT pid::text FROM pg_stat_activity WHERE datname = '{}'",
        db.name
    );
    while !server_strings(&sessions).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the session lives on"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let run = project.strata_env(&["verify"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(0);
    // This run dropped it (and said so), unless a concurrent test's run got there first.
    assert!(!database_exists(&scratch), "{scratch} is still there");
}

#[test]
fn a_scratch_database_in_use_by_a_live_run_is_left_alone() {
    let db = TestDb::new();
    let project = migrated_big_project(&db);
    let mut first = spawn_verify(&project, &db);
    let scratch = wait_for_scratch(&mut first, &db);
    let lock = LockHolder::take(&scratch);
    // The first run waits for the lock inside its scratch phase while the second one runs.
    let second = project.strata_env(&["verify"], &[("DATABASE_URL", db.url().as_str())]);
    second.expect_code(0);
    assert!(!second.stderr.contains(&scratch), "{}", second.stderr);
    assert!(
        database_exists(&scratch),
        "the second run dropped {scratch}"
    );
    lock.release();
    let output = first.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the first run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!database_exists(&scratch));
}
