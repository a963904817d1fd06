//! `strata check`: the offline CI gate. Exit 0 when the project is consistent, 1 with every
//! problem named otherwise.

use crate::commands::generate::load_schema;
use crate::commands::{Outcome, json};
use crate::config::Project;
use crate::migrate::check::{Problem, Snapshots, check_history};
use crate::style::{self, Tone};
use anyhow::Result;
use serde::Serialize;

/// What `check` found; with `--json`, these fields sit inside the shared envelope.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The number of migrations in the journal.
    pub migrations: usize,
    /// Every problem, empty when the project is consistent.
    pub problems: Vec<Problem>,
}

/// Runs `check`.
pub fn run(project: &Project, as_json: bool) -> Result<Outcome> {
    let report = build(project)?;
    let ok = report.problems.is_empty();
    if as_json {
        json::print("check", ok, &report)?;
    } else if ok {
        outln!(
            "{}: {}, files match the journal, schema matches the last snapshot",
            style::out(Tone::Good, "ok"),
            style::count(report.migrations, "migration")
        );
    } else {
        for problem in &report.problems {
            outln!("{}", problem.message);
        }
        outln!(
            "{}",
            style::out(
                Tone::Bad,
                &format!("{} found", style::count(report.problems.len(), "problem"))
            )
        );
    }
    Ok(if ok {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

fn build(project: &Project) -> Result<Report> {
    // The schema and the history are independent until the last comparison: read them on two
    // threads (each is about half the work on a large project).
    let (history, parsed) = super::join(
        || check_history(project, Snapshots::All),
        || load_schema(project),
    );
    let (parsed, history) = (parsed?, history?);
    let migrations = history.migrations();
    let problems = history.against(&parsed.schema);
    super::free_in_background((parsed, history.into_last_snapshot()));
    Ok(Report {
        migrations,
        problems,
    })
}
