//! `strata::migrator`, the library API for migrating at application startup, against a real
//! PostgreSQL: the example and an application with embedded migrations run for real, the
//! command line and the library mixed on one database, two instances starting at once,
//! tampering, typed errors, and the borrowed connection handed back as it was.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use strata::migrator::{Error, Event, LockWait, Migrations, Migrator, Refusal};

/// The Flick project's tags, in order.
fn flick_tags() -> Vec<String> {
    Migrations::from_dir(repo_root())
        .unwrap()
        .tags()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// A copy of the repository's example project (the Flick schema) in a temporary directory.
fn flick_copy() -> TempProject {
    let project = TempProject::new();
    for dir in ["schema", "migrations", "snapshots"] {
        copy_dir(&repo_root().join(dir), &project.path().join(dir));
    }
    std::fs::copy(
        repo_root().join("journal.json"),
        project.path().join("journal.json"),
    )
    .unwrap();
    project
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A project of hand-written migrations `(name, up)`, made with `new` and `hash`.
fn hand_project(migrations: &[(&str, &str)]) -> TempProject {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    for (idx, (name, up)) in migrations.iter().enumerate() {
        project.strata(&["new", name]).expect_code(0);
        project.write(&format!("migrations/{idx:04}_{name}.up.sql"), up);
    }
    project.strata(&["hash"]).expect_code(0);
    project
}

/// Runs the library on `db` with `migrator`'s options, on a connection of its own.
fn run(db: &TestDb, migrator: &Migrator<'_>) -> Result<strata::migrator::Report, Error> {
    block_on(async {
        let client = connect(db.config()).await;
        migrator.run(&client).await
    })
}

/// `strata status --json` in `dir` on `db`: each migration's tag and state, and `ok`.
fn status(dir: &Path, db: &TestDb) -> Vec<(String, String)> {
    let run = strata_in(dir, &["status", "--json"], &[("DATABASE_URL", &db.url())]);
    run.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["ok"], true, "{}", run.stdout);
    assert!(doc["database"].is_string(), "{}", run.stdout);
    doc["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["tag"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Asserts that `strata status --json` reports every tag applied.
#[track_caller]
fn assert_all_applied(dir: &Path, db: &TestDb, tags: &[String]) {
    let expected: Vec<(String, String)> = tags
        .iter()
        .map(|t| (t.clone(), "applied".to_string()))
        .collect();
    assert_eq!(status(dir, db), expected);
}

/// The history rows without what differs from run to run (when, how long).
fn history_rows(db: &TestDb) -> Vec<String> {
    db.query_strings(
        "SELECT concat_ws(' | ', idx, tag, up_sha256, snapshot_id, applied_by, statements_done, \
         coalesce(error, '-'), coalesce(down_statements_done::text, '-')) \
         FROM strata_migrations ORDER BY idx",
    )
}

fn applied_tags(report: &strata::migrator::Report) -> Vec<String> {
    report.applied.iter().map(|a| a.tag.clone()).collect()
}

/// Runs cargo (the one running these tests) with `args` in `dir`, without the connection
/// variables of this process, panicking with its output on failure.
fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command.current_dir(dir).args(args);
    for var in ["DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    let output = command.output().expect("running cargo");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "cargo {args:?} failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn the_example_migrates_the_flick_project_and_the_cli_agrees() {
    let db = TestDb::new();
    let url = db.url();
    let args = ["run", "--quiet", "--example", "migrate_at_startup"];
    let out = cargo(&repo_root(), &args, &[("DATABASE_URL", &url)]);
    let tags = flick_tags();
    for tag in &tags {
        assert!(out.contains(&format!("applied {tag} in ")), "{out}");
    }
    assert!(out.contains(&format!("{} is up to date", db.name)), "{out}");
    assert_all_applied(&repo_root(), &db, &tags);
    strata_in(&repo_root(), &["verify"], &[("DATABASE_URL", &url)]).expect_code(0);
    // A second start finds nothing to do.
    let again = cargo(&repo_root(), &args, &[("DATABASE_URL", &url)]);
    assert!(!again.contains("applied"), "{again}");
}

#[test]
fn cli_and_application_mix_on_one_database_either_way() {
    let tags = flick_tags();
    let migrations = Migrations::from_dir(repo_root()).unwrap();
    let root = repo_root();

    // The command line first, the application finishes.
    let cli_first = TestDb::new();
    let env = [("DATABASE_URL", cli_first.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    strata_in(&root, &["migrate", "--to", &tags[2]], &env).expect_code(0);
    let report = run(&cli_first, &Migrator::new(&migrations)).unwrap();
    assert_eq!(applied_tags(&report), tags[3..].to_vec());
    assert_all_applied(&root, &cli_first, &tags);
    strata_in(&root, &["verify"], &env).expect_code(0);

    // The application first (up to a target), the command line finishes.
    let app_first = TestDb::new();
    let env2 = [("DATABASE_URL", app_first.url())];
    let env2: Vec<(&str, &str)> = env2.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let report = run(&app_first, &Migrator::new(&migrations).target(&tags[2])).unwrap();
    assert_eq!(applied_tags(&report), tags[..3].to_vec());
    let cli = strata_in(&root, &["migrate"], &env2);
    cli.expect_code(0);
    assert!(
        cli.stdout
            .contains(&format!("{} migrations applied", tags.len() - 3)),
        "{cli:?}"
    );
    assert_all_applied(&root, &app_first, &tags);
    strata_in(&root, &["verify"], &env2).expect_code(0);

    // The same rows either way: who applied a migration cannot be told from the history.
    assert_eq!(history_rows(&cli_first), history_rows(&app_first));

    // The command line rolls back what the application applied, and the application
    // applies it again.
    strata_in(&root, &["rollback"], &env).expect_code(0);
    let report = run(&cli_first, &Migrator::new(&migrations)).unwrap();
    assert_eq!(applied_tags(&report), vec![tags.last().unwrap().clone()]);
    assert_eq!(history_rows(&cli_first), history_rows(&app_first));
}

#[test]
fn two_instances_starting_at_once_apply_each_migration_once() {
    let project = hand_project(&[
        (
            "slow",
            "CREATE TABLE starts (n int);\nSELECT pg_sleep(1.5);\n",
        ),
        ("count", "INSERT INTO starts VALUES (1);\n"),
    ]);
    let migrations = Migrations::from_dir(project.path()).unwrap();
    let db = TestDb::new();
    let waited = AtomicUsize::new(0);
    let start = || async {
        let client = connect(db.config()).await;
        let mut events = |event: Event| {
            if let Event::WaitingForLock { .. } = event {
                waited.fetch_add(1, Ordering::SeqCst);
            }
        };
        Migrator::new(&migrations)
            .run_with_events(&client, &mut events)
            .await
    };
    let (a, b) = block_on(async { tokio::join!(start(), start()) });
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut applied = applied_tags(&a);
    applied.extend(applied_tags(&b));
    assert_eq!(applied, vec!["0000_slow", "0001_count"], "{a:?} {b:?}");
    assert!(
        a.applied.is_empty() || b.applied.is_empty(),
        "one applied all"
    );
    assert!(
        waited.load(Ordering::SeqCst) > 0,
        "the other waited on the lock"
    );
    assert_eq!(db.query_strings("SELECT count(*) FROM starts"), vec!["1"]);
    assert_all_applied(
        project.path(),
        &db,
        &["0000_slow".into(), "0001_count".into()],
    );
}

#[test]
fn a_tampered_migration_is_refused_with_a_checksum_error_by_both() {
    let project = flick_copy();
    let db = TestDb::new();
    let tags = flick_tags();
    let before = Migrations::from_dir(project.path()).unwrap();
    run(&db, &Migrator::new(&before).target(&tags[1])).unwrap();
    let rows = history_rows(&db);

    // An applied migration edited.
    let applied = format!("migrations/{}.up.sql", tags[1]);
    let text = project.read(&applied);
    project.write(&applied, &format!("{text}\nDROP TABLE colleges;\n"));
    let tampered = Migrations::from_dir(project.path()).unwrap();
    let err = run(&db, &Migrator::new(&tampered)).unwrap_err();
    assert!(err.is_checksum_mismatch(), "{err}");
    let Error::Refused(refused) = &err else {
        panic!("expected a refusal: {err:?}");
    };
    let [
        Refusal::Edited {
            tag,
            applied_sha256,
            file_sha256,
            ..
        },
    ] = refused.problems.as_slice()
    else {
        panic!("expected one edited migration: {err:?}");
    };
    assert_eq!(tag, &tags[1]);
    assert_ne!(applied_sha256, file_sha256);
    assert!(rows[1].contains(applied_sha256.as_str()));
    assert!(
        err.to_string()
            .contains(&format!("{} was edited after it was applied", tags[1])),
        "{err}"
    );
    // Nothing ran, and the command line refuses the same database with the same words.
    assert_eq!(history_rows(&db), rows);
    let cli = project.strata_env(&["migrate"], &[("DATABASE_URL", &db.url())]);
    cli.expect_code(1);
    let words = format!(
        "{tag} was edited after it was applied: applied sha256 {applied_sha256}, file sha256 \
         {file_sha256}"
    );
    assert!(cli.stderr.contains(&words), "{cli:?}\n{words}");

    // A pending migration edited without `strata hash`.
    project.write(&applied, &text);
    let pending = format!("migrations/{}.up.sql", tags[3]);
    let text = project.read(&pending);
    project.write(&pending, &format!("{text}\n-- edited\n"));
    let err = run(
        &db,
        &Migrator::new(&Migrations::from_dir(project.path()).unwrap()),
    )
    .unwrap_err();
    assert!(err.is_checksum_mismatch(), "{err}");
    assert!(
        matches!(&err, Error::Refused(r) if matches!(&r.problems[..], [Refusal::NotHashed { tag, .. }] if tag == &tags[3])),
        "{err:?}"
    );
    assert_eq!(history_rows(&db), rows);
}

#[test]
fn a_failed_statement_is_a_typed_error_naming_its_number() {
    let project = hand_project(&[
        ("ok", "CREATE TABLE ok (id int);\n"),
        (
            "twice",
            "CREATE TABLE t (id int);\n\nCREATE TABLE t (id int);\n",
        ),
    ]);
    let migrations = Migrations::from_dir(project.path()).unwrap();
    let db = TestDb::new();
    let err = run(&db, &Migrator::new(&migrations)).unwrap_err();
    let Error::Statement(failed) = &err else {
        panic!("expected a failed statement: {err:?}");
    };
    assert_eq!(failed.tag, "0001_twice");
    assert_eq!(failed.number, 2);
    assert_eq!(failed.line, 3);
    assert_eq!(failed.code.as_deref(), Some("42P07"));
    assert!(failed.message.contains("already exists"), "{err}");
    assert_eq!(failed.statement, "CREATE TABLE t (id int)");
    assert!(!failed.partial);
    // The migration before it stays applied; the failed one left nothing.
    assert_eq!(
        db.query_strings("SELECT tag FROM strata_migrations"),
        vec!["0000_ok"]
    );
    assert_eq!(
        db.query_strings("SELECT count(*) FROM pg_tables WHERE tablename = 't'"),
        vec!["0"]
    );
}

#[test]
fn a_held_migration_lock_times_out_with_a_typed_error() {
    let project = hand_project(&[("a", "CREATE TABLE a (id int);\n")]);
    let migrations = Migrations::from_dir(project.path()).unwrap();
    let db = TestDb::new();
    let key = strata::migrate::lock::lock_key(
        &db.name,
        &strata::schema::QualifiedName::public("strata_migrations"),
    );
    let err = block_on(async {
        let holder = connect(db.config()).await;
        holder
            .execute("SELECT pg_advisory_lock($1)", &[&key])
            .await
            .unwrap();
        let holder_pid: i32 = holder
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .unwrap()
            .get(0);
        let client = connect(db.config()).await;
        let migrator = Migrator::new(&migrations).lock_timeout(Duration::from_millis(300));
        let err = migrator.run(&client).await.unwrap_err();
        let Error::LockTimeout(timeout) = &err else {
            panic!("expected a lock timeout: {err:?}");
        };
        assert!(
            matches!(&timeout.waiting_for, LockWait::MigrationLock { database, .. } if database == &db.name)
        );
        assert_eq!(timeout.waited, Duration::from_millis(300));
        assert_eq!(
            timeout.holders.iter().map(|h| h.pid).collect::<Vec<_>>(),
            vec![holder_pid]
        );
        err
    });
    assert!(
        err.to_string()
            .contains("another strata runner holds the migration lock"),
        "{err}"
    );
    assert_eq!(
        db.query_strings("SELECT to_regclass('a') IS NULL"),
        vec!["t"]
    );
}

#[test]
fn a_locked_history_table_times_out_with_a_typed_error() {
    let project = hand_project(&[("a", "CREATE TABLE a (id int);\n")]);
    let migrations = Migrations::from_dir(project.path()).unwrap();
    let db = TestDb::new();
    run(&db, &Migrator::new(&migrations)).unwrap();
    block_on(async {
        let holder = connect(db.config()).await;
        holder
            .batch_execute("BEGIN; LOCK TABLE strata_migrations IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let client = connect(db.config()).await;
        let migrator = Migrator::new(&migrations).lock_timeout(Duration::from_millis(300));
        let err = migrator.run(&client).await.unwrap_err();
        let Error::LockTimeout(timeout) = &err else {
            panic!("expected a lock timeout: {err:?}");
        };
        assert_eq!(
            timeout.waiting_for,
            LockWait::Statement {
                what: "reading the history table".to_string()
            }
        );
        assert!(
            err.to_string().starts_with(
                "reading the history table: gave up after 0.3 s (--lock-timeout) waiting for a lock"
            ),
            "{err}"
        );
    });
}

#[test]
fn errors_never_show_the_password() {
    let migrations = Migrations::from_dir(repo_root()).unwrap();
    let migrator = Migrator::new(&migrations);
    let (host, _) = server_host_port();
    for url in [
        // Nothing listens on port 1.
        format!("postgres://postgres:S3cretPw@{host}:1/db"),
        format!("host={host} port=1 user=postgres password=S3cretPw dbname=db"),
        // Not a connection string: never echoed, not even in part.
        "postgres://postgres:S3cretPw@h:notaport/db".to_string(),
    ] {
        let err = block_on(migrator.run_url(&url)).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("S3cretPw"), "{shown}");
        assert!(
            matches!(err, Error::Database(_) | Error::Project(_)),
            "{err:?}"
        );
    }
    let err = block_on(migrator.run_url(&format!("postgres://postgres:S3cretPw@{host}:1/db")))
        .unwrap_err();
    assert!(err.to_string().contains("postgres:****@"), "{err}");
}

#[test]
fn a_url_run_migrates_and_a_dry_run_changes_nothing() {
    let migrations = Migrations::from_dir(repo_root()).unwrap();
    let tags = flick_tags();
    let db = TestDb::new();
    let url = db.url();
    let plan = block_on(Migrator::new(&migrations).dry_run(true).run_url(&url)).unwrap();
    assert!(plan.applied.is_empty());
    let planned: Vec<&str> = plan.planned.iter().map(|p| p.tag.as_str()).collect();
    assert_eq!(planned, tags.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(plan.planned[0].statements > 0);
    assert!(
        plan.sql
            .starts_with(&format!("-- {} (up): one transaction\nBEGIN;\n", tags[0])),
        "{}",
        plan.sql
    );
    assert_eq!(
        db.query_strings("SELECT to_regclass('strata_migrations') IS NULL"),
        vec!["t"]
    );
    let report = block_on(Migrator::new(&migrations).run_url(&url)).unwrap();
    assert_eq!(report.database, db.name);
    assert_eq!(applied_tags(&report), tags);
    assert_all_applied(&repo_root(), &db, &tags);
}

#[test]
fn the_applications_connection_is_handed_back_as_it_was() {
    // A statement-by-statement migration sets and resets the session's timeouts itself.
    let project = hand_project(&[(
        "one_by_one",
        "-- strata:no-transaction\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
    )]);
    let migrations = Migrations::from_dir(project.path()).unwrap();
    let db = TestDb::new();
    let settings = block_on(async {
        let client = connect(db.config()).await;
        client
            .batch_execute(
                "SET application_name = 'my app'; SET lock_timeout = '5s'; \
                 SET statement_timeout = '7s'",
            )
            .await
            .unwrap();
        let report = Migrator::new(&migrations)
            .lock_timeout(Duration::from_secs(2))
            .statement_timeout(Duration::from_secs(3))
            .run(&client)
            .await
            .unwrap();
        assert_eq!(applied_tags(&report), vec!["0000_one_by_one"]);
        let row = client
            .query_one(
                "SELECT current_setting('application_name'), current_setting('lock_timeout'), \
                 current_setting('statement_timeout')",
                &[],
            )
            .await
            .unwrap();
        (
            row.get::<_, String>(0),
            row.get::<_, String>(1),
            row.get::<_, String>(2),
        )
    });
    assert_eq!(
        settings,
        ("my app".to_string(), "5s".to_string(), "7s".to_string())
    );
}

/// Builds `tests/fixtures/embedded_app` (its build script embeds `project`) in a copy of its
/// own, and returns the binary. The target directory is kept between runs, so only the first
/// build compiles the dependencies.
fn build_embedded_app(app: &Path, project: &Path) -> PathBuf {
    let fixture = repo_root().join("tests/fixtures/embedded_app");
    copy_dir(&fixture, app);
    // The copy points at this repository and at the project, by absolute paths.
    let manifest = std::fs::read_to_string(app.join("Cargo.toml")).unwrap();
    let root = repo_root().display().to_string();
    std::fs::write(
        app.join("Cargo.toml"),
        manifest.replace("\"../../..\"", &format!("{root:?}")),
    )
    .unwrap();
    let build = std::fs::read_to_string(app.join("build.rs")).unwrap();
    let project_path = project.display().to_string();
    std::fs::write(
        app.join("build.rs"),
        build.replace("\"../../..\"", &format!("{project_path:?}")),
    )
    .unwrap();
    // strata's own lock file: the same versions as strata, found offline.
    std::fs::copy(repo_root().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    rebuild_embedded_app(app)
}

/// Builds the app and copies its binary into the app's directory. The target directory is
/// shared (it keeps strata's build between runs), and with it the binary's final path
/// `debug/embedded_app`: two test processes building apps for different projects at once (CI
/// runs the suite against PostgreSQL 15 and 18 side by side) overwrote each other's binary
/// there, so the build and the copy happen under an exclusive lock on a file beside it.
fn rebuild_embedded_app(app: &Path) -> PathBuf {
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("embedded_app");
    std::fs::create_dir_all(&target).unwrap();
    let lock = std::fs::File::create(target.join("strata-test.lock")).unwrap();
    lock.lock().unwrap();
    let target_arg = target.display().to_string();
    cargo(
        app,
        &["build", "--quiet", "--offline", "--target-dir", &target_arg],
        &[],
    );
    let binary = app.join("embedded_app.bin");
    std::fs::copy(target.join("debug/embedded_app"), &binary).unwrap();
    lock.unlock().unwrap();
    binary
}

#[test]
fn an_application_with_embedded_migrations_needs_no_files_and_picks_up_new_ones() {
    let project = flick_copy();
    let app = TempProject::new();
    let binary = build_embedded_app(app.path(), project.path());
    let db = TestDb::new();
    let nowhere = TempProject::new();
    let start = || {
        let output = Command::new(&binary)
            .current_dir(nowhere.path())
            .env("DATABASE_URL", db.url())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    };
    let mut tags = flick_tags();
    let expected: String = tags.iter().map(|t| format!("applied {t}\n")).collect();
    assert_eq!(start(), expected);
    assert_all_applied(project.path(), &db, &tags);
    let cli_db = TestDb::new();
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", &cli_db.url())])
        .expect_code(0);
    assert_eq!(history_rows(&db), history_rows(&cli_db));
    assert_eq!(start(), "");

    // A new migration: the build script reruns (cargo:rerun-if-changed) and embeds it.
    project.strata(&["new", "extra"]).expect_code(0);
    let tag = format!("{:04}_extra", tags.len());
    project.write(
        &format!("migrations/{tag}.up.sql"),
        "CREATE TABLE extra (id int);\n",
    );
    project.strata(&["hash"]).expect_code(0);
    rebuild_embedded_app(app.path()); // the same path: the copy replaces the binary
    assert_eq!(start(), format!("applied {tag}\n"));
    tags.push(tag);
    assert_all_applied(project.path(), &db, &tags);
}

#[test]
fn the_readme_shows_the_example_and_the_embedded_app_as_they_are() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    for file in [
        "examples/migrate_at_startup.rs",
        "tests/fixtures/embedded_app/build.rs",
        "tests/fixtures/embedded_app/src/main.rs",
    ] {
        let code = std::fs::read_to_string(repo_root().join(file)).unwrap();
        assert!(
            readme.contains(&code),
            "README.md must show {file} as it is, in \"Running migrations from a Rust \
             application\" (both are compiled, so the README's code compiles)"
        );
    }
}
