//! Helpers of the import and baseline tests: fixtures copied into projects, recorded databases
//! restored, URLs for the other tools' runners.

use crate::support::*;
use std::path::{Path, PathBuf};

/// `tests/fixtures/<relative>`.
pub fn fixture(relative: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(relative)
}

/// Copies a fixture folder to `<project>/<to>`, recursively.
pub fn copy_fixture(project: &TempProject, fixture_dir: &str, to: &str) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    copy(&fixture(fixture_dir), &project.path().join(to));
}

/// A database restored from a recorded `pg_dump --inserts` file (psql's `\restrict` lines
/// dropped: they are psql commands, not SQL).
pub fn restored_db(dump: &str) -> TestDb {
    let text = std::fs::read_to_string(fixture(dump)).unwrap();
    let sql: String = text
        .lines()
        .filter(|line| !line.starts_with('\\'))
        .map(|line| format!("{line}\n"))
        .collect();
    let db = TestDb::new();
    db.execute(&sql);
    db
}

/// The test database as a `postgres://` URL (sqlx reads no key=value strings).
pub fn postgres_url(db: &TestDb) -> String {
    let server = server_url();
    let base = server.rsplit_once('/').map(|(b, _)| b).unwrap_or(&server);
    format!("{base}/{}", db.name)
}

/// Runs strata in `project` against `db`.
pub fn strata_on(project: &TempProject, db: &TestDb, args: &[&str]) -> Run {
    let url = db.url();
    project.strata_env(args, &[("DATABASE_URL", url.as_str())])
}
