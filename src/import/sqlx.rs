//! sqlx-cli's `migrations/`: `{version}_{description}.sql`, or reversible pairs
//! `{version}_{description}.up.sql` / `.down.sql`, read by sqlx's own rules (the version is
//! the integer before the first `_`, the description is the rest with `_` read as a space;
//! other files are ignored). `_sqlx_migrations` stores each applied up file's SHA-384 over its
//! exact bytes (sqlx does not normalise line endings), computed here with sha2 so that sqlx
//! is only a test dependency.

use super::OldMigration;
use super::replay::Step;
use crate::error::input_error;
use anyhow::{Context, Result};
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;
use std::path::Path;

/// A sqlx folder read: its migrations in version order, the files to keep (down files too),
/// and the steps that replay it.
#[derive(Debug)]
pub struct SqlxFolder {
    pub migrations: Vec<OldMigration>,
    pub files: Vec<(String, String)>,
    pub steps: Vec<Step>,
}

/// What a file name says, by sqlx's rules; `None` for files sqlx ignores.
#[derive(Debug, PartialEq, Eq)]
pub struct FileName {
    pub version: i64,
    pub description: String,
    /// False for a `.down.sql` file.
    pub up: bool,
}

/// Parses a file name as sqlx does. A name with `_` and `.sql` but no integer before the `_`
/// is an error, as it is for sqlx.
pub fn parse_name(file_name: &str) -> Result<Option<FileName>> {
    let Some((version, rest)) = file_name.split_once('_') else {
        return Ok(None);
    };
    if !rest.ends_with(".sql") {
        return Ok(None);
    }
    let version: i64 = version.parse().map_err(|_| {
        input_error(format!(
            "{file_name}: a sqlx migration name starts with an integer version (e.g. 01_foo.sql)"
        ))
    })?;
    let (stem, up) = if let Some(stem) = rest.strip_suffix(".up.sql") {
        (stem, true)
    } else if let Some(stem) = rest.strip_suffix(".down.sql") {
        (stem, false)
    } else {
        (rest.strip_suffix(".sql").unwrap_or(rest), true)
    };
    Ok(Some(FileName {
        version,
        description: stem.replace('_', " "),
        up,
    }))
}

/// Lowercase hex SHA-384 of the file's bytes, as `_sqlx_migrations.checksum` holds it.
pub fn checksum(sql: &str) -> String {
    Sha384::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the migrations directly in `dir`.
pub fn read(dir: &Path) -> Result<SqlxFolder> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| input_error(format!("{}: {e}", dir.display())))?;
    let mut ups: BTreeMap<i64, (String, FileName, String)> = BTreeMap::new();
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(name) =
            parse_name(&file).map_err(|e| input_error(format!("{}/{e}", dir.display())))?
        else {
            continue;
        };
        let sql = std::fs::read_to_string(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        files.push((file.clone(), sql.clone()));
        if !name.up {
            continue;
        }
        if let Some((other, _, _)) = ups.get(&name.version) {
            return Err(input_error(format!(
                "{}: {other} and {file} have the same version {}",
                dir.display(),
                name.version
            )));
        }
        ups.insert(name.version, (file, name, sql));
    }
    if ups.is_empty() {
        return Err(input_error(format!(
            "{}: no sqlx migrations ({{version}}_{{description}}.sql) found",
            dir.display()
        )));
    }
    files.sort();
    let mut folder = SqlxFolder {
        migrations: Vec::new(),
        files,
        steps: Vec::new(),
    };
    for (version, (file, name, sql)) in ups {
        folder.migrations.push(OldMigration {
            version,
            name: name.description,
            file: file.clone(),
            checksum: checksum(&sql),
            created_at: None,
        });
        folder.steps.push(Step { file, sql });
    }
    Ok(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_sqlx() {
        assert_eq!(
            parse_name("20240101120000_create_users.up.sql").unwrap(),
            Some(FileName {
                version: 20240101120000,
                description: "create users".into(),
                up: true
            })
        );
        assert!(!parse_name("2_x.down.sql").unwrap().unwrap().up);
        assert_eq!(
            parse_name("3_plain.sql").unwrap().unwrap().description,
            "plain"
        );
        assert_eq!(parse_name("README.md").unwrap(), None);
        assert_eq!(parse_name("a_b.txt").unwrap(), None);
        assert!(parse_name("v1_init.sql").is_err());
    }

    #[test]
    fn sha384_known_vector() {
        assert_eq!(
            checksum("abc"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
             8086072ba1e7cc2358baeca134c825a7"
        );
    }

    #[test]
    fn reads_up_files_in_version_order_and_keeps_down_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("2_second.up.sql"), "SELECT 2;").unwrap();
        std::fs::write(dir.path().join("2_second.down.sql"), "SELECT -2;").unwrap();
        std::fs::write(dir.path().join("10_third.sql"), "SELECT 10;").unwrap();
        std::fs::write(dir.path().join("1_first.sql"), "SELECT 1;").unwrap();
        let folder = read(dir.path()).unwrap();
        let versions: Vec<i64> = folder.migrations.iter().map(|m| m.version).collect();
        assert_eq!(versions, [1, 2, 10]);
        assert_eq!(folder.files.len(), 4);
        assert_eq!(folder.migrations[1].checksum, checksum("SELECT 2;"));
    }
}
