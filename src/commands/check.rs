//! `strata check`: the offline CI gate. Exit 0 when the project is consistent, 1 with every
//! problem named otherwise.

use crate::commands::Outcome;
use crate::commands::generate::load_schema;
use crate::config::Project;
use crate::migrate::check::check_history;
use anyhow::Result;

/// Runs `check`.
pub fn run(project: &Project, json: bool) -> Result<Outcome> {
    // The schema and the history are independent until the last comparison: read them on two
    // threads (each is about half the work on a large project).
    let (history, parsed) = super::join(|| check_history(project), || load_schema(project));
    let (parsed, history) = (parsed?, history?);
    let migrations = history.migrations();
    let problems = history.against(&parsed.schema);
    super::free_in_background((parsed, history.into_snapshots()));
    if json {
        let report = serde_json::json!({
            "ok": problems.is_empty(),
            "migrations": migrations,
            "problems": problems,
        });
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else if problems.is_empty() {
        outln!(
            "ok: {migrations} migrations, files match the journal, schema matches the last snapshot"
        );
    } else {
        for problem in &problems {
            outln!("{}", problem.message);
        }
        outln!("{} problem(s) found", problems.len());
    }
    Ok(if problems.is_empty() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}
