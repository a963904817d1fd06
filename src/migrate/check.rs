//! The offline consistency check of a project: migration files, snapshots and the journal
//! agree with each other, and schema/ agrees with the last snapshot.

use crate::config::Project;
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{self, MigrationFile};
use crate::migrate::journal::Journal;
use crate::schema::Schema;
use crate::schema::snapshot::{Snapshot, SnapshotHeader, schema_id};
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
    /// A temporary file of an interrupted write (`*.strata-tmp`).
    TempFile,
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
    Ok(check_history(project, Snapshots::All)?.against(schema))
}

/// How much of each snapshot [`check_history`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshots {
    /// Every snapshot whole: its hash against the journal's, its id against its content, and
    /// the chain (`check`).
    All,
    /// The last snapshot whole; of the others only `id` and `prev_id`, for the chain and
    /// forks (`generate`, which builds on the last one: reading every snapshot made it
    /// eight times slower on a 20-migration, 2,000-table history). `check` finds the rest.
    Last,
}

/// What [`check_history`] found: the problems of the files, and what the schema is compared
/// with.
pub struct CheckedHistory<'a> {
    project: &'a Project,
    journal: Journal,
    /// The last migration's snapshot, when it could be read.
    last_snapshot: Option<Snapshot>,
    problems: Vec<Problem>,
}

impl CheckedHistory<'_> {
    /// The migrations in the journal.
    pub fn migrations(&self) -> usize {
        self.journal.entries.len()
    }

    /// The journal as read.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The problems of the files (everything but the schema).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The last migration's snapshot (`None` without migrations, or when it could not be
    /// read: a problem says so).
    pub fn into_last_snapshot(self) -> Option<Snapshot> {
        self.last_snapshot
    }

    /// Every problem, with `schema` compared against the last snapshot.
    pub fn against(&self, schema: &Schema) -> Vec<Problem> {
        let mut problems = self.problems.clone();
        check_schema(
            self.project,
            &self.journal,
            self.last_snapshot.as_ref(),
            schema,
            &mut problems,
        );
        problems
    }
}

/// Checks the files against the journal and the snapshot chain: everything but the schema
/// directory, so that it can run while the schema is parsed.
pub fn check_history(project: &Project, depth: Snapshots) -> Result<CheckedHistory<'_>> {
    let journal = Journal::load(&project.journal)?;
    let on_disk = files::load_dir(&project.migrations_dir)?;
    let mut problems = Vec::new();
    check_journal_order(&journal, &mut problems);
    check_files(project, &journal, &on_disk, &mut problems);
    check_same_index(project, &on_disk, &mut problems);
    check_stray_snapshots(project, &journal, &mut problems)?;
    check_temp_files(project, &mut problems)?;
    let last_snapshot = check_snapshots(project, &journal, depth, &mut problems);
    Ok(CheckedHistory {
        project,
        journal,
        last_snapshot,
        problems,
    })
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

/// Two migration files with the same index: two branches each generated the next migration.
fn check_same_index(project: &Project, on_disk: &[MigrationFile], problems: &mut Vec<Problem>) {
    let mut by_idx: BTreeMap<u32, Vec<&MigrationFile>> = BTreeMap::new();
    for file in on_disk {
        by_idx.entry(file.idx).or_default().push(file);
    }
    for (idx, files) in by_idx.into_iter().filter(|(_, files)| files.len() > 1) {
        let tags: Vec<&str> = files.iter().map(|f| f.tag.as_str()).collect();
        problems.push(Problem::new(
            ProblemKind::ForkedHistory,
            tags.last().copied(),
            files.iter().map(|f| f.up_path.clone()).collect(),
            format!(
                "{}: migrations {} share index {idx:04} (two branches each ran `strata \
                 generate`): keep one, delete the other's files and regenerate it on top \
                 (see README, \"Forked history\")",
                project.migrations_dir.display(),
                tags.join(" and ")
            ),
        ));
    }
}

/// Snapshot files that no journal entry names.
fn check_stray_snapshots(
    project: &Project,
    journal: &Journal,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let entries = match std::fs::read_dir(&project.snapshots_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("reading {}", project.snapshots_dir.display())));
        }
    };
    let mut stray = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let Some(tag) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        if journal.entry(tag).is_none() {
            stray.push((tag.to_string(), path));
        }
    }
    stray.sort();
    for (tag, path) in stray {
        problems.push(Problem::new(
            ProblemKind::UnknownFile,
            Some(&tag),
            vec![path.clone()],
            format!("{}: snapshot not in the journal", path.display()),
        ));
    }
    Ok(())
}

/// Temporary files that an interrupted write left behind.
fn check_temp_files(project: &Project, problems: &mut Vec<Problem>) -> Result<()> {
    for dir in files::project_dirs(project) {
        for path in files::temp_files(&dir)? {
            problems.push(Problem::new(
                ProblemKind::TempFile,
                None,
                vec![path.clone()],
                format!(
                    "{}: a temporary file left by an interrupted strata (killed, or out of disk \
                     space); delete it (the next `strata generate` removes it)",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Pushes a checksum mismatch when the hashes differ.
fn compare_hash(tag: &str, path: &Path, expected: &str, actual: &str, problems: &mut Vec<Problem>) {
    if expected != actual {
        problems.push(Problem::new(
            ProblemKind::ChecksumMismatch,
            Some(tag),
            vec![path.to_path_buf()],
            format!(
                "{}: sha256 {actual} differs from the journal's {expected}: the file was edited \
                 after it was written. A migration that any database has applied must not be \
                 edited: revert the edit and put the change in a new migration (`strata \
                 generate`, or `strata new`). Run `strata hash` only if no database has applied \
                 it yet (a hand-written migration being written, or a failed one being fixed)",
                path.display()
            ),
        ));
    }
}

/// Reads every journal entry's snapshot as `depth` says, checking its hash, id and chain;
/// returns the last one. The others are dropped as soon as they are checked (a long history
/// of a large project does not sit in memory).
fn check_snapshots(
    project: &Project,
    journal: &Journal,
    depth: Snapshots,
    problems: &mut Vec<Problem>,
) -> Option<Snapshot> {
    let mut last = None;
    let mut previous_id: Option<String> = None;
    let mut children: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    let last_idx = journal.entries.len().checked_sub(1);
    for (position, entry) in journal.entries.iter().enumerate() {
        let path = project.snapshots_dir.join(format!("{}.json", entry.tag));
        let whole = depth == Snapshots::All || Some(position) == last_idx;
        let header = if whole {
            read_whole_snapshot(entry, &path, problems).map(|snapshot| {
                let header = SnapshotHeader {
                    id: snapshot.id.clone(),
                    prev_id: snapshot.prev_id.clone(),
                };
                if Some(position) == last_idx {
                    last = Some(snapshot);
                }
                header
            })
        } else {
            read_snapshot_header(entry, &path, problems)
        };
        let Some(header) = header else {
            previous_id = None;
            continue;
        };
        if entry.idx > 0 && previous_id.is_some() && header.prev_id != previous_id {
            problems.push(Problem::new(
                ProblemKind::BrokenChain,
                Some(&entry.tag),
                vec![path.clone()],
                format!(
                    "{}: prev_id {} is not the id of the migration before it ({})",
                    path.display(),
                    header.prev_id.as_deref().unwrap_or("null"),
                    previous_id.as_deref().unwrap_or("null")
                ),
            ));
        }
        // A hand-written migration (`strata new`) leaves the model as it was: its snapshot's id
        // equals its prev_id, and the next migration shares that parent without a fork.
        if header.prev_id.as_deref() != Some(header.id.as_str()) {
            children
                .entry(header.prev_id.clone())
                .or_default()
                .push(entry.tag.clone());
        }
        previous_id = Some(header.id);
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
    last
}

/// A snapshot read whole: its hash against the journal's, its id against its content. `None`
/// (with the problem recorded) when it cannot be read.
fn read_whole_snapshot(
    entry: &crate::migrate::journal::JournalEntry,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<Snapshot> {
    // A missing snapshot is a missing file; one that cannot be read as text (not UTF-8) is
    // unreadable, with the place of the first bad byte.
    let read = match std::fs::metadata(path) {
        Ok(_) => files::read_text(path).map_err(|e| (ProblemKind::Unreadable, format!("{e:#}"))),
        Err(e) => Err((
            ProblemKind::MissingFile,
            format!("{}: cannot read the snapshot: {e}", path.display()),
        )),
    };
    let text = match read {
        Ok(text) => text,
        Err((kind, message)) => {
            problems.push(Problem::new(
                kind,
                Some(&entry.tag),
                vec![path.to_path_buf()],
                message,
            ));
            return None;
        }
    };
    compare_hash(
        &entry.tag,
        path,
        &entry.snapshot_sha256,
        &text_sha256(&text),
        problems,
    );
    let snapshot = match Snapshot::from_json(&text, path) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::Unreadable,
                Some(&entry.tag),
                vec![path.to_path_buf()],
                format!("{e:#}"),
            ));
            return None;
        }
    };
    if snapshot.id != schema_id(&snapshot.schema) {
        problems.push(Problem::new(
            ProblemKind::BrokenChain,
            Some(&entry.tag),
            vec![path.to_path_buf()],
            format!(
                "{}: id does not match the snapshot's content",
                path.display()
            ),
        ));
    }
    Some(snapshot)
}

/// Only the chain fields of a snapshot; `None` (with the problem recorded) when it cannot be
/// read.
fn read_snapshot_header(
    entry: &crate::migrate::journal::JournalEntry,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<SnapshotHeader> {
    let kind = if path.exists() {
        ProblemKind::Unreadable
    } else {
        ProblemKind::MissingFile
    };
    SnapshotHeader::load(path)
        .map_err(|e| {
            problems.push(Problem::new(
                kind,
                Some(&entry.tag),
                vec![path.to_path_buf()],
                format!("{e:#}"),
            ))
        })
        .ok()
}

/// schema/ must equal the last snapshot.
fn check_schema(
    project: &Project,
    journal: &Journal,
    last_snapshot: Option<&Snapshot>,
    schema: &Schema,
    problems: &mut Vec<Problem>,
) {
    let (last, tag) = match journal.entries.last() {
        Some(entry) => match last_snapshot {
            Some(snapshot) => (&snapshot.schema, Some(entry.tag.as_str())),
            None => return, // already reported as unreadable or missing
        },
        None => (&Schema::default(), None),
    };
    if !last.equivalent(schema) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::journal::JournalEntry;
    use crate::schema::model::{Column, QualifiedName, Table};

    /// A consistent project with migrations 0000_a and 0001_b, returning it and its schema.
    fn project_with_history(dir: &Path) -> (Project, Schema) {
        let project = Project::with_defaults(dir);
        let mut journal = Journal::default();
        let mut schema = Schema::default();
        let mut prev_id = None;
        for (idx, tag) in ["0000_a", "0001_b"].iter().enumerate() {
            let mut table = Table::new(QualifiedName::public(*tag));
            table.columns.push(Column::new("id", "integer"));
            schema.tables.push(table);
            let snapshot = Snapshot::new(schema.clone(), prev_id.clone());
            prev_id = Some(snapshot.id.clone());
            write(&project, tag, &snapshot, &mut journal, idx as u32);
        }
        std::fs::write(&project.journal, journal.to_json()).unwrap();
        (project, schema)
    }

    fn write(project: &Project, tag: &str, snapshot: &Snapshot, journal: &mut Journal, idx: u32) {
        std::fs::create_dir_all(&project.migrations_dir).unwrap();
        std::fs::create_dir_all(&project.snapshots_dir).unwrap();
        let up = format!("CREATE TABLE {tag} ();\n");
        let down = format!("DROP TABLE {tag};\n");
        let json = snapshot.to_json();
        std::fs::write(files::up_path(&project.migrations_dir, tag), &up).unwrap();
        std::fs::write(files::down_path(&project.migrations_dir, tag), &down).unwrap();
        std::fs::write(project.snapshots_dir.join(format!("{tag}.json")), &json).unwrap();
        journal.entries.push(JournalEntry {
            idx,
            tag: tag.to_string(),
            created_at: "2026-01-01T00:00:00Z".into(),
            up_sha256: text_sha256(&up),
            down_sha256: text_sha256(&down),
            snapshot_sha256: text_sha256(&json),
            transactional: true,
        });
    }

    fn kinds(problems: &[Problem]) -> Vec<ProblemKind> {
        problems.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn consistent_project_has_no_problems() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        assert_eq!(check_project(&project, &schema).unwrap(), vec![]);
    }

    #[test]
    fn schema_ahead_of_snapshot_is_pending() {
        let dir = tempfile::tempdir().unwrap();
        let (project, mut schema) = project_with_history(dir.path());
        schema.tables[0].columns[0].not_null = true;
        let problems = check_project(&project, &schema).unwrap();
        assert_eq!(kinds(&problems), vec![ProblemKind::PendingSchemaChanges]);
    }

    #[test]
    fn edited_missing_and_unknown_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        let up = files::up_path(&project.migrations_dir, "0000_a");
        std::fs::write(&up, "DROP DATABASE prod;\n").unwrap();
        std::fs::remove_file(files::down_path(&project.migrations_dir, "0001_b")).unwrap();
        std::fs::write(files::up_path(&project.migrations_dir, "0002_c"), "").unwrap();
        let problems = check_project(&project, &schema).unwrap();
        assert_eq!(
            kinds(&problems),
            vec![
                ProblemKind::ChecksumMismatch,
                ProblemKind::MissingDown,
                ProblemKind::UnknownFile
            ]
        );
        assert!(
            problems[0].message.contains("0000_a.up.sql"),
            "{problems:?}"
        );
    }

    #[test]
    fn crlf_checkout_is_not_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        let up = files::up_path(&project.migrations_dir, "0000_a");
        let text = std::fs::read_to_string(&up).unwrap().replace('\n', "\r\n");
        std::fs::write(&up, text).unwrap();
        assert_eq!(check_project(&project, &schema).unwrap(), vec![]);
    }

    #[test]
    fn two_branches_generating_from_one_parent_is_a_fork() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        // Another branch generated its own 0001 from 0000_a; the merge kept both entries.
        let mut journal = Journal::load(&project.journal).unwrap();
        let parent = Snapshot::load(&project.snapshots_dir.join("0000_a.json")).unwrap();
        let mut other = parent.schema.clone();
        other.tables.push(Table::new(QualifiedName::public("x")));
        let snapshot = Snapshot::new(other, Some(parent.id));
        write(&project, "0001_x", &snapshot, &mut journal, 1);
        std::fs::write(&project.journal, journal.to_json()).unwrap();
        let problems = check_project(&project, &schema).unwrap();
        let found = kinds(&problems);
        assert!(found.contains(&ProblemKind::ForkedHistory), "{problems:?}");
        assert!(found.contains(&ProblemKind::JournalOrder), "{problems:?}");
        let fork = problems
            .iter()
            .find(|p| p.kind == ProblemKind::ForkedHistory)
            .unwrap();
        assert!(fork.message.contains("0001_b") && fork.message.contains("0001_x"));
    }

    #[test]
    fn stray_snapshot_and_missing_up_file_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        std::fs::write(project.snapshots_dir.join("0009_z.json"), "{}").unwrap();
        std::fs::remove_file(files::up_path(&project.migrations_dir, "0001_b")).unwrap();
        std::fs::remove_file(files::down_path(&project.migrations_dir, "0001_b")).unwrap();
        let problems = check_project(&project, &schema).unwrap();
        assert_eq!(
            kinds(&problems),
            vec![ProblemKind::MissingFile, ProblemKind::UnknownFile]
        );
    }

    #[test]
    fn hand_written_migration_in_the_chain_is_not_a_fork() {
        let dir = tempfile::tempdir().unwrap();
        let (project, mut schema) = project_with_history(dir.path());
        let mut journal = Journal::load(&project.journal).unwrap();
        let last = Snapshot::load(&project.snapshots_dir.join("0001_b.json")).unwrap();
        let same = Snapshot::new(last.schema.clone(), Some(last.id.clone()));
        write(&project, "0002_backfill", &same, &mut journal, 2);
        schema.tables.push(Table::new(QualifiedName::public("c")));
        let next = Snapshot::new(schema.clone(), Some(same.id.clone()));
        write(&project, "0003_c", &next, &mut journal, 3);
        std::fs::write(&project.journal, journal.to_json()).unwrap();
        assert_eq!(check_project(&project, &schema).unwrap(), vec![]);
    }

    #[test]
    fn tampered_snapshot_breaks_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        let path = project.snapshots_dir.join("0001_b.json");
        let mut snapshot = Snapshot::load(&path).unwrap();
        snapshot.prev_id = Some("0".repeat(64));
        std::fs::write(&path, snapshot.to_json()).unwrap();
        let problems = check_project(&project, &schema).unwrap();
        assert_eq!(
            kinds(&problems),
            vec![ProblemKind::ChecksumMismatch, ProblemKind::BrokenChain]
        );
    }

    /// Rewrites a snapshot and records its new hash in the journal, so that only the id check
    /// can tell.
    fn rewrite_snapshot(project: &Project, tag: &str, text: &str) {
        std::fs::write(project.snapshots_dir.join(format!("{tag}.json")), text).unwrap();
        let mut journal = Journal::load(&project.journal).unwrap();
        let entry = journal.entries.iter_mut().find(|e| e.tag == tag).unwrap();
        entry.snapshot_sha256 = text_sha256(text);
        std::fs::write(&project.journal, journal.to_json()).unwrap();
    }

    #[test]
    fn a_snapshot_whose_model_was_edited_fails_its_id_check() {
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        let path = project.snapshots_dir.join("0000_a.json");
        let edited = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"integer\"", "\"bigint\"");
        rewrite_snapshot(&project, "0000_a", &edited);
        let problems = check_project(&project, &schema).unwrap();
        assert_eq!(
            kinds(&problems),
            vec![ProblemKind::BrokenChain],
            "{problems:?}"
        );
        assert!(problems[0].message.contains("id does not match"));
    }

    #[test]
    fn a_reformatted_snapshot_of_the_same_model_keeps_its_id() {
        // Not strata's layout, so the id is checked through the model, which is unchanged.
        let dir = tempfile::tempdir().unwrap();
        let (project, schema) = project_with_history(dir.path());
        let path = project.snapshots_dir.join("0001_b.json");
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        rewrite_snapshot(&project, "0001_b", &value.to_string());
        assert_eq!(check_project(&project, &schema).unwrap(), vec![]);
    }
}
