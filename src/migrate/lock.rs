//! The migration lock: a session-level advisory lock on the runner's own connection, polled
//! with back-off up to a timeout, and released on every path (the server also releases it if
//! the process dies, because it belongs to the session).

use crate::migrate::checksum::bytes_sha256;
use crate::migrate::event::{Event, Events};
use crate::migrate::session::{Holder, Session, describe_holders, holders_by};
use crate::schema::model::QualifiedName;
use anyhow::{Context, Result};
use std::fmt;
use std::time::{Duration, Instant};
use tokio_postgres::Client;
use tokio_postgres::types::Type;

/// A lock the runner gave up waiting for. Exit code 3.
#[derive(Debug, Clone, PartialEq)]
pub struct LockTimeout {
    /// What waited.
    pub waiting_for: LockWait,
    /// How long it waited: the lock timeout.
    pub waited: Duration,
    /// The sessions that held the lock when the runner gave up (empty when they were gone
    /// before they could be named).
    pub holders: Vec<Holder>,
}

/// What a [`LockTimeout`] waited for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockWait {
    /// The migration lock: another runner (the command line, or an application starting)
    /// was migrating the same database.
    MigrationLock {
        /// The database (`current_database()`).
        database: String,
        /// The history table the lock is keyed by, with the database.
        table: QualifiedName,
    },
    /// A lock that one of the runner's own statements needed (the history table's, say).
    Statement {
        /// The step, e.g. "reading the history table".
        what: String,
    },
}

impl fmt::Display for LockTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let holders = describe_holders(&self.holders);
        match &self.waiting_for {
            LockWait::MigrationLock { database, table } => write!(
                f,
                "another strata runner holds the migration lock of {database} ({table}); gave up \
                 after {:.1}s (--lock-timeout): the lock is {holders}",
                self.waited.as_secs_f64(),
            ),
            LockWait::Statement { what } => write!(
                f,
                "{what}: gave up after {:.1} s (--lock-timeout) waiting for a lock {holders}",
                self.waited.as_secs_f64(),
            ),
        }
    }
}

impl std::error::Error for LockTimeout {}

/// A held lock; call [`LockGuard::release`] when done.
pub struct LockGuard {
    key: i64,
}

/// The lock key for a database and history table: the first 8 bytes of a SHA-256, so two
/// projects' history tables (or two databases) never block each other.
pub fn lock_key(database: &str, table: &QualifiedName) -> i64 {
    let hex = bytes_sha256(format!("strata:{database}:{}.{}", table.schema, table.name).as_bytes());
    u64::from_str_radix(&hex[..16], 16).expect("hex") as i64
}

/// Takes the lock, waiting up to the session's own lock timeout and reporting the wait to
/// `events`. On timeout the error names the sessions holding it.
pub async fn acquire(
    session: &Session<'_>,
    table: &QualifiedName,
    events: &mut Events<'_>,
) -> Result<LockGuard> {
    let client = session.client;
    let timeout = session.own_lock_timeout;
    let key = lock_key(&session.database, table);
    let started = Instant::now();
    let mut wait = Duration::from_millis(20);
    let mut holders: Option<Vec<Holder>> = None;
    loop {
        let taken: bool = client
            .query_typed("SELECT pg_try_advisory_lock($1)", &[(&key, Type::INT8)])
            .await
            .context("taking the migration lock")?
            .first()
            .context("taking the migration lock: no row")?
            .get(0);
        if taken {
            return Ok(LockGuard { key });
        }
        if holders.is_none() || started.elapsed() >= timeout {
            holders = Some(holders_of(client, key).await.unwrap_or_default());
        }
        let seen = holders.as_deref().unwrap_or_default();
        if started.elapsed() >= timeout {
            return Err(anyhow::Error::new(LockTimeout {
                waiting_for: LockWait::MigrationLock {
                    database: session.database.clone(),
                    table: table.clone(),
                },
                waited: timeout,
                holders: seen.to_vec(),
            }));
        }
        events(Event::WaitingForLock {
            holders: seen,
            waited: started.elapsed(),
            limit: timeout,
        });
        tokio::time::sleep(wait.min(timeout.saturating_sub(started.elapsed()))).await;
        wait = (wait * 2).min(Duration::from_millis(500));
    }
}

/// The sessions holding an advisory lock on `key`.
async fn holders_of(client: &Client, key: i64) -> Result<Vec<Holder>> {
    holders_by(
        client,
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted
           AND l.classid = (($1::bigint >> 32) & 4294967295)::oid
           AND l.objid = ($1::bigint & 4294967295)::oid AND l.objsubid = 1",
        key,
    )
    .await
}

impl LockGuard {
    /// Releases the lock.
    pub async fn release(self, client: &Client) -> Result<()> {
        client
            .query_typed("SELECT pg_advisory_unlock($1)", &[(&self.key, Type::INT8)])
            .await
            .context("releasing the migration lock")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_per_database_and_table() {
        let table = QualifiedName::public("strata_migrations");
        assert_eq!(lock_key("a", &table), lock_key("a", &table));
        assert_ne!(lock_key("a", &table), lock_key("b", &table));
        assert_ne!(
            lock_key("a", &table),
            lock_key("a", &QualifiedName::new("ops", "strata_migrations"))
        );
    }
}
