//! Runs one [`MigrationPlan`]: its steps in order, each transaction committed together with the
//! history change it brings (a new row, the progress so far, or the row's removal), so that
//! the history always says exactly what is applied. A step that fails records where the
//! migration stopped and why; the next run resumes there.

use crate::migrate::event::{Direction, Event, Events};
use crate::migrate::history::{self, NewRow};
use crate::migrate::plan::MigrationPlan;
use crate::migrate::session::{Holder, Session, describe_holders, millis};
use crate::migrate::split::{Batch, SqlStatement};
use crate::schema::model::QualifiedName;
use crate::sql::quote;
use anyhow::{Context, Result};
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio_postgres::error::SqlState;

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How long to wait for the migration lock and for any lock of the runner's own
    /// statements.
    pub lock_timeout: Duration,
    /// Whether `lock_timeout` also bounds the migrations' statements (`--lock-timeout` given).
    pub set_lock_timeout: bool,
    /// PostgreSQL's `statement_timeout` for each statement, when given.
    pub statement_timeout: Option<Duration>,
    /// Plan and report; change nothing.
    pub dry_run: bool,
}

impl RunOptions {
    /// The `lock_timeout` of the migrations' statements: zero (wait) unless given.
    fn statement_lock_timeout(&self) -> Duration {
        if self.set_lock_timeout {
            self.lock_timeout
        } else {
            Duration::ZERO
        }
    }
}

/// A statement that failed, with everything PostgreSQL said about it. Exit code 3.
#[derive(Debug, Clone)]
pub struct StatementFailed {
    /// The migration.
    pub tag: String,
    /// Applying it (up) or rolling it back (down).
    pub direction: Direction,
    /// The file the statement comes from.
    pub file: PathBuf,
    /// The line of the file the statement starts on, from 1.
    pub line: usize,
    /// Which statement of the file failed, from 1.
    pub number: usize,
    /// The statement's SQL.
    pub statement: String,
    /// PostgreSQL's message (or the client's, when the server sent none).
    pub message: String,
    /// PostgreSQL's SQLSTATE code (`42P07` for a table that exists), when it sent one.
    pub code: Option<String>,
    /// PostgreSQL's detail.
    pub detail: Option<String>,
    /// PostgreSQL's hint.
    pub hint: Option<String>,
    /// The character of the statement PostgreSQL points at, from 1.
    pub position: Option<u32>,
    /// For a lock timeout: the sessions that held the lock.
    pub lock_holders: Option<Vec<Holder>>,
    /// The connection is gone (the server ended the session or restarted).
    pub connection_lost: bool,
    /// Whether the migration's earlier statements stay applied (committed in earlier steps).
    pub partial: bool,
    /// Set when the failure could not be written to the history table either.
    pub unrecorded: Option<String>,
}

impl fmt::Display for StatementFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.direction {
            Direction::Up => "migration",
            Direction::Down => "rollback of",
        };
        writeln!(
            f,
            "{what} {} failed at {}:{}: {}",
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
        if let Some(holders) = &self.lock_holders {
            writeln!(f, "  the lock is {}", describe_holders(holders))?;
        }
        writeln!(f, "  statement: {}", self.statement)?;
        if self.connection_lost {
            writeln!(
                f,
                "  the connection to the server was lost (the session was ended, or the server restarted)"
            )?;
        }
        if let Some(unrecorded) = &self.unrecorded {
            writeln!(
                f,
                "  the failure could not be recorded in the history table either ({unrecorded}); \
                 it still shows the last step that committed"
            )?;
        }
        let command = match self.direction {
            Direction::Up => "migrate",
            Direction::Down => "rollback",
        };
        if self.partial {
            write!(
                f,
                "  what {} committed before this step stays applied (`strata status` shows how \
                 far it got); fix the cause and run `strata {command}` again to resume from there",
                self.tag
            )
        } else if self.direction == Direction::Up {
            write!(f, "  nothing of {} was applied", self.tag)
        } else {
            write!(f, "  nothing of {} was rolled back", self.tag)
        }
    }
}

impl std::error::Error for StatementFailed {}

impl StatementFailed {
    /// One line for the history table: where and why (`status` shows it, and the next run
    /// repeats it when it resumes).
    pub fn summary(&self) -> String {
        let mut line = format!("{}:{}: {}", self.file.display(), self.line, self.message);
        if let Some(holders) = &self.lock_holders {
            line.push_str(&format!(" (the lock is {})", describe_holders(holders)));
        }
        if self.connection_lost {
            line.push_str(" (the connection to the server was lost)");
        }
        line
    }
}

/// What the history table records about a failure: a failed statement's one-line summary,
/// or the whole error chain.
fn failure_text(error: &anyhow::Error) -> String {
    match error.downcast_ref::<StatementFailed>() {
        Some(failed) => failed.summary(),
        None => format!("{error:#}"),
    }
}

/// Runs `plan`, reporting progress to `events`; returns how long it took.
pub async fn run(
    session: &Session<'_>,
    table: &QualifiedName,
    plan: &MigrationPlan,
    options: &RunOptions,
    events: &mut Events<'_>,
) -> Result<Duration> {
    let started = Instant::now();
    let run = Run {
        session,
        table,
        plan,
        options,
        started,
    };
    match plan.direction {
        Direction::Up => run.up(events).await?,
        Direction::Down => run.down(events).await?,
    }
    Ok(started.elapsed())
}

/// One migration being run.
struct Run<'a, 's> {
    session: &'a Session<'s>,
    table: &'a QualifiedName,
    plan: &'a MigrationPlan,
    options: &'a RunOptions,
    started: Instant,
}

impl Run<'_, '_> {
    async fn up(&self, events: &mut Events<'_>) -> Result<()> {
        let plan = self.plan;
        let total = plan.statements.len();
        if plan.mode == crate::migrate::plan::Mode::OneTransaction {
            let step = plan.steps.first().cloned().unwrap_or(Batch {
                range: 0..0,
                in_transaction: true,
            });
            let client = self.session.client;
            // The row is built when the statements are done, so it records their duration.
            let record =
                || async move { history::record(client, self.table, &self.row(total, None)).await };
            return self.transaction(&step, false, events, record).await;
        }
        let client = self.session.client;
        let in_progress = self.row(plan.resume_from, Some(IN_PROGRESS));
        self.session
            .own(
                "recording the migration's start",
                history::record(client, self.table, &in_progress),
                events,
            )
            .await?;
        for step in &plan.steps {
            let done = step.range.end;
            let record = || async move {
                history::record(client, self.table, &self.row(done, Some(IN_PROGRESS))).await
            };
            if let Err(error) = self.step(step, events, record).await {
                let message = failure_text(&error);
                let failed = self.row(step.range.start, Some(&message));
                let recorded = history::record(client, self.table, &failed).await;
                return Err(with_unrecorded(error, recorded));
            }
        }
        let done = self.row(total, None);
        self.session
            .own(
                "recording the migration",
                history::record(client, self.table, &done),
                events,
            )
            .await
    }

    async fn down(&self, events: &mut Events<'_>) -> Result<()> {
        let plan = self.plan;
        let client = self.session.client;
        let tag = plan.entry.tag.as_str();
        if plan.only_forgets() {
            return self
                .session
                .own(
                    "removing the migration from the history",
                    history::remove(client, self.table, tag),
                    events,
                )
                .await;
        }
        if plan.mode == crate::migrate::plan::Mode::OneTransaction {
            let step = plan.steps.first().cloned().unwrap_or(Batch {
                range: 0..0,
                in_transaction: true,
            });
            let remove = || history::remove(client, self.table, tag);
            return self.transaction(&step, false, events, remove).await;
        }
        self.session
            .own(
                "recording the rollback's start",
                history::record_rollback(
                    client,
                    self.table,
                    tag,
                    plan.resume_from as i32,
                    ROLLING_BACK,
                ),
                events,
            )
            .await?;
        for step in &plan.steps {
            let done = step.range.end as i32;
            let record = || history::record_rollback(client, self.table, tag, done, ROLLING_BACK);
            if let Err(error) = self.step(step, events, record).await {
                let message = failure_text(&error);
                let recorded = history::record_rollback(
                    client,
                    self.table,
                    tag,
                    step.range.start as i32,
                    &message,
                )
                .await;
                return Err(with_unrecorded(error, recorded));
            }
        }
        self.session
            .own(
                "removing the migration from the history",
                history::remove(client, self.table, tag),
                events,
            )
            .await
    }

    /// Runs one step of a migration that commits step by step.
    async fn step<F, Fut>(&self, step: &Batch, events: &mut Events<'_>, record: F) -> Result<()>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        if step.in_transaction {
            self.transaction(step, step.range.start > 0, events, record)
                .await
        } else {
            self.outside_transaction(step, events, record).await
        }
    }

    /// BEGIN, the statements, `record` (the history change), COMMIT; ROLLBACK on any failure.
    /// `partial` says whether earlier steps of the migration stay committed (for the message).
    async fn transaction<F, Fut>(
        &self,
        step: &Batch,
        partial: bool,
        events: &mut Events<'_>,
        record: F,
    ) -> Result<()>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        let client = self.session.client;
        let result = async {
            // One round trip: BEGIN; the history table's lock and the migration's row lock,
            // taken under the runner's own lock timeout (so the history change at the end
            // waits for nothing); then the timeouts of the migration's statements.
            let table = quote::qualified(self.table);
            let begin = format!(
                "BEGIN;LOCK TABLE {table} IN ROW EXCLUSIVE MODE;\
                 SELECT 1 FROM {table} WHERE tag = {} FOR UPDATE;{}",
                quote::literal(&self.plan.entry.tag),
                self.timeouts("SET LOCAL")
            );
            self.session
                .own(
                    "starting a transaction",
                    async {
                        client
                            .batch_execute(&begin)
                            .await
                            .map_err(anyhow::Error::from)
                    },
                    events,
                )
                .await?;
            self.statements(step, partial, events).await?;
            record().await?;
            client.batch_execute("COMMIT").await.context("committing")?;
            Ok(())
        }
        .await;
        if result.is_err() {
            let _ = client.batch_execute("ROLLBACK").await;
        }
        result
    }

    /// A step that must not run in a transaction block: its statement alone, then `record`.
    async fn outside_transaction<F, Fut>(
        &self,
        step: &Batch,
        events: &mut Events<'_>,
        record: F,
    ) -> Result<()>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        let client = self.session.client;
        // Separate round trips: several statements in one query are an implicit transaction.
        client
            .batch_execute(&self.timeouts("SET"))
            .await
            .context("setting the statement's timeouts")?;
        let ran = self.statements(step, step.range.start > 0, events).await;
        let restore = format!(
            "SET lock_timeout = '{}'; RESET statement_timeout",
            millis(self.session.own_lock_timeout)
        );
        let restored = client
            .batch_execute(&restore)
            .await
            .context("restoring the runner's timeouts");
        ran?;
        restored?;
        self.session
            .own("recording the progress", record(), events)
            .await
    }

    /// `SET LOCAL` (or `SET`) of the migration statements' timeouts.
    fn timeouts(&self, set: &str) -> String {
        let mut sql = format!(
            "{set} lock_timeout = '{}';",
            millis(self.options.statement_lock_timeout())
        );
        if let Some(timeout) = self.options.statement_timeout {
            sql.push_str(&format!("{set} statement_timeout = '{}';", millis(timeout)));
        }
        sql
    }

    /// Runs the step's statements, reporting each; a failure becomes a [`StatementFailed`].
    /// Undoing an up that stopped halfway, a statement whose object is missing (or already
    /// there) is skipped, inside a savepoint when in a transaction.
    async fn statements(&self, step: &Batch, partial: bool, events: &mut Events<'_>) -> Result<()> {
        let client = self.session.client;
        let plan = self.plan;
        let lenient = plan.partial_up.is_some();
        let savepoints = lenient && step.in_transaction;
        let total = plan.statements.len();
        let lock_timeout = match self.options.statement_lock_timeout() {
            Duration::ZERO => Duration::from_secs(2),
            timeout => timeout,
        };
        for (i, statement) in step.range.clone().zip(&plan.statements[step.range.clone()]) {
            if savepoints {
                client
                    .batch_execute("SAVEPOINT strata_undo")
                    .await
                    .context("setting a savepoint")?;
            }
            let (result, holders) = self
                .session
                .watch(client.batch_execute(&statement.sql), lock_timeout, events)
                .await;
            match result {
                Ok(()) => {}
                Err(error) if lenient && skippable(&error) => {
                    if savepoints {
                        client
                            .batch_execute("ROLLBACK TO SAVEPOINT strata_undo")
                            .await
                            .context("rolling back to the savepoint")?;
                    }
                    let reason = error
                        .as_db_error()
                        .map(|d| d.message().to_string())
                        .unwrap_or_else(|| error.to_string());
                    events(Event::Skipped {
                        tag: &plan.entry.tag,
                        line: statement.line,
                        statement: &statement.sql,
                        reason: &reason,
                    });
                }
                Err(error) => {
                    return Err(self.failed(i + 1, statement, &error, holders, partial));
                }
            }
            events(Event::Statement {
                tag: &plan.entry.tag,
                done: i + 1,
                total,
            });
        }
        Ok(())
    }

    /// The error for a failed statement.
    fn failed(
        &self,
        number: usize,
        statement: &SqlStatement,
        error: &tokio_postgres::Error,
        holders: Option<Vec<Holder>>,
        partial: bool,
    ) -> anyhow::Error {
        let db = error.as_db_error();
        let lock_timeout = error.code() == Some(&SqlState::LOCK_NOT_AVAILABLE);
        anyhow::Error::new(StatementFailed {
            tag: self.plan.entry.tag.clone(),
            direction: self.plan.direction,
            file: self.plan.path.clone(),
            line: statement.line,
            number,
            statement: statement.sql.clone(),
            code: error.code().map(|code| code.code().to_string()),
            message: db
                .map(|d| d.message().to_string())
                .unwrap_or_else(|| error.to_string()),
            detail: db.and_then(|d| d.detail().map(str::to_string)),
            hint: db.and_then(|d| d.hint().map(str::to_string)),
            position: db.and_then(|d| match d.position() {
                Some(tokio_postgres::error::ErrorPosition::Original(p)) => Some(*p),
                _ => None,
            }),
            lock_holders: lock_timeout.then(|| holders.unwrap_or_default()),
            connection_lost: error.is_closed() || db.is_some_and(|d| d.severity() == "FATAL"),
            partial,
            unrecorded: None,
        })
    }

    /// The migration's history row with `done` statements done.
    fn row<'r>(&'r self, done: usize, error: Option<&'r str>) -> NewRow<'r> {
        NewRow {
            idx: self.plan.entry.idx as i32,
            tag: &self.plan.entry.tag,
            up_sha256: &self.plan.up_sha256,
            snapshot_id: self.plan.snapshot_id.as_deref(),
            duration_ms: self.started.elapsed().as_millis() as i64,
            statements_done: done as i32,
            error,
        }
    }
}

/// The `error` of a migration that is running (or was killed while it ran).
const IN_PROGRESS: &str =
    "in progress, or stopped without a trace (killed, Ctrl-C or connection lost)";

/// The `error` of a rollback that is running (or was killed while it ran).
const ROLLING_BACK: &str =
    "rollback in progress, or stopped without a trace (killed, Ctrl-C or connection lost)";

/// Errors that mean "the object is not there" or "is already there": undoing an up that
/// stopped halfway skips the statements they come from.
fn skippable(error: &tokio_postgres::Error) -> bool {
    const CODES: &[SqlState] = &[
        SqlState::UNDEFINED_TABLE,
        SqlState::UNDEFINED_OBJECT,
        SqlState::UNDEFINED_COLUMN,
        SqlState::UNDEFINED_FUNCTION,
        SqlState::INVALID_SCHEMA_NAME,
        SqlState::DUPLICATE_TABLE,
        SqlState::DUPLICATE_COLUMN,
        SqlState::DUPLICATE_OBJECT,
        SqlState::DUPLICATE_SCHEMA,
        SqlState::DUPLICATE_FUNCTION,
    ];
    error.code().is_some_and(|code| CODES.contains(code))
}

/// `error`, noting in it when its failure could not be recorded (the connection is usually
/// gone by then): the cause comes first, never the bookkeeping that failed after it.
fn with_unrecorded(mut error: anyhow::Error, recorded: Result<()>) -> anyhow::Error {
    let Err(record_error) = recorded else {
        return error;
    };
    let note = root_message(&record_error);
    if let Some(failed) = error.downcast_mut::<StatementFailed>() {
        failed.unrecorded = Some(note);
        error
    } else {
        anyhow::anyhow!(
            "{error:#}\n  the failure could not be recorded in the history table either ({note})"
        )
    }
}

/// The innermost message of an error chain ("connection closed").
fn root_message(error: &anyhow::Error) -> String {
    error.root_cause().to_string()
}
