//! refinery's migration files: `V{n}__{name}.sql` (versioned) and `U{n}__{name}.sql`
//! (unversioned, which refinery may apply out of order), found recursively under a folder.
//!
//! They are read with the refinery crate itself, so names, versions and the checksum that
//! `refinery_schema_history` stores (a SipHash-1-3 of name, version and SQL, written in
//! decimal) are exactly refinery's: a re-implementation could drift from it between releases.

use super::replay::Step;
use super::{OldMigration, relative};
use crate::error::input_error;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// A refinery folder read: its migrations in version order, the files to keep, and the steps
/// that replay it.
#[derive(Debug)]
pub struct RefineryFolder {
    pub migrations: Vec<OldMigration>,
    pub files: Vec<(String, String)>,
    pub steps: Vec<Step>,
}

/// Reads every refinery SQL migration under `dir`.
pub fn read(dir: &Path) -> Result<RefineryFolder> {
    let migrations = refinery::load_sql_migrations(dir)
        .map_err(|e| input_error(format!("{}: {e}", dir.display())))?;
    // refinery does not say which file each migration came from; its file stem is the
    // migration's display form (`V1__initial`).
    let mut paths = Vec::new();
    sql_files(dir, &mut paths)?;
    let mut found = Vec::new();
    for migration in migrations {
        let stem = migration.to_string();
        let path = paths
            .iter()
            .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(stem.as_str()))
            .with_context(|| format!("{}: no file for refinery migration {stem}", dir.display()))?;
        found.push((relative(path, dir), migration));
    }
    if found.is_empty() {
        return Err(input_error(format!(
            "{}: no refinery migrations (V{{n}}__{{name}}.sql) found",
            dir.display()
        )));
    }
    found.sort_by_key(|(file, m)| (m.version(), file.clone()));
    for pair in found.windows(2) {
        if pair[0].1.version() == pair[1].1.version() {
            return Err(input_error(format!(
                "{}: {} and {} have the same version {}",
                dir.display(),
                pair[0].0,
                pair[1].0,
                pair[0].1.version()
            )));
        }
    }
    let mut folder = RefineryFolder {
        migrations: Vec::new(),
        files: Vec::new(),
        steps: Vec::new(),
    };
    for (file, migration) in found {
        let sql = migration.sql().unwrap_or_default().to_string();
        folder.migrations.push(OldMigration {
            version: i64::from(migration.version()),
            name: migration.name().to_string(),
            file: file.clone(),
            checksum: migration.checksum().to_string(),
            created_at: None,
        });
        folder.steps.push(Step {
            file: file.clone(),
            sql: sql.clone(),
        });
        folder.files.push((file, sql));
    }
    Ok(folder)
}

/// Every `*.sql` file under `dir`, recursively (as refinery looks for them).
fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            sql_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "sql") {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_names_and_refinery_checksums() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("V2__add_city.sql"),
            "ALTER TABLE p ADD city text;",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("sub/V1__initial.sql"),
            "CREATE TABLE p (id int);",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("U3__backfill.sql"),
            "UPDATE p SET city = '';",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let folder = read(dir.path()).unwrap();
        let names: Vec<(i64, &str, &str)> = folder
            .migrations
            .iter()
            .map(|m| (m.version, m.name.as_str(), m.file.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (1, "initial", "sub/V1__initial.sql"),
                (2, "add_city", "V2__add_city.sql"),
                (3, "backfill", "U3__backfill.sql")
            ]
        );
        let expected = refinery::Migration::unapplied("V1__initial", "CREATE TABLE p (id int);")
            .unwrap()
            .checksum();
        assert_eq!(folder.migrations[0].checksum, expected.to_string());
    }

    #[test]
    fn duplicate_versions_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("V1__a.sql"), "SELECT 1;").unwrap();
        std::fs::write(dir.path().join("V1__b.sql"), "SELECT 2;").unwrap();
        let err = read(dir.path()).unwrap_err();
        assert!(err.to_string().contains("same version 1"), "{err}");
    }
}
