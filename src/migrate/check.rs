//! The offline consistency check of a project: migration files, snapshots and the journal
//! agree with each other, and schema/ agrees with the last snapshot.

use crate::config::Project;
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{self, MigrationFile};
use crate::migrate::journal::Journal;
use crate::schema::Schema;
use crate::schema::snapshot::{Snapshot, schema_id};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What kind of problem `check` found; the `snake_case` name is part of the `--json` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// schema/ differs from the last snapshot: a migration needs generating.
    PendingSchemaChanges,
    /// A file's SHA-256 differs from the journal's.
    ChecksumMismatch,
    /// The journal lists a migration whose file is missing.
    MissingFile,
    /// A migration file is on disk but not in the journal.
    UnknownFile,
    /// A migration has no down file.
    MissingDown,
    /// A snapshot's id does not match its content, or its prev_id breaks the chain.
    BrokenChain,
    /// Two snapshots share a parent: two branches each generated a migration.
    ForkedHistory,
    /// Journal entries are not numbered 0, 1, 2 ... in order.
    JournalOrder,
    /// A file could not be read or parsed.
    Unreadable,
}

/// One problem, with the files it involves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The migration tag concerned, when there is one.
    pub tag: Option<String>,
    pub files: Vec<PathBuf>,
    pub message: String,
}

impl Problem {
    fn new(kind: ProblemKind, tag: Option<&str>, files: Vec<PathBuf>, message: String) -> Self {
        Problem {
            kind,
            tag: tag.map(str::to_string),
            files,
            message,
        }
    }
}

/// Checks the project's files against the journal and `schema` against the last snapshot.
pub fn check_project(project: &Project, schema: &Schema) -> Result<Vec<Problem>> {
    let journal = Journal::load(&project.journal)?;
    let on_disk = files::load_dir(&project.migrations_dir)?;
    let mut problems = Vec::new();
    check_journal_order(&journal, &mut problems);
    check_files(project, &journal, &on_disk, &mut problems);
    let snapshots = check_snapshots(project, &journal, &mut problems);
    check_schema(project, &journal, &snapshots, schema, &mut problems);
    Ok(problems)
}

/// Entries must be numbered 0, 1, 2 ... and each tag must start with its index.
fn check_journal_order(journal: &Journal, problems: &mut Vec<Problem>) {
    for (position, entry) in journal.entries.iter().enumerate() {
        let tag_idx = files::tag_idx(&entry.tag);
        if entry.idx as usize != position || tag_idx != Some(entry.idx) {
            problems.push(Problem::new(
                ProblemKind::JournalOrder,
                Some(&entry.tag),
                vec![],
                format!(
                    "journal entry {position} is {} with idx {}: entries must be numbered 0, 1, 2 ... \
                     and each tag must start with its idx",
                    entry.tag, entry.idx
                ),
            ));
        }
    }
}

/// Up and down files exist and match the journal's hashes; no file is unknown to the journal.
fn check_files(
    project: &Project,
    journal: &Journal,
    on_disk: &[MigrationFile],
    problems: &mut Vec<Problem>,
) {
    let by_tag: BTreeMap<&str, &MigrationFile> =
        on_disk.iter().map(|f| (f.tag.as_str(), f)).collect();
    for entry in &journal.entries {
        let up = files::up_path(&project.migrations_dir, &entry.tag);
        let Some(file) = by_tag.get(entry.tag.as_str()) else {
            problems.push(Problem::new(
                ProblemKind::MissingFile,
                Some(&entry.tag),
                vec![up.clone()],
                format!("{}: listed in the journal but missing", up.display()),
            ));
            continue;
        };
        compare_hash(
            &entry.tag,
            &file.up_path,
            &entry.up_sha256,
            &file.up_sha256,
            problems,
        );
        match &file.down {
            Some(down) => {
                compare_hash(
                    &entry.tag,
                    &down.path,
                    &entry.down_sha256,
                    &down.sha256,
                    problems,
                );
            }
            None => {
                let down = files::down_path(&project.migrations_dir, &entry.tag);
                problems.push(Problem::new(
                    ProblemKind::MissingDown,
                    Some(&entry.tag),
                    vec![down.clone()],
                    format!("{}: down file missing", down.display()),
                ));
            }
        }
    }
    for file in on_disk {
        if journal.entry(&file.tag).is_none() {
            problems.push(Problem::new(
                ProblemKind::UnknownFile,
                Some(&file.tag),
                vec![file.up_path.clone()],
                format!(
                    "{}: not in the journal (generated on another branch, or copied by hand?)",
                    file.up_path.display()
                ),
            ));
        }
    }
}

/// Pushes a checksum mismatch when the hashes differ.
fn compare_hash(tag: &str, path: &Path, expected: &str, actual: &str, problems: &mut Vec<Problem>) {
    if expected != actual {
        problems.push(Problem::new(
            ProblemKind::ChecksumMismatch,
            Some(tag),
            vec![path.to_path_buf()],
            format!(
                "{}: sha256 {actual} differs from the journal's {expected} (edited after it was \
                 written? a hand-written migration needs `strata hash`)",
                path.display()
            ),
        ));
    }
}

/// Loads every journal entry's snapshot, checking its hash, id and chain; returns the loaded
/// snapshots by tag.
fn check_snapshots(
    project: &Project,
    journal: &Journal,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Snapshot> {
    let mut loaded = BTreeMap::new();
    let mut previous_id: Option<String> = None;
    let mut children: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    for entry in &journal.entries {
        let path = project.snapshots_dir.join(format!("{}.json", entry.tag));
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(Problem::new(
                    ProblemKind::MissingFile,
                    Some(&entry.tag),
                    vec![path.clone()],
                    format!("{}: cannot read the snapshot: {e}", path.display()),
                ));
                previous_id = None;
                continue;
            }
        };
        compare_hash(
            &entry.tag,
            &path,
            &entry.snapshot_sha256,
            &text_sha256(&text),
            problems,
        );
        let snapshot = match Snapshot::from_json(&text, &path) {
            Ok(snapshot) => snapshot,
            Err(e) => {
                problems.push(Problem::new(
                    ProblemKind::Unreadable,
                    Some(&entry.tag),
                    vec![path.clone()],
                    format!("{e:#}"),
                ));
                previous_id = None;
                continue;
            }
        };
        if snapshot.id != schema_id(&snapshot.schema) {
            problems.push(Problem::new(
                ProblemKind::BrokenChain,
                Some(&entry.tag),
                vec![path.clone()],
                format!(
                    "{}: id does not match the snapshot's content",
                    path.display()
                ),
            ));
        }
        if entry.idx > 0 && previous_id.is_some() && snapshot.prev_id != previous_id {
            problems.push(Problem::new(
                ProblemKind::BrokenChain,
                Some(&entry.tag),
                vec![path.clone()],
                format!(
                    "{}: prev_id {} is not the id of the migration before it ({})",
                    path.display(),
                    snapshot.prev_id.as_deref().unwrap_or("null"),
                    previous_id.as_deref().unwrap_or("null")
                ),
            ));
        }
        children
            .entry(snapshot.prev_id.clone())
            .or_default()
            .push(entry.tag.clone());
        previous_id = Some(snapshot.id.clone());
        loaded.insert(entry.tag.clone(), snapshot);
    }
    for tags in children.values().filter(|tags| tags.len() > 1) {
        let files = tags
            .iter()
            .map(|t| project.snapshots_dir.join(format!("{t}.json")))
            .collect();
        problems.push(Problem::new(
            ProblemKind::ForkedHistory,
            tags.last().map(String::as_str),
            files,
            format!(
                "migrations {} were generated from the same parent (two branches each ran \
                 `strata generate`): regenerate the later one on top of the other",
                tags.join(" and ")
            ),
        ));
    }
    loaded
}

/// schema/ must equal the last snapshot.
fn check_schema(
    project: &Project,
    journal: &Journal,
    snapshots: &BTreeMap<String, Snapshot>,
    schema: &Schema,
    problems: &mut Vec<Problem>,
) {
    let (last, tag) = match journal.entries.last() {
        Some(entry) => match snapshots.get(&entry.tag) {
            Some(snapshot) => (&snapshot.schema, Some(entry.tag.as_str())),
            None => return, // already reported as unreadable or missing
        },
        None => (&Schema::default(), None),
    };
    if last != schema {
        problems.push(Problem::new(
            ProblemKind::PendingSchemaChanges,
            tag,
            vec![project.schema_dir.clone()],
            format!(
                "{}: differs from the last snapshot ({}): run `strata generate`",
                project.schema_dir.display(),
                tag.unwrap_or("no migrations yet")
            ),
        ));
    }
}
