//! The runner's connection: its settings, the bound on every lock wait of its own statements,
//! and who holds a lock that one of its statements waits for.
//!
//! Every statement the runner sends for itself (the history table, the lock) runs under a
//! session `lock_timeout` equal to the lock wait (`--lock-timeout`, default 60 s), so no state
//! of another session can make it wait without bound. The migrations' own statements keep
//! PostgreSQL's default (wait) unless `--lock-timeout` is given.
//!
//! A statement that waits longer than a moment is watched from a second connection, opened
//! only then: `pg_blocking_pids` names the sessions in the way, which the progress display
//! shows while it waits and every lock timeout error names.

use crate::migrate::event::{Event, Events};
use crate::migrate::lock::{LockTimeout, LockWait};
use anyhow::{Context, Result};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::time::Duration;
use tokio_postgres::Client;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::Type;

/// Opens another connection to the same database, for watching a wait from outside.
pub type Connector<'a> =
    &'a (dyn Fn() -> Pin<Box<dyn Future<Output = Result<Client>> + Send + 'a>> + Sync);

/// The runner's connection and what it knows about it.
pub struct Session<'a> {
    /// The runner's connection.
    pub client: &'a Client,
    /// `current_database()`, for the lock key and messages.
    pub database: String,
    /// The backend serving `client`.
    pub pid: i32,
    /// The bound on every lock wait of the runner's own statements.
    pub own_lock_timeout: Duration,
    connect: Option<Connector<'a>>,
    /// The second connection once tried: `None` when it could not be opened (not retried).
    watcher: OnceLock<Option<Client>>,
}

/// A session holding a lock that another one waits for, as `pg_stat_activity` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    /// Its backend's process id (`pg_backend_pid()`).
    pub pid: i32,
    /// Its `application_name`.
    pub application: String,
    /// The role it is connected as.
    pub user: String,
    /// `active`, `idle in transaction` ...
    pub state: String,
    /// How long its transaction has been open, in seconds.
    pub transaction_seconds: f64,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Other sessions' text (application names) is escaped; their queries are never shown
        // (they may carry passwords).
        write!(f, "pid {}", self.pid)?;
        let mut parts = Vec::new();
        if !self.application.is_empty() {
            parts.push(format!("application {:?}", self.application));
        }
        if !self.user.is_empty() {
            parts.push(format!("user {:?}", self.user));
        }
        if !self.state.is_empty() {
            let mut state = self.state.clone();
            if self.transaction_seconds >= 1.0 {
                state.push_str(&format!(
                    ", transaction open for {:.0} s",
                    self.transaction_seconds
                ));
            }
            parts.push(state);
        }
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        Ok(())
    }
}

/// "held by pid 1 (...) and pid 2 (...)", or a plain phrase when nobody was seen.
pub fn describe_holders(holders: &[Holder]) -> String {
    if holders.is_empty() {
        return "held by another session (gone before it could be named)".to_string();
    }
    let names: Vec<String> = holders.iter().map(Holder::to_string).collect();
    format!("held by {}", names.join(" and "))
}

/// Columns of [`Holder`] for a query over `pg_stat_activity a`.
const HOLDER_COLUMNS: &str = "a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), \
     coalesce(a.state, ''), coalesce(extract(epoch FROM now() - a.xact_start)::float8, 0)";

fn holder_of(row: &tokio_postgres::Row) -> Holder {
    Holder {
        pid: row.get(0),
        application: row.get(1),
        user: row.get(2),
        state: row.get(3),
        transaction_seconds: row.get(4),
    }
}

/// The sessions described by a query over `pg_stat_activity a` (the holder columns are
/// selected from it) with one integer parameter.
pub async fn holders_by(client: &Client, from_where: &str, param: i64) -> Result<Vec<Holder>> {
    let sql = format!("SELECT DISTINCT {HOLDER_COLUMNS} {from_where} ORDER BY 1");
    let rows = client
        .query_typed(&sql, &[(&param, Type::INT8)])
        .await
        .context("looking up who holds the lock")?;
    Ok(rows.iter().map(holder_of).collect())
}

/// True when `error` (anywhere in its chain) is PostgreSQL's `lock_timeout` firing.
pub fn is_lock_timeout(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<tokio_postgres::Error>()
            .and_then(|e| e.code())
            == Some(&SqlState::LOCK_NOT_AVAILABLE)
    })
}

impl<'a> Session<'a> {
    /// Sets the connection up for a run (application name, the own lock timeout, a check
    /// that the client is still there) in one round trip, and reads its database and pid.
    pub async fn start(
        client: &'a Client,
        own_lock_timeout: Duration,
        connect: Option<Connector<'a>>,
    ) -> Result<Session<'a>> {
        // PostgreSQL 14+: check every second that the client is still there, so the session
        // (and the migration lock) of a runner killed mid-statement ends in a second, not when
        // the statement does. Older servers do not know the setting.
        let timeout = millis(own_lock_timeout);
        let row = client
            .query_typed(
                "SELECT current_database()::text, pg_backend_pid(),
                        set_config('application_name', 'strata', false),
                        set_config('lock_timeout', $1, false),
                        CASE WHEN current_setting('server_version_num')::int >= 140000
                             THEN set_config('client_connection_check_interval', '1s', false) END",
                &[(&timeout, Type::TEXT)],
            )
            .await
            .context("setting up the connection")?;
        let row = row.first().context("setting up the connection: no row")?;
        Ok(Session {
            client,
            database: row.get(0),
            pid: row.get(1),
            own_lock_timeout,
            connect,
            watcher: OnceLock::new(),
        })
    }

    /// Runs one of the runner's own statements (`what` says which, for the message). A lock
    /// timeout names the sessions holding the lock.
    pub async fn own<T>(
        &self,
        what: &str,
        statement: impl Future<Output = Result<T>>,
        events: &mut Events<'_>,
    ) -> Result<T> {
        let (result, holders) = self.watch(statement, self.own_lock_timeout, events).await;
        result.map_err(|error| {
            if is_lock_timeout(&error) {
                error.context(LockTimeout {
                    waiting_for: LockWait::Statement {
                        what: what.to_string(),
                    },
                    waited: self.own_lock_timeout,
                    holders: holders.unwrap_or_default(),
                })
            } else {
                error
            }
        })
    }

    /// Awaits `statement`; once it has run for a moment (half of `lock_timeout`, at most a
    /// second), looks from a second connection for sessions blocking it, reports them as
    /// events and returns the last ones seen (`None` when it never had to look).
    pub async fn watch<T, E>(
        &self,
        statement: impl Future<Output = Result<T, E>>,
        lock_timeout: Duration,
        events: &mut Events<'_>,
    ) -> (Result<T, E>, Option<Vec<Holder>>) {
        let first_look =
            (lock_timeout / 2).clamp(Duration::from_millis(20), Duration::from_secs(1));
        let mut statement = std::pin::pin!(statement);
        if let Ok(result) = tokio::time::timeout(first_look, &mut statement).await {
            return (result, None);
        }
        let mut seen = Vec::new();
        loop {
            if let Ok(found) = self.blocking().await
                && !found.is_empty()
            {
                events(Event::Blocked { holders: &found });
                seen = found;
            }
            let every = first_look.max(Duration::from_millis(250));
            if let Ok(result) = tokio::time::timeout(every, &mut statement).await {
                return (result, Some(seen));
            }
        }
    }

    /// The sessions blocking this one right now, seen from the watching connection.
    async fn blocking(&self) -> Result<Vec<Holder>> {
        let watcher = self.watcher().await?;
        holders_by(
            watcher,
            "FROM unnest(pg_blocking_pids($1::int)) AS b(pid) JOIN pg_stat_activity a ON a.pid = b.pid",
            i64::from(self.pid),
        )
        .await
    }

    /// The second connection, opened on first use (and tried only once).
    pub async fn watcher(&self) -> Result<&Client> {
        if self.watcher.get().is_none() {
            let opened = match self.connect {
                Some(connect) => connect().await.ok(),
                None => None,
            };
            if let Some(client) = &opened {
                let _ = client
                    .batch_execute("SET application_name = 'strata (watching a lock wait)'")
                    .await;
            }
            let _ = self.watcher.set(opened);
        }
        self.watcher
            .get()
            .and_then(Option::as_ref)
            .context("no second connection to look at the wait with")
    }
}

/// The settings of a connection that a run changes (its `application_name`, `lock_timeout`,
/// `statement_timeout` and `client_connection_check_interval`), saved before the run so that
/// a connection the runner borrowed (an application's) is handed back as it was lent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSettings {
    application_name: String,
    lock_timeout: String,
    statement_timeout: String,
    /// `None` before PostgreSQL 14, which does not have the setting.
    check_interval: Option<String>,
}

impl SavedSettings {
    /// Reads the settings of `client`'s session.
    pub async fn save(client: &Client) -> Result<Self> {
        let row = client
            .query_one(
                "SELECT current_setting('application_name'), current_setting('lock_timeout'),
                        current_setting('statement_timeout'),
                        current_setting('client_connection_check_interval', true)",
                &[],
            )
            .await
            .context("reading the connection's settings")?;
        Ok(SavedSettings {
            application_name: row.get(0),
            lock_timeout: row.get(1),
            statement_timeout: row.get(2),
            check_interval: row.get(3),
        })
    }

    /// Sets them back on `client`, in one round trip.
    pub async fn restore(&self, client: &Client) -> Result<()> {
        client
            .query_typed(
                "SELECT set_config('application_name', $1, false),
                        set_config('lock_timeout', $2, false),
                        set_config('statement_timeout', $3, false),
                        CASE WHEN $4::text IS NOT NULL
                             THEN set_config('client_connection_check_interval', $4, false) END",
                &[
                    (&self.application_name, Type::TEXT),
                    (&self.lock_timeout, Type::TEXT),
                    (&self.statement_timeout, Type::TEXT),
                    (&self.check_interval, Type::TEXT),
                ],
            )
            .await
            .context("restoring the connection's settings")?;
        Ok(())
    }
}

/// A duration as PostgreSQL reads it in a setting (`'1500ms'`); zero means no limit.
pub fn millis(duration: Duration) -> String {
    format!("{}ms", duration.as_millis())
}
