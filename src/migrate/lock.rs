//! The migration lock: a session-level advisory lock on the runner's own connection, polled
//! with back-off up to a timeout, and released on every path (the server also releases it if
//! the process dies, because it belongs to the session).

use crate::migrate::checksum::bytes_sha256;
use crate::schema::model::QualifiedName;
use anyhow::{Context, Result, bail};
use std::time::{Duration, Instant};
use tokio_postgres::Client;

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

/// Takes the lock, waiting up to `timeout`. On timeout the error names the process holding it.
pub async fn acquire(
    client: &Client,
    table: &QualifiedName,
    timeout: Duration,
) -> Result<LockGuard> {
    // PostgreSQL 14+: check every second that the client is still there, so the session (and
    // this lock) of a runner killed mid-statement ends in a second, not when the statement
    // does. Older servers do not know the setting; then the lock goes when the statement ends.
    let _ = client
        .batch_execute("SET client_connection_check_interval = '1s'")
        .await;
    let _ = client
        .batch_execute("SET application_name = 'strata'")
        .await;
    let database: String = client
        .query_one("SELECT current_database()", &[])
        .await
        .context("reading the database name")?
        .get(0);
    let key = lock_key(&database, table);
    let started = Instant::now();
    let mut wait = Duration::from_millis(20);
    loop {
        let taken: bool = client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
            .await
            .context("taking the migration lock")?
            .get(0);
        if taken {
            return Ok(LockGuard { key });
        }
        if started.elapsed() >= timeout {
            let holder = holder_pid(client, key).await.unwrap_or(None);
            bail!(
                "another strata runner holds the migration lock of {database} ({}); gave up after {:.1}s \
                 (--lock-timeout){}",
                table,
                timeout.as_secs_f64(),
                holder
                    .map(|pid| format!(": held by backend pid {pid}"))
                    .unwrap_or_default()
            );
        }
        tokio::time::sleep(wait.min(timeout.saturating_sub(started.elapsed()))).await;
        wait = (wait * 2).min(Duration::from_millis(500));
    }
}

/// The backend holding an advisory lock on `key`, if any.
async fn holder_pid(client: &Client, key: i64) -> Result<Option<i32>> {
    let row = client
        .query_opt(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
               AND classid = (($1::bigint >> 32) & 4294967295)::oid
               AND objid = ($1::bigint & 4294967295)::oid AND objsubid = 1 LIMIT 1",
            &[&key],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}

impl LockGuard {
    /// Releases the lock.
    pub async fn release(self, client: &Client) -> Result<()> {
        client
            .query_one("SELECT pg_advisory_unlock($1)", &[&self.key])
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
