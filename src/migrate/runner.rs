//! The one runner: lock, read the history, validate checksums, plan, and run each migration
//! (up or down) with its history change; release the lock on every path.
//!
//! Pending migrations are found by tag (the journal minus the history), never by a timestamp
//! high-water mark, so a migration merged from another branch is not skipped. `migrate` and
//! `rollback` plan alike (see [`crate::migrate::plan`]), so that whatever state a run stops
//! in, one of them can go on from it.

use crate::config::Project;
use crate::error::check_failed;
use crate::migrate::event::{Direction, Event};
use crate::migrate::execute;
use crate::migrate::files::{self, MigrationFile};
use crate::migrate::history::{self, Applied};
use crate::migrate::journal::{Journal, JournalEntry};
use crate::migrate::lock;
use crate::migrate::plan::{self, MigrationPlan};
use crate::migrate::session::Session;
use crate::schema::snapshot::Snapshot;
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

/// Everything the runner reads from the project, loaded once.
struct ProjectFiles {
    journal: Journal,
    files: BTreeMap<String, MigrationFile>,
}

impl ProjectFiles {
    fn load(project: &Project) -> Result<Self> {
        let journal = Journal::load(&project.journal)?;
        let files = files::load_dir(&project.migrations_dir)?
            .into_iter()
            .map(|f| (f.tag.clone(), f))
            .collect();
        Ok(ProjectFiles { journal, files })
    }
}

/// Applies pending migrations up to and including `to` (all when `None`). A dry run plans
/// without the lock and changes nothing.
pub async fn migrate(
    session: &Session<'_>,
    project: &Project,
    to: Option<&str>,
    options: &RunOptions,
    events: &mut dyn FnMut(Event),
) -> Result<Report> {
    let loaded = ProjectFiles::load(project)?;
    if let Some(tag) = to
        && loaded.journal.entry(tag).is_none()
    {
        return Err(crate::error::input_error(format!(
            "--to {tag}: no such migration in the journal"
        )));
    }
    let run = async |events: &mut dyn FnMut(Event)| {
        if !options.dry_run {
            session
                .own(
                    "preparing the history table",
                    history::ensure(session.client, &project.history_table),
                    events,
                )
                .await?;
        }
        let applied = read_history(session, project, events).await?;
        validate_applied(&applied, &loaded)?;
        let plans = pending(&applied, &loaded, project, to)?;
        execute_all(session, project, plans, Direction::Up, options, events).await
    };
    locked(session, project, options, events, run).await
}

/// Runs `work` holding the migration lock (a dry run takes none), releasing it on every path.
async fn locked(
    session: &Session<'_>,
    project: &Project,
    options: &RunOptions,
    events: &mut dyn FnMut(Event),
    work: impl AsyncFnOnce(&mut dyn FnMut(Event)) -> Result<Report>,
) -> Result<Report> {
    if options.dry_run {
        return work(events).await;
    }
    let guard = lock::acquire(session, &project.history_table, events).await?;
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
    project: &Project,
    events: &mut dyn FnMut(Event),
) -> Result<Vec<Applied>> {
    session
        .own(
            "reading the history table",
            history::read(session.client, &project.history_table),
            events,
        )
        .await
}

/// Reports the plan, then runs it (unless it is a dry run) migration by migration.
async fn execute_all(
    session: &Session<'_>,
    project: &Project,
    plans: Vec<MigrationPlan>,
    direction: Direction,
    options: &RunOptions,
    events: &mut dyn FnMut(Event),
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
        let elapsed = execute::run(session, project, plan, options, events).await?;
        events(Event::Finished { plan, elapsed });
        report.done.push((plan.entry.tag.clone(), elapsed));
    }
    Ok(report)
}

/// Applied migrations must still be in the journal and in the files, unedited.
fn validate_applied(applied: &[Applied], loaded: &ProjectFiles) -> Result<()> {
    let mut problems = Vec::new();
    for row in applied {
        if loaded.journal.entry(&row.tag).is_none() {
            problems.push(format!(
                "{} is applied in the database but unknown to the journal (applied from another branch?)",
                row.tag
            ));
            continue;
        }
        match loaded.files.get(&row.tag) {
            None => problems.push(format!(
                "{} is applied in the database but its file is missing",
                row.tag
            )),
            // A migration that stopped halfway may be fixed before it resumes.
            Some(_) if !row.is_complete() => {}
            Some(file) if file.up_sha256 != row.up_sha256 => problems.push(format!(
                "{} was edited after it was applied: applied sha256 {}, file sha256 {} ({}). \
                 An applied migration must not be edited: revert the file to what was applied, \
                 and put the change in a new migration (`strata generate`, or `strata new` for \
                 hand-written SQL)",
                row.tag,
                row.up_sha256,
                file.up_sha256,
                file.up_path.display()
            )),
            Some(_) => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(check_failed(format!(
            "refusing to migrate:\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// Plans of the journal entries not (completely) applied, up to `to`. A migration that is
/// halfway rolled back is refused: `rollback` finishes it first.
fn pending(
    applied: &[Applied],
    loaded: &ProjectFiles,
    project: &Project,
    to: Option<&str>,
) -> Result<Vec<MigrationPlan>> {
    let by_tag: BTreeMap<&str, &Applied> = applied.iter().map(|a| (a.tag.as_str(), a)).collect();
    let mut out = Vec::new();
    let mut stale = Vec::new();
    for entry in &loaded.journal.entries {
        let row = by_tag.get(entry.tag.as_str()).copied();
        match row {
            Some(row) if row.is_complete() => {}
            Some(row) if row.down_statements_done.is_some() => stale.push(format!(
                "{} is partly rolled back ({} of its down statements ran; it stopped: {}): run \
                 `strata rollback` to finish rolling it back, then `strata migrate`",
                entry.tag,
                row.down_statements_done.unwrap_or(0),
                row.error.as_deref().unwrap_or("")
            )),
            _ => match loaded.files.get(&entry.tag) {
                None => stale.push(format!("{}: file missing", entry.tag)),
                Some(file) if file.up_sha256 != entry.up_sha256 => stale.push(format!(
                    "{} differs from the journal (journal sha256 {}, file sha256 {}): run `strata \
                     hash` after editing a hand-written migration that no database has applied",
                    file.up_path.display(),
                    entry.up_sha256,
                    file.up_sha256
                )),
                Some(file) => out.push(plan::up(entry, file, row, snapshot_id(project, entry))),
            },
        }
        if Some(entry.tag.as_str()) == to {
            break;
        }
    }
    if stale.is_empty() {
        Ok(out)
    } else {
        Err(check_failed(format!(
            "refusing to migrate:\n  {}",
            stale.join("\n  ")
        )))
    }
}

/// The id of the snapshot a migration produces (kept in its history row for `verify`).
fn snapshot_id(project: &Project, entry: &JournalEntry) -> Option<String> {
    Snapshot::load(&project.snapshots_dir.join(format!("{}.json", entry.tag)))
        .ok()
        .map(|s| s.id)
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
    project: &Project,
    target: &RollbackTarget,
    force: bool,
    options: &RunOptions,
    events: &mut dyn FnMut(Event),
) -> Result<Report> {
    let loaded = ProjectFiles::load(project)?;
    let run = async |events: &mut dyn FnMut(Event)| {
        let applied = read_history(session, project, events).await?;
        let chosen = choose(&applied, target)?;
        if !chosen.is_empty() && !options.dry_run {
            // An older history table gets the column that records a rollback's progress.
            session
                .own(
                    "preparing the history table",
                    history::ensure(session.client, &project.history_table),
                    events,
                )
                .await?;
        }
        let mut plans = Vec::new();
        for row in chosen {
            plans.push(down_plan(row, &loaded, force)?);
        }
        execute_all(session, project, plans, Direction::Down, options, events).await
    };
    locked(session, project, options, events, run).await
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
fn down_plan(row: &Applied, loaded: &ProjectFiles, force: bool) -> Result<MigrationPlan> {
    let entry = loaded.journal.entry(&row.tag).ok_or_else(|| {
        check_failed(format!(
            "{} is applied but unknown to the journal: cannot roll it back",
            row.tag
        ))
    })?;
    let file = loaded
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
