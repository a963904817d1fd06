//! Round trips of schemas written in plain SQL, through the CLI as a user runs it (issue 13):
//! build the database with psql, `strata pull`, `strata generate`, `strata migrate` into a fresh
//! database, compare `pg_dump --schema-only` of both, `strata verify`, pull the migrated one
//! again (byte-identical TOML), `strata rollback` to empty, `strata check`.
//!
//! `supported.sql` holds only what strata models today and proves the harness; `schema.sql` is
//! the realistic application schema (80+ tables, partitions, sequences, domains ...) and
//! `programmable.sql` adds views, functions, triggers, policies and grants on top of it.

use crate::dump::{SchemaDump, apply_sql_file, assert_same_schema, user_objects};
use crate::support::*;
use std::path::PathBuf;

/// The fixtures of this module.
fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/realistic").join(name)
}

/// Runs strata in `project` against `db`.
fn strata_on(project: &TempProject, db: &TestDb, args: &[&str]) -> Run {
    let url = db.url();
    project.strata_env(args, &[("DATABASE_URL", url.as_str())])
}

/// The whole round trip of the database the SQL `files` build, in order.
pub(crate) fn round_trip(files: &[&str]) {
    let source = TestDb::new();
    for file in files {
        apply_sql_file(&source, &fixture(file));
    }

    let project = TempProject::new();
    strata_on(&project, &source, &["pull"]).expect_code(0);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);

    let target = TestDb::new();
    let migrate = strata_on(&project, &target, &["migrate"]);
    if migrate.code != 0 {
        panic!(
            "strata migrate failed (exit {}):\n{}\n{}\n\n{}",
            migrate.code,
            migrate.stdout,
            migrate.stderr,
            best_effort_report(&project, &source)
        );
    }
    assert_same_schema(
        &source,
        &target,
        "built by hand vs pull -> generate -> migrate",
    );
    strata_on(&project, &target, &["verify"]).expect_code(0);
    assert_pull_is_identical(&project, &target);

    strata_on(&project, &target, &["rollback", "--steps", "1"]).expect_code(0);
    let left = user_objects(&target);
    assert!(
        left.is_empty(),
        "left after the rollback:\n{}",
        left.join("\n")
    );
    assert_same_schema(&TestDb::new(), &target, "an empty database vs rolled back");
    project.strata(&["check"]).expect_code(0);
}

/// `strata pull` of the migrated database writes exactly the files of the first pull.
fn assert_pull_is_identical(first: &TempProject, migrated: &TestDb) {
    let second = TempProject::new();
    strata_on(&second, migrated, &["pull"]).expect_code(0);
    let schema_files = |project: &TempProject| -> Vec<PathBuf> {
        project
            .files()
            .into_iter()
            .filter(|path| path.starts_with("schema"))
            .collect()
    };
    let files = schema_files(first);
    assert_eq!(files, schema_files(&second), "pull wrote other files");
    for path in &files {
        let path = path.display().to_string();
        let (before, after) = (first.read(&path), second.read(&path));
        if before != after {
            let diff = similar::TextDiff::from_lines(&before, &after)
                .unified_diff()
                .header("first pull", "pull of the migrated database")
                .to_string();
            panic!("{path} differs:\n{diff}");
        }
    }
}

/// What a failed migration would have built: the up file applied statement by statement
/// into a scratch database, each failure listed, then the dump diff against the source. With
/// this the failure names every missing or different object at once, not only the first.
fn best_effort_report(project: &TempProject, source: &TestDb) -> String {
    let scratch = TestDb::new();
    let up = project.read("migrations/0000_init.up.sql");
    let failures = block_on(async {
        let client = connect(scratch.config()).await;
        let mut failures = Vec::new();
        for statement in strata::migrate::split::split(&up) {
            if let Err(e) = client.batch_execute(&statement.sql).await {
                let message = e.as_db_error().map_or(e.to_string(), |db| db.to_string());
                let first_line = statement.sql.lines().next().unwrap_or_default();
                failures.push(format!(
                    "line {}: {first_line}\n    {message}",
                    statement.line
                ));
            }
        }
        failures
    });
    let diff = SchemaDump::of(source)
        .diff(
            &SchemaDump::of(&scratch),
            "built by hand",
            "up applied best effort",
        )
        .unwrap_or_else(|| "(no difference)".to_string());
    format!(
        "Best effort: {} statement(s) of the up file failed:\n{}\n\n\
         pg_dump --schema-only of the source vs the up file applied best effort:\n{diff}",
        failures.len(),
        failures.join("\n")
    )
}

#[test]
fn a_schema_of_supported_features_round_trips_through_pull_generate_migrate() {
    round_trip(&["supported.sql"]);
}

#[test]
fn functions_procedures_and_aggregates_round_trip() {
    round_trip(&["functions.sql"]);
}

#[test]
fn the_realistic_application_schema_round_trips() {
    round_trip(&["schema.sql"]);
}

#[test]
fn the_realistic_schema_with_its_programmable_objects_round_trips() {
    let _roles = TestRoles;
    round_trip(&["schema.sql", "programmable.sql"]);
}

/// Drops the roles programmable.sql creates when the test ends, pass or fail: roles belong to
/// the cluster, not to the test's databases. Best effort: a role that still holds privileges
/// somewhere stays.
struct TestRoles;

impl Drop for TestRoles {
    fn drop(&mut self) {
        // Its own thread: Drop may run while a panic unwinds through a runtime.
        let _ = std::thread::spawn(|| {
            block_on(async {
                let client = connect(&server_config()).await;
                for role in ["bazaar_app", "bazaar_readonly", "bazaar_support"] {
                    let sql = format!("DROP ROLE IF EXISTS {}", strata::sql::quote::ident(role));
                    let _ = client.batch_execute(&sql).await;
                }
            })
        })
        .join();
    }
}

/// The roles access.sql grants to: created for the test, dropped when it ends.
struct AccessRoles;

const ACCESS_ROLES: [&str; 2] = ["strata_access_app", "strata_access_ro"];

impl AccessRoles {
    fn create() -> AccessRoles {
        block_on(async {
            let client = connect(&server_config()).await;
            for role in ACCESS_ROLES {
                // Another run may have left it, or a parallel test on the same server made it.
                let _ = client
                    .batch_execute(&format!("CREATE ROLE {}", strata::sql::quote::ident(role)))
                    .await;
            }
        });
        AccessRoles
    }
}

impl Drop for AccessRoles {
    fn drop(&mut self) {
        let _ = std::thread::spawn(|| {
            block_on(async {
                let client = connect(&server_config()).await;
                for role in ACCESS_ROLES {
                    let sql = format!("DROP ROLE IF EXISTS {}", strata::sql::quote::ident(role));
                    let _ = client.batch_execute(&sql).await;
                }
            })
        })
        .join();
    }
}

#[test]
fn triggers_policies_and_grants_round_trip() {
    let _roles = AccessRoles::create();
    round_trip(&["access.sql"]);
}
