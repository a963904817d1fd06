//! The one runner: lock, read the history, validate checksums, plan, and run each migration
//! (up or down) with its history change; release the lock on every path.
//!
//! Pending migrations are found by tag (the journal minus the history), never by a timestamp
//! high-water mark, so a migration merged from another branch is not skipped. `migrate` and
//! `rollback` plan alike (see [`crate::migrate::plan`]), so that whatever state a run stops
//! in, one of them can go on from it.

use crate::error::check_failed;
use crate::migrate::event::{Direction, Event, Events};
use crate::migrate::execute;
use crate::migrate::history::{self, Applied};
use crate::migrate::lock;
use crate::migrate::plan::{self, MigrationPlan};
use crate::migrate::refusal::{Refusal, Refused};
use crate::migrate::session::Session;
use crate::migrate::set::MigrationSet;
use crate::schema::model::QualifiedName;
use anyhow::Result;
use std::collections::BTreeMap;
use std::time::Duration;

pub use crate::migrate::execute::{RunOptions, StatementFailed};
pub use crate::migrate::plan::BATCH_STATEMENTS;

/// What a run did, or (for a dry run) would do.
#[derive(Debug, Default)]
pub struct Report {
    /// Tags applied (or reverted), in order, with their duration.
    pub done: Vec<(String, Duration)>,
    /// The plan of the run, when it was a dry run.
    pub planned: Vec<MigrationPlan>,
}

/// Applies the pending migrations of `set` up to and including `to` (all when `None`),
/// recording them in the history table `table`. A dry run plans without the lock and changes
/// nothing.
pub async fn migrate(
    session: &Session<'_>,
    set: &MigrationSet,
    table: &QualifiedName,
    to: Option<&str>,
    options: &RunOptions,
    events: &mut Events<'_>,
) -> Result<Report> {
    if let Some(tag) = to
        && set.journal.entry(tag).is_none()
    {
        return Err(crate::error::input_error(format!(
            "--to {tag}: no such migration in the journal"
        )));
    }
    let run = async |events: &mut Events<'_>| {
        if !options.dry_run {
            session
                .own(
                    "preparing the history table",
                    history::ensure(session.client, table),
                    events,
                )
                .await?;
        }
        let applied = read_history(session, table, events).await?;
        validate_applied(&applied, set)?;
        let plans = pending(&applied, set, to)?;
        execute_all(session, table, plans, Direction::Up, options, events).await
    };
    locked(session, table, options, events, run).await
}

/// Runs `work` holding the migration lock (a dry run takes none), releasing it on every path.
async fn locked(
    session: &Session<'_>,
    table: &QualifiedName,
    options: &RunOptions,
    events: &mut Events<'_>,
    work: impl AsyncFnOnce(&mut Events<'_>) -> Result<Report>,
) -> Result<Report> {
    if options.dry_run {
        return work(events).await;
    }
    let guard = lock::acquire(session, table, events).await?;
    let result = work(events).await;
    // A failure of the run wins over a failure to release.
    let released = guard.release(session.client).await;
    let report = result?;
    released?;
    Ok(report)
}

/// The history, read under the runner's own lock timeout.
async fn read_history(
    session: &Session<'_>,
    table: &QualifiedName,
    events: &mut Events<'_>,
) -> Result<Vec<Applied>> {
    session
        .own(
            "reading the history table",
            history::read(session.client, table),
            events,
        )
        .await
}

/// Reports the plan, then runs it (unless it is a dry run) migration by migration.
async fn execute_all(
    session: &Session<'_>,
    table: &QualifiedName,
    plans: Vec<MigrationPlan>,
    direction: Direction,
    options: &RunOptions,
    events: &mut Events<'_>,
) -> Result<Report> {
    events(Event::Planned {
        direction,
        plans: &plans,
    });
    let mut report = Report::default();
    if options.dry_run {
        report.planned = plans;
        return Ok(report);
    }
    let of = plans.len();
    for (i, plan) in plans.iter().enumerate() {
        events(Event::Started {
            plan,
            position: i + 1,
            of,
        });
        let elapsed = execute::run(session, table, plan, options, events).await?;
        events(Event::Finished { plan, elapsed });
        report.done.push((plan.entry.tag.clone(), elapsed));
    }
    Ok(report)
}

/// Applied migrations must still be in the journal and in the files, unedited.
fn validate_applied(applied: &[Applied], set: &MigrationSet) -> Result<()> {
    let mut problems = Vec::new();
    for row in applied {
        if set.journal.entry(&row.tag).is_none() {
            problems.push(Refusal::UnknownToJournal {
                tag: row.tag.clone(),
            });
            continue;
        }
        match set.files.get(&row.tag) {
            None => problems.push(Refusal::AppliedFileMissing {
                tag: row.tag.clone(),
            }),
            // A migration that stopped halfway may be fixed before it resumes.
            Some(_) if !row.is_complete() => {}
            Some(file) if file.up_sha256 != row.up_sha256 => problems.push(Refusal::Edited {
                tag: row.tag.clone(),
                applied_sha256: row.up_sha256.clone(),
                file_sha256: file.up_sha256.clone(),
                file: file.up_path.clone(),
            }),
            Some(_) => {}
        }
    }
    refuse_if_any(problems)
}

/// `Ok` without problems, else the [`Refused`] error listing them.
fn refuse_if_any(problems: Vec<Refusal>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow::Error::new(Refused { problems }))
    }
}

/// Plans of the journal entries not (completely) applied, up to `to`. A migration that is
/// halfway rolled back is refused: `rollback` finishes it first.
fn pending(
    applied: &[Applied],
    set: &MigrationSet,
    to: Option<&str>,
) -> Result<Vec<MigrationPlan>> {
    let by_tag: BTreeMap<&str, &Applied> = applied.iter().map(|a| (a.tag.as_str(), a)).collect();
    let mut out = Vec::new();
    let mut stale = Vec::new();
    for entry in &set.journal.entries {
        let row = by_tag.get(entry.tag.as_str()).copied();
        match row {
            Some(row) if row.is_complete() => {}
            Some(row) if row.down_statements_done.is_some() => {
                stale.push(Refusal::PartlyRolledBack {
                    tag: entry.tag.clone(),
                    down_statements_done: row.down_statements_done.unwrap_or(0),
                    error: row.error.clone().unwrap_or_default(),
                })
            }
            _ => match set.files.get(&entry.tag) {
                None => stale.push(Refusal::PendingFileMissing {
                    tag: entry.tag.clone(),
                }),
                Some(file) if file.up_sha256 != entry.up_sha256 => stale.push(Refusal::NotHashed {
                    tag: entry.tag.clone(),
                    journal_sha256: entry.up_sha256.clone(),
                    file_sha256: file.up_sha256.clone(),
                    file: file.up_path.clone(),
                }),
                Some(file) => out.push(plan::up(entry, file, row, set.snapshot_id(&entry.tag))),
            },
        }
        if Some(entry.tag.as_str()) == to {
            break;
        }
    }
    refuse_if_any(stale)?;
    Ok(out)
}

/// Which migrations `rollback` reverts.
#[derive(Debug, Clone)]
pub enum RollbackTarget {
    /// The newest N.
    Steps(usize),
    /// Everything applied after this tag (the tag itself stays applied).
    To(String),
}

/// Reverts applied migrations newest first, planned as `migrate` plans: in one transaction
/// with the removal of the history row, or in steps that record their progress. A down file
/// edited since generation is refused unless `force`.
pub async fn rollback(
    session: &Session<'_>,
    set: &MigrationSet,
    table: &QualifiedName,
    target: &RollbackTarget,
    force: bool,
    options: &RunOptions,
    events: &mut Events<'_>,
) -> Result<Report> {
    let run = async |events: &mut Events<'_>| {
        let applied = read_history(session, table, events).await?;
        let chosen = choose(&applied, target)?;
        if !chosen.is_empty() && !options.dry_run {
            // An older history table gets the column that records a rollback's progress.
            session
                .own(
                    "preparing the history table",
                    history::ensure(session.client, table),
                    events,
                )
                .await?;
        }
        let mut plans = Vec::new();
        for row in chosen {
            plans.push(down_plan(row, set, force)?);
        }
        execute_all(session, table, plans, Direction::Down, options, events).await
    };
    locked(session, table, options, events, run).await
}

/// The rows `target` selects, newest first.
fn choose<'a>(applied: &'a [Applied], target: &RollbackTarget) -> Result<Vec<&'a Applied>> {
    Ok(match target {
        RollbackTarget::Steps(n) => applied.iter().rev().take(*n).collect(),
        RollbackTarget::To(tag) => {
            if !applied.iter().any(|a| &a.tag == tag) {
                return Err(crate::error::input_error(format!(
                    "--to {tag}: that migration is not applied"
                )));
            }
            applied.iter().rev().take_while(|a| &a.tag != tag).collect()
        }
    })
}

/// The plan to roll back an applied migration, with its down file checked.
fn down_plan(row: &Applied, set: &MigrationSet, force: bool) -> Result<MigrationPlan> {
    let entry = set.journal.entry(&row.tag).ok_or_else(|| {
        check_failed(format!(
            "{} is applied but unknown to the journal: cannot roll it back",
            row.tag
        ))
    })?;
    let file = set
        .files
        .get(&row.tag)
        .ok_or_else(|| check_failed(format!("{}: migration files missing", row.tag)))?;
    let down = file
        .down
        .as_ref()
        .ok_or_else(|| check_failed(format!("{}: no down file ({}.down.sql)", row.tag, row.tag)))?;
    if down.sha256 != entry.down_sha256 && !force {
        return Err(check_failed(format!(
            "{} was edited since it was generated (journal sha256 {}, file sha256 {}); \
             review it and pass --force to run it anyway",
            down.path.display(),
            entry.down_sha256,
            down.sha256
        )));
    }
    Ok(plan::down(entry, file, down.path.clone(), &down.sql, row))
}
