//! The state of every migration, from the journal, the files and (when reachable) the history.

use crate::migrate::files::MigrationFile;
use crate::migrate::history::Applied;
use crate::migrate::journal::Journal;
use crate::migrate::split::split;
use serde::Serialize;
use std::collections::BTreeMap;

/// A migration's state; the snake_case name is part of the `--json` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Applied and its file unchanged.
    Applied,
    /// In the journal, not applied.
    Pending,
    /// Applied, but the file changed since.
    Edited,
    /// Applied (or in the journal) but the file is gone.
    MissingFile,
    /// Applied in the database, unknown to the journal.
    UnknownToJournal,
    /// A non-transactional migration that stopped halfway (or is being applied).
    Failed,
    /// A rollback that stopped halfway (or is running): `strata rollback` goes on with it.
    RollbackFailed,
    /// The database was not consulted (offline).
    Unknown,
}

/// One line of `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub idx: u32,
    pub tag: String,
    pub state: State,
    pub applied_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub error: Option<String>,
    /// For `failed` and `rollback_failed`: how many statements (up, or down) were done, of
    /// how many. `None` otherwise.
    pub statements_done: Option<usize>,
    pub statements_total: Option<usize>,
}

/// `0003_x stopped after 120 of 300 statements: ERROR` for a row that stopped halfway.
pub fn stopped_line(row: &Row) -> Option<String> {
    let (done, total) = (row.statements_done?, row.statements_total?);
    let what = match row.state {
        State::RollbackFailed => "rollback stopped after",
        _ => "stopped after",
    };
    let why = row.error.as_deref().unwrap_or("").replace('\n', " ");
    Some(format!(
        "{} {what} {done} of {total} statements: {why}",
        row.tag
    ))
}

/// The rows in journal order, then applied migrations the journal does not know.
pub fn rows(journal: &Journal, files: &[MigrationFile], applied: Option<&[Applied]>) -> Vec<Row> {
    let files: BTreeMap<&str, &MigrationFile> = files.iter().map(|f| (f.tag.as_str(), f)).collect();
    let history: BTreeMap<&str, &Applied> = applied
        .unwrap_or_default()
        .iter()
        .map(|a| (a.tag.as_str(), a))
        .collect();
    let mut rows = Vec::new();
    for entry in &journal.entries {
        let file = files.get(entry.tag.as_str());
        let row = history.get(entry.tag.as_str());
        let state = match (applied.is_some(), row, file) {
            (_, _, None) => State::MissingFile,
            (false, _, _) => State::Unknown,
            (true, None, _) => State::Pending,
            (true, Some(r), _) if r.down_statements_done.is_some() => State::RollbackFailed,
            (true, Some(r), _) if r.error.is_some() => State::Failed,
            (true, Some(r), Some(f)) if r.up_sha256 != f.up_sha256 => State::Edited,
            (true, Some(_), Some(_)) => State::Applied,
        };
        let (done, total) = match (state, row, file) {
            (State::Failed, Some(r), Some(f)) => (
                Some(r.statements_done.max(0) as usize),
                Some(split(&f.up_sql).len()),
            ),
            (State::RollbackFailed, Some(r), Some(f)) => (
                r.down_statements_done.map(|d| d.max(0) as usize),
                f.down.as_ref().map(|d| split(&d.sql).len()),
            ),
            _ => (None, None),
        };
        rows.push(Row {
            idx: entry.idx,
            tag: entry.tag.clone(),
            state,
            applied_at: row.map(|r| r.applied_at.clone()),
            duration_ms: row.map(|r| r.duration_ms),
            error: row.and_then(|r| r.error.clone()),
            statements_done: done,
            statements_total: total,
        });
    }
    for a in applied.unwrap_or_default() {
        if journal.entry(&a.tag).is_none() {
            rows.push(Row {
                idx: a.idx.max(0) as u32,
                tag: a.tag.clone(),
                state: State::UnknownToJournal,
                applied_at: Some(a.applied_at.clone()),
                duration_ms: Some(a.duration_ms),
                error: a.error.clone(),
                statements_done: None,
                statements_total: None,
            });
        }
    }
    rows
}
