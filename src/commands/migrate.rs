//! `strata migrate` and `strata rollback`: thin wrappers around the runner.

use crate::cli::RunArgs;
use crate::commands::{Outcome, connect_to_change, runtime};
use crate::config::Project;
use crate::migrate::runner::{self, RollbackTarget, RunOptions};
use anyhow::Result;
use std::time::Duration;

/// The default wait for the migration lock.
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(60);

fn options(run: &RunArgs) -> RunOptions {
    RunOptions {
        lock_timeout: run.lock_timeout.unwrap_or(DEFAULT_LOCK_WAIT),
        set_lock_timeout: run.lock_timeout.is_some(),
        statement_timeout: run.statement_timeout,
        dry_run: run.dry_run,
    }
}

/// Runs `migrate`.
pub fn run_migrate(project: &Project, to: Option<&str>, run: &RunArgs) -> Result<Outcome> {
    runtime()?.block_on(async {
        let (client, target) = connect_to_change(project, &run.db, "migrate").await?;
        outln!("Migrating {target}");
        let mut progress = |line: &str| {
            use std::io::Write as _;
            let _ = writeln!(std::io::stdout(), "{line}");
        };
        let report = runner::migrate(&client, project, to, &options(run), &mut progress).await?;
        if !report.done.is_empty() {
            let total: Duration = report.done.iter().map(|(_, d)| *d).sum();
            outln!(
                "{} applied in {} ms",
                crate::style::count(report.done.len(), "migration"),
                total.as_millis()
            );
        }
        Ok(Outcome::Success)
    })
}

/// Runs `rollback`.
pub fn run_rollback(
    project: &Project,
    target: &RollbackTarget,
    force: bool,
    run: &RunArgs,
) -> Result<Outcome> {
    runtime()?.block_on(async {
        let (client, db) = connect_to_change(project, &run.db, "rollback").await?;
        outln!("Rolling back {db}");
        let mut progress = |line: &str| {
            use std::io::Write as _;
            let _ = writeln!(std::io::stdout(), "{line}");
        };
        let report = runner::rollback(
            &client,
            project,
            target,
            force,
            &options(run),
            &mut progress,
        )
        .await?;
        if !report.done.is_empty() {
            outln!(
                "{} rolled back",
                crate::style::count(report.done.len(), "migration")
            );
        }
        Ok(Outcome::Success)
    })
}
