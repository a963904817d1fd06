//! The one runner: lock, read the history, validate checksums, apply or revert each migration
//! in its own transaction together with its history row, release the lock on every path.
//!
//! Pending migrations are found by tag (the journal minus the history), never by a timestamp
//! high-water mark, so a migration merged from another branch is not skipped.

use crate::config::Project;
use crate::error::check_failed;
use crate::migrate::files::{self, MigrationFile};
use crate::migrate::history::{self, Applied, NewRow};
use crate::migrate::journal::{Journal, JournalEntry};
use crate::migrate::lock;
use crate::migrate::split::{Batch, SqlStatement, has_no_transaction_marker, plan_batches, split};
use crate::schema::snapshot::Snapshot;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio_postgres::Client;

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How long to wait for the migration lock, and (when `set_lock_timeout`) PostgreSQL's
    /// `lock_timeout` for each statement.
    pub lock_timeout: Duration,
    pub set_lock_timeout: bool,
    /// PostgreSQL's `statement_timeout` for each statement, when given.
    pub statement_timeout: Option<Duration>,
    /// Print what would run; change nothing.
    pub dry_run: bool,
}

/// A statement that failed, with everything PostgreSQL said about it. Exit code 3.
#[derive(Debug)]
pub struct StatementFailed {
    pub tag: String,
    pub file: PathBuf,
    pub line: usize,
    pub statement: String,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    pub position: Option<u32>,
    /// Whether the migration's earlier statements stay applied (non-transactional only).
    pub partial: bool,
}

impl fmt::Display for StatementFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "migration {} failed at {}:{}: {}",
            self.tag,
            self.file.display(),
            self.line,
            self.message
        )?;
        if let Some(detail) = &self.detail {
            writeln!(f, "  detail: {detail}")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  hint: {hint}")?;
        }
        if let Some(position) = self.position {
            writeln!(f, "  at character {position} of the statement")?;
        }
        writeln!(f, "  statement: {}", self.statement)?;
        if self.partial {
            write!(
                f,
                "  the migration is non-transactional: what it committed before this statement \
                 stays applied (`strata status` shows how far it got); fix the cause and run \
                 `strata migrate` again to resume from there"
            )
        } else {
            write!(f, "  nothing of {} was applied", self.tag)
        }
    }
}

impl std::error::Error for StatementFailed {}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Tags applied (or reverted), in order, with their duration.
    pub done: Vec<(String, Duration)>,
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

/// Applies pending migrations up to and including `to` (all when `None`).
pub async fn migrate(
    client: &Client,
    project: &Project,
    to: Option<&str>,
    options: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    let loaded = ProjectFiles::load(project)?;
    if let Some(tag) = to
        && loaded.journal.entry(tag).is_none()
    {
        return Err(crate::error::input_error(format!(
            "--to {tag}: no such migration in the journal"
        )));
    }
    let guard = lock::acquire(client, &project.history_table, options.lock_timeout).await?;
    let result = migrate_locked(client, project, &loaded, to, options, progress).await;
    release_after(guard, client, result).await
}

/// Releases the lock whatever the run's result, then returns that result (a failure of the
/// run wins over a failure to release).
async fn release_after(
    guard: lock::LockGuard,
    client: &Client,
    result: Result<Report>,
) -> Result<Report> {
    let released = guard.release(client).await;
    let report = result?;
    released?;
    Ok(report)
}

async fn migrate_locked(
    client: &Client,
    project: &Project,
    loaded: &ProjectFiles,
    to: Option<&str>,
    options: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    if !options.dry_run {
        history::ensure(client, &project.history_table).await?;
    }
    let applied = history::read(client, &project.history_table).await?;
    validate_applied(&applied, loaded)?;
    let pending = pending(&applied, loaded, to)?;
    let mut report = Report::default();
    if pending.is_empty() {
        progress("Nothing to apply: the database is up to date.");
        return Ok(report);
    }
    for (entry, resume_from) in pending {
        let file = &loaded.files[&entry.tag];
        let statements = split(&file.up_sql);
        if options.dry_run {
            progress(&format!(
                "would apply {} ({})",
                entry.tag,
                crate::style::count(statements.len(), "statement")
            ));
            continue;
        }
        let snapshot_id =
            Snapshot::load(&project.snapshots_dir.join(format!("{}.json", entry.tag)))
                .ok()
                .map(|s| s.id);
        let started = Instant::now();
        let target = Target {
            entry,
            file_path: file.up_path.clone(),
            up_sha256: &file.up_sha256,
            snapshot_id: snapshot_id.as_deref(),
        };
        if entry.transactional {
            apply_in_transaction(client, project, &target, &statements, started, options).await?;
        } else {
            let (steps, how) = non_transactional_steps(&file.up_sql, &statements, resume_from);
            progress(&format!(
                "{}: non-transactional, running {} {how}",
                entry.tag,
                crate::style::count(statements.len(), "statement"),
            ));
            apply_in_steps(
                client,
                project,
                &target,
                &statements,
                steps,
                resume_from,
                options,
            )
            .await?;
        }
        let elapsed = started.elapsed();
        progress(&format!(
            "applied {} in {} ms",
            entry.tag,
            elapsed.as_millis()
        ));
        report.done.push((entry.tag.clone(), elapsed));
    }
    Ok(report)
}

/// The migration being applied.
struct Target<'a> {
    entry: &'a JournalEntry,
    file_path: PathBuf,
    up_sha256: &'a str,
    snapshot_id: Option<&'a str>,
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
            // A non-transactional migration that stopped halfway may be fixed before resuming.
            Some(_) if row.error.is_some() => {}
            Some(file) if file.up_sha256 != row.up_sha256 => problems.push(format!(
                "{} was edited after it was applied: applied sha256 {}, file sha256 {} ({})",
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

/// Journal entries not (completely) applied, up to `to`, with the statement to resume from.
fn pending<'a>(
    applied: &[Applied],
    loaded: &'a ProjectFiles,
    to: Option<&str>,
) -> Result<Vec<(&'a JournalEntry, usize)>> {
    let by_tag: BTreeMap<&str, &Applied> = applied.iter().map(|a| (a.tag.as_str(), a)).collect();
    let mut out = Vec::new();
    let mut stale = Vec::new();
    for entry in &loaded.journal.entries {
        let resume_from = match by_tag.get(entry.tag.as_str()) {
            Some(row) if row.error.is_none() => None,
            Some(row) => Some(row.statements_done.max(0) as usize),
            None => Some(0),
        };
        if let Some(resume_from) = resume_from {
            match loaded.files.get(&entry.tag) {
                None => stale.push(format!("{}: file missing", entry.tag)),
                Some(file) if file.up_sha256 != entry.up_sha256 => stale.push(format!(
                    "{} differs from the journal (journal sha256 {}, file sha256 {}): run `strata hash` \
                     after editing a hand-written migration",
                    file.up_path.display(),
                    entry.up_sha256,
                    file.up_sha256
                )),
                Some(_) => out.push((entry, resume_from)),
            }
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

/// `SET LOCAL` timeouts for a transaction.
fn timeouts_sql(options: &RunOptions) -> String {
    let mut sql = String::new();
    if let Some(timeout) = options.statement_timeout {
        sql.push_str(&format!(
            "SET LOCAL statement_timeout = '{}ms';",
            timeout.as_millis()
        ));
    }
    if options.set_lock_timeout {
        sql.push_str(&format!(
            "SET LOCAL lock_timeout = '{}ms';",
            options.lock_timeout.as_millis()
        ));
    }
    sql
}

/// BEGIN, every statement, the history row, COMMIT; ROLLBACK on any failure.
async fn apply_in_transaction(
    client: &Client,
    project: &Project,
    target: &Target<'_>,
    statements: &[SqlStatement],
    started: Instant,
    options: &RunOptions,
) -> Result<()> {
    let record = row(target, started, statements.len(), None);
    in_transaction(client, target, statements, options, false, async {
        history::record(client, &project.history_table, &record).await
    })
    .await
}

/// Statements per transaction in a batched migration: at about six locks per statement (a
/// table, its TOAST table and index, its key indexes), far below the 6,400 a default server's
/// lock table holds, and few enough commits that batching costs little over one transaction.
pub const BATCH_STATEMENTS: usize = 100;

/// How a non-transactional migration runs from `resume_from`, and how to say it. Without a
/// `-- strata:no-transaction` line (a migration strata generated): in transactions of up to
/// [`BATCH_STATEMENTS`], each committing with its progress, so a failure loses only its own
/// batch. With the line: each statement on its own, as the author asked.
fn non_transactional_steps(
    sql: &str,
    statements: &[SqlStatement],
    resume_from: usize,
) -> (Vec<Batch>, String) {
    if has_no_transaction_marker(sql) {
        let alone = (resume_from..statements.len())
            .map(|i| Batch {
                range: i..i + 1,
                in_transaction: false,
            })
            .collect();
        (alone, "one at a time".to_string())
    } else {
        (
            plan_batches(statements, resume_from, BATCH_STATEMENTS),
            format!("in transactions of up to {BATCH_STATEMENTS}"),
        )
    }
}

/// Runs `steps` in order, each committed with the progress it reaches; on a failure, records
/// the error at the step's start and stops.
async fn apply_in_steps(
    client: &Client,
    project: &Project,
    target: &Target<'_>,
    statements: &[SqlStatement],
    steps: Vec<Batch>,
    resume_from: usize,
    options: &RunOptions,
) -> Result<()> {
    let table = &project.history_table;
    let started = Instant::now();
    let in_progress = |done| row(target, started, done, Some("in progress"));
    history::record(client, table, &in_progress(resume_from)).await?;
    for step in steps {
        let done = in_progress(step.range.end);
        let record = async { history::record(client, table, &done).await };
        let slice = &statements[step.range.clone()];
        let result = if step.in_transaction {
            in_transaction(client, target, slice, options, true, record).await
        } else {
            outside_transaction(client, target, slice, options, record).await
        };
        if let Err(error) = result {
            let message = format!("{error:#}");
            let failed = row(target, started, step.range.start, Some(&message));
            history::record(client, table, &failed).await?;
            return Err(error);
        }
    }
    history::record(client, table, &row(target, started, statements.len(), None)).await
}

/// BEGIN, the statements, `record` (the history row), COMMIT; ROLLBACK on any failure.
/// `partial` says whether earlier work of the migration stays applied (for the error message).
async fn in_transaction(
    client: &Client,
    target: &Target<'_>,
    statements: &[SqlStatement],
    options: &RunOptions,
    partial: bool,
    record: impl std::future::Future<Output = Result<()>>,
) -> Result<()> {
    let result = async {
        // BEGIN and the timeouts in one round trip (inside: a failed SET still rolls back).
        client
            .batch_execute(&format!("BEGIN;{}", timeouts_sql(options)))
            .await
            .context("starting a transaction")?;
        run_statements(client, target, statements, partial).await?;
        record.await?;
        client.batch_execute("COMMIT").await.context("committing")?;
        Ok(())
    }
    .await;
    if result.is_err() {
        let _ = client.batch_execute("ROLLBACK").await;
    }
    result
}

/// The statements in autocommit (session-level timeouts), then `record`.
async fn outside_transaction(
    client: &Client,
    target: &Target<'_>,
    statements: &[SqlStatement],
    options: &RunOptions,
    record: impl std::future::Future<Output = Result<()>>,
) -> Result<()> {
    let timeouts = timeouts_sql(options).replace("SET LOCAL", "SET");
    if !timeouts.is_empty() {
        client.batch_execute(&timeouts).await?;
    }
    run_statements(client, target, statements, true).await?;
    record.await
}

/// A history row for `target`.
fn row<'a>(
    target: &'a Target<'a>,
    started: Instant,
    done: usize,
    error: Option<&'a str>,
) -> NewRow<'a> {
    NewRow {
        idx: target.entry.idx as i32,
        tag: &target.entry.tag,
        up_sha256: target.up_sha256,
        snapshot_id: target.snapshot_id,
        duration_ms: started.elapsed().as_millis() as i64,
        statements_done: done as i32,
        error,
    }
}

/// Runs statements, turning a failure into a [`StatementFailed`] naming file, line and text.
async fn run_statements(
    client: &Client,
    target: &Target<'_>,
    statements: &[SqlStatement],
    partial: bool,
) -> Result<()> {
    for statement in statements {
        if let Err(error) = client.batch_execute(&statement.sql).await {
            let db = error.as_db_error();
            return Err(anyhow::Error::new(StatementFailed {
                tag: target.entry.tag.clone(),
                file: target.file_path.clone(),
                line: statement.line,
                statement: statement.sql.clone(),
                message: db
                    .map(|d| d.message().to_string())
                    .unwrap_or_else(|| error.to_string()),
                detail: db.and_then(|d| d.detail().map(str::to_string)),
                hint: db.and_then(|d| d.hint().map(str::to_string)),
                position: db.and_then(|d| match d.position() {
                    Some(tokio_postgres::error::ErrorPosition::Original(p)) => Some(*p),
                    _ => None,
                }),
                partial,
            }));
        }
    }
    Ok(())
}

/// Which migrations `rollback` reverts.
#[derive(Debug, Clone)]
pub enum RollbackTarget {
    /// The newest N.
    Steps(usize),
    /// Everything applied after this tag (the tag itself stays applied).
    To(String),
}

/// Reverts applied migrations newest first, each down file in a transaction with the removal
/// of its history row. A down file edited since generation is refused unless `force`.
pub async fn rollback(
    client: &Client,
    project: &Project,
    target: &RollbackTarget,
    force: bool,
    options: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    let loaded = ProjectFiles::load(project)?;
    let guard = lock::acquire(client, &project.history_table, options.lock_timeout).await?;
    let result = rollback_locked(client, project, &loaded, target, force, options, progress).await;
    release_after(guard, client, result).await
}

async fn rollback_locked(
    client: &Client,
    project: &Project,
    loaded: &ProjectFiles,
    target: &RollbackTarget,
    force: bool,
    options: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    let applied = history::read(client, &project.history_table).await?;
    let chosen: Vec<&Applied> = match target {
        RollbackTarget::Steps(n) => applied.iter().rev().take(*n).collect(),
        RollbackTarget::To(tag) => {
            if !applied.iter().any(|a| &a.tag == tag) {
                return Err(crate::error::input_error(format!(
                    "--to {tag}: that migration is not applied"
                )));
            }
            applied.iter().rev().take_while(|a| &a.tag != tag).collect()
        }
    };
    let mut report = Report::default();
    if chosen.is_empty() {
        progress("Nothing to roll back.");
        return Ok(report);
    }
    let mut plan = Vec::new();
    for row in &chosen {
        plan.push(down_of(row, loaded, force)?);
    }
    for (row, entry, file) in plan {
        let down = file.down.as_ref().expect("checked by down_of");
        let statements = split(&down.sql);
        if options.dry_run {
            progress(&format!(
                "would roll back {} ({})",
                row.tag,
                crate::style::count(statements.len(), "statement")
            ));
            continue;
        }
        let started = Instant::now();
        let target = Target {
            entry,
            file_path: down.path.clone(),
            up_sha256: &file.up_sha256,
            snapshot_id: None,
        };
        client
            .batch_execute("BEGIN")
            .await
            .context("starting a transaction")?;
        let result = async {
            client.batch_execute(&timeouts_sql(options)).await?;
            run_statements(client, &target, &statements, false).await?;
            history::remove(client, &project.history_table, &row.tag).await?;
            client.batch_execute("COMMIT").await.context("committing")?;
            Ok::<(), anyhow::Error>(())
        }
        .await;
        if let Err(error) = result {
            let _ = client.batch_execute("ROLLBACK").await;
            return Err(error);
        }
        let elapsed = started.elapsed();
        progress(&format!(
            "rolled back {} in {} ms",
            row.tag,
            elapsed.as_millis()
        ));
        report.done.push((row.tag.clone(), elapsed));
    }
    Ok(report)
}

/// The journal entry and files of an applied migration, with its down file checked.
fn down_of<'a>(
    row: &'a Applied,
    loaded: &'a ProjectFiles,
    force: bool,
) -> Result<(&'a Applied, &'a JournalEntry, &'a MigrationFile)> {
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
    Ok((row, entry, file))
}
