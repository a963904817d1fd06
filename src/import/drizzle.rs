//! drizzle-kit's output folder: `meta/_journal.json`, `meta/NNNN_snapshot.json` and the SQL
//! files (statements separated by `--> statement-breakpoint`).
//!
//! The schema comes from the latest snapshot. The journal and the files are checked for what
//! drizzle-kit itself leaves inconsistent, reported as findings instead of carried over
//! silently: a migration without a snapshot, a snapshot chain that forks or breaks, journal
//! timestamps out of order (drizzle-kit's migrator then skips the older one on databases that
//! applied the newer), two migrations that create the same object (a branch merged by hand),
//! and a constraint or index of the snapshot that no SQL file creates.
//!
//! drizzle-orm's migrator records each applied file in `drizzle.__drizzle_migrations` as the
//! sha256 of the file's text and the journal's `when`; the manifest keeps both so `baseline`
//! can match a database's rows to the files.

use super::OldMigration;
use super::drizzle_model::{self, DrizzleSnapshot};
use super::statements::{Object, effect};
use crate::error::input_error;
use crate::migrate::checksum::bytes_sha256;
use crate::migrate::journal::format_rfc3339;
use crate::schema::Schema;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `meta/_journal.json`.
#[derive(Debug, Deserialize)]
pub struct DrizzleJournal {
    pub version: String,
    pub dialect: String,
    pub entries: Vec<JournalEntry>,
}

/// One journal entry.
#[derive(Debug, Deserialize)]
pub struct JournalEntry {
    pub idx: i64,
    /// Milliseconds since the epoch when `generate` wrote it; also `created_at` in the
    /// database's history.
    pub when: i64,
    pub tag: String,
}

/// A drizzle-kit folder read and checked.
#[derive(Debug)]
pub struct DrizzleFolder {
    /// The model of the latest snapshot (sorted, not yet validated).
    pub schema: Schema,
    /// The snapshot the schema came from.
    pub latest_snapshot: PathBuf,
    pub migrations: Vec<OldMigration>,
    /// Every file to keep, relative to the folder, with its text.
    pub files: Vec<(String, String)>,
    /// What drizzle-kit left inconsistent.
    pub findings: Vec<String>,
    /// What strata does not model and left out.
    pub left_out: Vec<String>,
}

/// Reads a drizzle-kit output folder. Errors (exit 2) when it is not one, when a journal entry
/// has no SQL file, when there is no snapshot at all, or when the latest snapshot cannot be
/// imported (a serial column).
pub fn read(dir: &Path) -> Result<DrizzleFolder> {
    let journal_path = dir.join("meta").join("_journal.json");
    let journal: DrizzleJournal = read_json(&journal_path).map_err(|e| {
        input_error(format!(
            "{}: not a drizzle-kit output folder ({e:#})",
            dir.display()
        ))
    })?;
    if journal.dialect != "postgresql" && journal.dialect != "pg" {
        return Err(input_error(format!(
            "{}: dialect {} is not PostgreSQL",
            journal_path.display(),
            journal.dialect
        )));
    }
    let mut findings = Vec::new();
    let mut files = vec![("meta/_journal.json".to_string(), read_text(&journal_path)?)];
    let mut migrations = Vec::new();
    let mut snapshots: Vec<(String, PathBuf, DrizzleSnapshot)> = Vec::new();
    for entry in &journal.entries {
        let file = format!("{}.sql", entry.tag);
        let path = dir.join(&file);
        let sql = read_text(&path).map_err(|_| {
            input_error(format!(
                "{}: the journal lists {} but its SQL file is missing",
                journal_path.display(),
                entry.tag
            ))
        })?;
        migrations.push(OldMigration {
            version: entry.idx,
            name: entry.tag.clone(),
            file: file.clone(),
            checksum: bytes_sha256(sql.as_bytes()),
            created_at: Some(format_rfc3339(entry.when.div_euclid(1000))),
        });
        files.push((file, sql));
        let snapshot_file = format!("meta/{}_snapshot.json", prefix(&entry.tag));
        let snapshot_path = dir.join(&snapshot_file);
        if !snapshot_path.exists() {
            findings.push(format!(
                "{} has no snapshot ({snapshot_file} is missing): drizzle-kit diffs the next \
                 migration against an older state",
                entry.tag
            ));
            continue;
        }
        let snapshot: DrizzleSnapshot = read_json(&snapshot_path)
            .map_err(|e| input_error(format!("{}: {e:#}", snapshot_path.display())))?;
        if !["5", "6", "7"].contains(&snapshot.version.as_str()) {
            return Err(input_error(format!(
                "{}: snapshot version {} is not supported (5 to 7); run `drizzle-kit up` first",
                snapshot_path.display(),
                snapshot.version
            )));
        }
        files.push((snapshot_file, read_text(&snapshot_path)?));
        snapshots.push((entry.tag.clone(), snapshot_path, snapshot));
    }
    check_order(&journal, &mut findings);
    check_chain(&snapshots, &mut findings);
    check_creates(&migrations, &files, &mut findings);
    let Some((_, latest_path, latest)) = snapshots.last() else {
        return Err(input_error(format!(
            "{}: no snapshot to take the schema from",
            dir.display()
        )));
    };
    let converted = drizzle_model::convert(latest);
    if !converted.errors.is_empty() {
        return Err(input_error(format!(
            "{} cannot be imported as it is:\n  {}",
            latest_path.display(),
            converted.errors.join("\n  ")
        )));
    }
    check_constraints_created(latest, &files, &mut findings);
    Ok(DrizzleFolder {
        schema: converted.schema,
        latest_snapshot: latest_path.clone(),
        migrations,
        files,
        findings,
        left_out: converted.left_out,
    })
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        input_error(format!(
            "{}:{}:{}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// `0003` of `0003_user_bio`: drizzle-kit names snapshots by the tag's prefix.
fn prefix(tag: &str) -> &str {
    tag.split_once('_').map(|(p, _)| p).unwrap_or(tag)
}

/// Journal timestamps must grow: drizzle-orm's migrator applies only files whose `when` is
/// later than the last applied one, so an older entry after a newer one is skipped.
fn check_order(journal: &DrizzleJournal, findings: &mut Vec<String>) {
    for pair in journal.entries.windows(2) {
        if pair[1].when < pair[0].when {
            findings.push(format!(
                "journal timestamps out of order: {} ({}) is older than {} before it ({}); \
                 drizzle-kit migrate skips it silently on a database that applied {}",
                pair[1].tag,
                format_rfc3339(pair[1].when.div_euclid(1000)),
                pair[0].tag,
                format_rfc3339(pair[0].when.div_euclid(1000)),
                pair[0].tag
            ));
        }
    }
}

/// Each snapshot's `prevId` is the previous snapshot's `id`; two with the same `prevId` fork.
fn check_chain(snapshots: &[(String, PathBuf, DrizzleSnapshot)], findings: &mut Vec<String>) {
    let mut by_prev: BTreeMap<&str, &str> = BTreeMap::new();
    let mut forked: Vec<&str> = Vec::new();
    for (tag, _, snapshot) in snapshots {
        if let Some(prev) = snapshot.prev_id.as_deref()
            && let Some(other) = by_prev.insert(prev, tag)
        {
            forked.push(prev);
            findings.push(format!(
                "the snapshots of {other} and {tag} follow the same parent {prev}: two branches \
                 generated from one state"
            ));
        }
    }
    for pair in snapshots.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if let (Some(id), Some(prev)) = (before.2.id.as_deref(), after.2.prev_id.as_deref())
            && id != prev
            && !forked.contains(&prev)
        {
            findings.push(format!(
                "the snapshot of {} does not follow {} (prevId {prev}, expected {id})",
                after.0, before.0
            ));
        }
    }
}

/// Two migrations that create the same object, with no drop in between.
fn check_creates(
    migrations: &[OldMigration],
    files: &[(String, String)],
    findings: &mut Vec<String>,
) {
    let mut created: BTreeMap<Object, &str> = BTreeMap::new();
    for migration in migrations {
        let Some((_, sql)) = files.iter().find(|(f, _)| f == &migration.file) else {
            continue;
        };
        for statement in crate::migrate::split::split(sql) {
            let effect = effect(&statement.sql);
            for object in effect.drops {
                created.remove(&object);
            }
            for object in effect.creates {
                if let Some(first) = created.get(&object) {
                    findings.push(format!(
                        "{} creates {}, which {first} already created (a merged branch?); on a \
                         database that applied {first} drizzle-kit migrate fails there",
                        migration.name, object.0
                    ));
                } else {
                    created.insert(object, &migration.name);
                }
            }
        }
    }
}

/// Every named constraint and index of the latest snapshot should be created by some SQL file.
fn check_constraints_created(
    snapshot: &DrizzleSnapshot,
    files: &[(String, String)],
    findings: &mut Vec<String>,
) {
    let sql: String = files
        .iter()
        .filter(|(f, _)| f.ends_with(".sql"))
        .map(|(_, text)| text.as_str())
        .collect();
    for table in snapshot.tables.values() {
        let named = table
            .composite_primary_keys
            .values()
            .map(|c| ("primary key", &c.name))
            .chain(
                table
                    .unique_constraints
                    .values()
                    .map(|u| ("unique", &u.name)),
            )
            .chain(
                table
                    .foreign_keys
                    .values()
                    .map(|f| ("foreign key", &f.name)),
            )
            .chain(table.check_constraints.values().map(|c| ("check", &c.name)))
            .chain(table.indexes.values().map(|i| ("index", &i.name)));
        for (kind, name) in named {
            // As drizzle-kit writes it: a quoted identifier.
            let quoted = crate::sql::quote::ident(name);
            if !sql.contains(&quoted) {
                findings.push(format!(
                    "the snapshot has {kind} {name} on {}, but no migration creates it",
                    table.name
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(name: &str) -> OldMigration {
        OldMigration {
            version: 0,
            name: name.into(),
            file: format!("{name}.sql"),
            checksum: String::new(),
            created_at: None,
        }
    }

    #[test]
    fn a_second_create_is_found_and_a_drop_in_between_clears_it() {
        let migrations = [
            migration("0000_a"),
            migration("0001_b"),
            migration("0002_c"),
        ];
        let files = vec![
            (
                "0000_a.sql".to_string(),
                "CREATE TABLE \"tags\" (id int);".to_string(),
            ),
            (
                "0001_b.sql".to_string(),
                "DROP TABLE \"tags\";--> statement-breakpoint\nCREATE TABLE \"tags\" (id int);"
                    .to_string(),
            ),
            (
                "0002_c.sql".to_string(),
                "CREATE TABLE \"tags\" (id int);".to_string(),
            ),
        ];
        let mut findings = Vec::new();
        check_creates(&migrations, &files, &mut findings);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].starts_with("0002_c creates table public.tags, which 0001_b"));
    }

    #[test]
    fn out_of_order_timestamps_are_named() {
        let journal = DrizzleJournal {
            version: "7".into(),
            dialect: "postgresql".into(),
            entries: vec![
                JournalEntry {
                    idx: 0,
                    when: 2_000,
                    tag: "0000_a".into(),
                },
                JournalEntry {
                    idx: 1,
                    when: 1_000,
                    tag: "0001_b".into(),
                },
            ],
        };
        let mut findings = Vec::new();
        check_order(&journal, &mut findings);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].contains("0001_b (1970-01-01T00:00:01Z) is older than 0000_a"));
    }
}
