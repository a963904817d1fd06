//! `strata status [--json]`: every migration with its state. Works offline: without a
//! database it lists the journal and files and says the database part was skipped.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, json, runtime};
use crate::config::Project;
use crate::migrate::files;
use crate::migrate::history::{self, Applied};
use crate::migrate::journal::Journal;
use crate::migrate::status::{Row, State, rows, stopped_line};
use crate::style::{self, Stream, Tone};
use anyhow::Result;
use comfy_table::{Cell, Table};
use serde::Serialize;

/// What `status` found; with `--json`, these fields sit inside the shared envelope.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The database consulted (password masked), or `None` offline.
    pub database: Option<String>,
    /// Why the database was not consulted, when it was not.
    pub offline_reason: Option<String>,
    pub migrations: Vec<Row>,
    pub summary: Summary,
}

/// How many migrations are in each state.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub total: usize,
    pub applied: usize,
    pub pending: usize,
    pub edited: usize,
    pub missing_file: usize,
    pub unknown_to_journal: usize,
    pub failed: usize,
    pub rollback_failed: usize,
}

/// Runs `status`.
pub fn run(project: &Project, as_json: bool, db: &DbArgs) -> Result<Outcome> {
    let report = build(project, db)?;
    if as_json {
        json::print("status", true, &report)?;
        return Ok(Outcome::Success);
    }
    outln!("{}", table(&report.migrations));
    for line in report.migrations.iter().filter_map(stopped_line) {
        // The error comes from the history table: shown, never interpreted by the terminal.
        outln!("{}", style::printable(&line));
    }
    let summary = &report.summary;
    match (&report.database, &report.offline_reason) {
        (Some(db), _) => outln!(
            "{db}: {} applied, {} pending{}",
            summary.applied,
            summary.pending,
            problems_suffix(summary)
        ),
        (None, Some(reason)) => outln!(
            "{} in the journal; database not consulted ({reason})",
            style::count(summary.total, "migration")
        ),
        (None, None) => {}
    }
    Ok(Outcome::Success)
}

fn build(project: &Project, db: &DbArgs) -> Result<Report> {
    let journal = Journal::load(&project.journal)?;
    let on_disk = files::load_dir(&project.migrations_dir)?;
    let (database, applied, offline_reason) = match read_history(project, db) {
        Ok((target, applied)) => (Some(target), Some(applied), None),
        Err(e) => (None, None, Some(format!("{e:#}"))),
    };
    let migrations = rows(&journal, &on_disk, applied.as_deref());
    let count = |state: State| migrations.iter().filter(|r| r.state == state).count();
    let summary = Summary {
        total: migrations.len(),
        applied: count(State::Applied),
        pending: count(State::Pending),
        edited: count(State::Edited),
        missing_file: count(State::MissingFile),
        unknown_to_journal: count(State::UnknownToJournal),
        failed: count(State::Failed),
        rollback_failed: count(State::RollbackFailed),
    };
    Ok(Report {
        database,
        offline_reason,
        migrations,
        summary,
    })
}

/// ", 1 edited, 1 failed" for the states that need attention, in red.
fn problems_suffix(summary: &Summary) -> String {
    let mut parts = String::new();
    for (n, name) in [
        (summary.edited, "edited"),
        (summary.missing_file, "missing file"),
        (summary.unknown_to_journal, "unknown to the journal"),
        (summary.failed, "failed"),
        (summary.rollback_failed, "rollback failed"),
    ] {
        if n > 0 {
            parts.push_str(&format!(
                ", {}",
                style::out(Tone::Bad, &format!("{n} {name}"))
            ));
        }
    }
    parts
}

/// The history, or why it could not be read.
fn read_history(project: &Project, db: &DbArgs) -> Result<(String, Vec<Applied>)> {
    runtime()?.block_on(async {
        let (client, target) = connect(project, db).await?;
        let applied = history::read(&client, &project.history_table).await?;
        Ok((target.to_string(), applied))
    })
}

/// The colour of a state: green when all is well, yellow for work to do, red for problems.
fn tone(state: State) -> Tone {
    match state {
        State::Applied => Tone::Good,
        State::Pending => Tone::Warn,
        State::Unknown => Tone::Dim,
        State::Edited
        | State::MissingFile
        | State::UnknownToJournal
        | State::Failed
        | State::RollbackFailed => Tone::Bad,
    }
}

fn table(rows: &[Row]) -> Table {
    let colour = style::enabled(Stream::Stdout);
    let mut table = Table::new();
    if colour {
        table.enforce_styling();
    }
    table.set_header(vec!["idx", "tag", "state", "applied at", "duration"]);
    for row in rows {
        let name = serde_json::to_value(row.state)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default();
        let mut state = Cell::new(name);
        if colour {
            state = state.fg(tone(row.state).table_color());
        }
        table.add_row(vec![
            Cell::new(format!("{:04}", row.idx)),
            Cell::new(&row.tag),
            state,
            Cell::new(row.applied_at.clone().unwrap_or_default()),
            Cell::new(
                row.duration_ms
                    .map(|d| format!("{d} ms"))
                    .unwrap_or_default(),
            ),
        ]);
    }
    table
}
