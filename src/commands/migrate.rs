//! `strata migrate` and `strata rollback`: the runner with its events rendered (a bar on a
//! terminal, plain lines elsewhere), or for `--dry-run` the SQL it would run.

use crate::cli::RunArgs;
use crate::commands::{Outcome, connect_to_change, runtime};
use crate::config::Project;
use crate::migrate::event::{Direction, Event, Events};
use crate::migrate::plan::{self, Mode};
use crate::migrate::runner::{self, Report, RollbackTarget, RunOptions};
use crate::migrate::session::{Session, describe_holders};
use crate::migrate::set::MigrationSet;
use crate::progress::{Progress, Verbosity, seconds, shorten, took, verbosity};
use crate::style::{self, Tone, count};
use anyhow::Result;
use std::time::Duration;

/// The default wait for the migration lock (and any lock of the runner's own statements).
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
    with_runner(
        project,
        run,
        Direction::Up,
        async |session, options, events| {
            let set = MigrationSet::load(project)?;
            let table = &project.history_table;
            runner::migrate(session, &set, table, to, options, events).await
        },
    )
}

/// Runs `rollback`.
pub fn run_rollback(
    project: &Project,
    target: &RollbackTarget,
    force: bool,
    run: &RunArgs,
) -> Result<Outcome> {
    with_runner(
        project,
        run,
        Direction::Down,
        async |session, options, events| {
            let set = MigrationSet::load(project)?;
            let table = &project.history_table;
            runner::rollback(session, &set, table, target, force, options, events).await
        },
    )
}

/// Connects, starts the runner's session and the display, runs `work`, and prints what it
/// did (or, for a dry run, the SQL it would run).
fn with_runner(
    project: &Project,
    run: &RunArgs,
    direction: Direction,
    work: impl AsyncFnOnce(&Session<'_>, &RunOptions, &mut Events<'_>) -> Result<Report>,
) -> Result<Outcome> {
    let options = options(run);
    runtime()?.block_on(async {
        let command = match direction {
            Direction::Up => "migrate",
            Direction::Down => "rollback",
        };
        let (client, target) = connect_to_change(project, &run.db, command).await?;
        let reconnect =
            || -> std::pin::Pin<Box<dyn Future<Output = Result<tokio_postgres::Client>> + Send>> {
                Box::pin(crate::db::connect(&target))
            };
        let session = Session::start(&client, options.lock_timeout, Some(&reconnect)).await?;
        let progress = Progress::new(false);
        let verb = match direction {
            Direction::Up => "Migrating",
            Direction::Down => "Rolling back",
        };
        if !options.dry_run {
            progress.println(&format!("{verb} {target}"));
        }
        let mut render = Render {
            progress: &progress,
            dry_run: options.dry_run,
            waiting: false,
        };
        let report = work(&session, &options, &mut |event| render.event(event)).await?;
        drop(progress);
        if options.dry_run {
            print_dry_run(&report, direction, &target.to_string())?;
        } else if !report.done.is_empty() && verbosity() > Verbosity::Quiet {
            let total: Duration = report.done.iter().map(|(_, d)| *d).sum();
            let what = match direction {
                Direction::Up => "applied",
                Direction::Down => "rolled back",
            };
            outln!(
                "{} {what} in {}",
                count(report.done.len(), "migration"),
                took(total)
            );
        }
        Ok(Outcome::Success)
    })
}

/// The SQL of a dry run on stdout, readable by psql (everything else is a comment).
fn print_dry_run(report: &Report, direction: Direction, database: &str) -> Result<()> {
    let command = match direction {
        Direction::Up => "migrate",
        Direction::Down => "rollback",
    };
    outln!("-- strata {command} --dry-run on {database}: nothing was changed");
    if report.planned.is_empty() {
        outln!("-- nothing to do");
    } else {
        outln!("\n{}", plan::to_sql(&report.planned).trim_end());
    }
    Ok(())
}

/// Turns the runner's events into lines and the progress display.
struct Render<'a> {
    progress: &'a Progress,
    dry_run: bool,
    /// The wait for the migration lock is shown.
    waiting: bool,
}

impl Render<'_> {
    fn event(&mut self, event: Event) {
        let progress = self.progress;
        match event {
            Event::WaitingForLock {
                holders,
                waited,
                limit,
            } => {
                if waited.is_zero() || !self.waiting {
                    self.waiting = true;
                    progress.task(
                        &format!("waiting for the migration lock (up to {})", seconds(limit)),
                        0,
                        None,
                        "",
                    );
                }
                progress.note(Some(describe_holders(holders)));
            }
            Event::Blocked { holders } => {
                progress.note(Some(format!(
                    "waiting for a lock {}",
                    describe_holders(holders)
                )));
            }
            Event::Planned { direction, plans } => {
                if plans.is_empty() && !self.dry_run {
                    progress.end_task();
                    progress.println(match direction {
                        Direction::Up => "Nothing to apply: the database is up to date.",
                        Direction::Down => "Nothing to roll back.",
                    });
                }
            }
            Event::Started { plan, position, of } => {
                let plain = plan.mode == Mode::OneTransaction
                    && plan.resume_from == 0
                    && plan.partial_up.is_none();
                if !plain || verbosity() == Verbosity::Verbose {
                    progress.println(&plan::headline(plan));
                    if let Some(stopped) = &plan.stopped {
                        progress.println(&format!("  the last run stopped: {}", one_line(stopped)));
                    }
                }
                let label = if of > 1 {
                    format!("{} ({position}/{of})", plan.entry.tag)
                } else {
                    plan.entry.tag.clone()
                };
                progress.task(
                    &label,
                    plan.resume_from,
                    Some(plan.statements.len()),
                    "statements",
                );
            }
            Event::Statement { done, .. } => progress.advance(done),
            Event::Skipped {
                tag,
                line,
                statement,
                reason,
            } => progress.eprintln(&format!(
                "{}: {tag}: skipped the statement at line {line} ({}): {}",
                style::err(Tone::Warn, "warning"),
                style::printable(&shorten(statement, 60)),
                one_line(reason)
            )),
            Event::Finished { plan, elapsed } => {
                progress.end_task();
                let what = match plan.direction {
                    Direction::Up => "applied",
                    Direction::Down => "rolled back",
                };
                progress.println(&format!(
                    "{what} {} in {} ({})",
                    plan.entry.tag,
                    took(elapsed),
                    count(plan.pending_statements(), "statement")
                ));
            }
        }
    }
}

/// Text on one line (an error with line breaks, for a progress line).
fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}
