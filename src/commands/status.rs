//! `strata status [--json]`: every migration with its state. Works offline: without a
//! database it lists the journal and files and says the database part was skipped.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, runtime};
use crate::config::Project;
use crate::migrate::files;
use crate::migrate::history::{self, Applied};
use crate::migrate::journal::Journal;
use crate::migrate::status::{Row, State, rows, stopped_line};
use anyhow::Result;
use comfy_table::Table;

/// Runs `status`.
pub fn run(project: &Project, json: bool, db: &DbArgs) -> Result<Outcome> {
    let journal = Journal::load(&project.journal)?;
    let on_disk = files::load_dir(&project.migrations_dir)?;
    let (database, applied, offline_reason) = match read_history(project, db) {
        Ok((target, applied)) => (Some(target), Some(applied), None),
        Err(e) => (None, None, Some(format!("{e:#}"))),
    };
    let rows = rows(&journal, &on_disk, applied.as_deref());
    let count = |state: State| rows.iter().filter(|r| r.state == state).count();
    if json {
        let report = serde_json::json!({
            "database": database,
            "offline_reason": offline_reason,
            "migrations": rows,
            "summary": {
                "total": rows.len(),
                "applied": count(State::Applied),
                "pending": count(State::Pending),
                "edited": count(State::Edited),
                "missing_file": count(State::MissingFile),
                "unknown_to_journal": count(State::UnknownToJournal),
                "failed": count(State::Failed),
                "rollback_failed": count(State::RollbackFailed),
            },
        });
        outln!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Outcome::Success);
    }
    outln!("{}", table(&rows));
    for line in rows.iter().filter_map(stopped_line) {
        outln!("{line}");
    }
    match (&database, &offline_reason) {
        (Some(db), _) => outln!(
            "{db}: {} applied, {} pending{}",
            count(State::Applied),
            count(State::Pending),
            problems_suffix(&rows)
        ),
        (None, Some(reason)) => outln!(
            "{} migrations in the journal; database not consulted ({reason})",
            rows.len()
        ),
        (None, None) => {}
    }
    Ok(Outcome::Success)
}

/// ", 1 edited, 1 failed" for the states that need attention.
fn problems_suffix(rows: &[Row]) -> String {
    let mut parts = Vec::new();
    for (state, name) in [
        (State::Edited, "edited"),
        (State::MissingFile, "missing file"),
        (State::UnknownToJournal, "unknown to the journal"),
        (State::Failed, "failed"),
        (State::RollbackFailed, "rollback failed"),
    ] {
        let n = rows.iter().filter(|r| r.state == state).count();
        if n > 0 {
            parts.push(format!("{n} {name}"));
        }
    }
    parts.iter().map(|p| format!(", {p}")).collect()
}

/// The history, or why it could not be read.
fn read_history(project: &Project, db: &DbArgs) -> Result<(String, Vec<Applied>)> {
    runtime()?.block_on(async {
        let (client, target) = connect(project, db).await?;
        let applied = history::read(&client, &project.history_table).await?;
        Ok((target.to_string(), applied))
    })
}

fn table(rows: &[Row]) -> Table {
    let mut table = Table::new();
    table.set_header(vec!["idx", "tag", "state", "applied at", "duration"]);
    for row in rows {
        let state = serde_json::to_value(row.state)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default();
        table.add_row(vec![
            format!("{:04}", row.idx),
            row.tag.clone(),
            state,
            row.applied_at.clone().unwrap_or_default(),
            row.duration_ms
                .map(|d| format!("{d} ms"))
                .unwrap_or_default(),
        ]);
    }
    table
}
