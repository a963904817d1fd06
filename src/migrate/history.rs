//! The history table: what has been applied, when, by whom, how long it took, and for a
//! migration that stopped halfway (applying or rolling back), how far it got and why.
//!
//! Every statement here runs under the runner's own `lock_timeout` (see
//! [`crate::migrate::session`]), so a history table locked by another session cannot make the
//! runner wait without bound.

use crate::schema::model::QualifiedName;
use crate::sql::quote;
use anyhow::{Context, Result};
use tokio_postgres::Client;
use tokio_postgres::types::Type;

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub idx: i32,
    pub tag: String,
    pub up_sha256: String,
    pub snapshot_id: Option<String>,
    /// RFC 3339 text, as PostgreSQL prints `applied_at` in UTC.
    pub applied_at: String,
    pub duration_ms: i64,
    pub applied_by: String,
    /// Up statements done so far; all of them once the migration is applied.
    pub statements_done: i32,
    /// Set while the migration is incomplete in either direction: why the last run stopped.
    pub error: Option<String>,
    /// Set while a rollback of the migration is incomplete: down statements done so far.
    pub down_statements_done: Option<i32>,
}

impl Applied {
    /// True when the migration is completely applied (not stopped halfway either way).
    pub fn is_complete(&self) -> bool {
        self.error.is_none() && self.down_statements_done.is_none()
    }
}

/// What [`inspect`] found out about the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableShape {
    pub exists: bool,
    /// False for a table created before rollbacks recorded their progress.
    pub has_down_progress: bool,
}

/// Whether the table exists, and with which columns, in one round trip.
pub async fn inspect(client: &Client, table: &QualifiedName) -> Result<TableShape> {
    let row = client
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL,
                    EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1)
                              AND attname = 'down_statements_done' AND NOT attisdropped)",
            &[&quote::qualified(table)],
        )
        .await
        .context("looking for the history table")?;
    Ok(TableShape {
        exists: row.get(0),
        has_down_progress: row.get(1),
    })
}

/// True when the history table exists.
pub async fn exists(client: &Client, table: &QualifiedName) -> Result<bool> {
    Ok(inspect(client, table).await?.exists)
}

/// Creates the history table (and its schema) if it does not exist, and adds the columns that
/// later versions need to one created by an earlier one.
pub async fn ensure(client: &Client, table: &QualifiedName) -> Result<()> {
    let shape = inspect(client, table).await?;
    let sql = if !shape.exists {
        format!(
            "CREATE SCHEMA IF NOT EXISTS {schema};
             CREATE TABLE IF NOT EXISTS {table} (
               idx integer NOT NULL,
               tag text PRIMARY KEY,
               up_sha256 text NOT NULL,
               snapshot_id text,
               applied_at timestamptz NOT NULL DEFAULT now(),
               duration_ms bigint NOT NULL DEFAULT 0,
               applied_by text NOT NULL,
               statements_done integer NOT NULL DEFAULT 0,
               error text,
               down_statements_done integer
             )",
            schema = quote::ident(&table.schema),
            table = quote::qualified(table)
        )
    } else if !shape.has_down_progress {
        format!(
            "ALTER TABLE {} ADD COLUMN IF NOT EXISTS down_statements_done integer",
            quote::qualified(table)
        )
    } else {
        return Ok(());
    };
    client
        .batch_execute(&sql)
        .await
        .with_context(|| format!("creating the history table {table}"))
}

/// Every row, in the order they were applied (idx, then tag).
pub async fn read(client: &Client, table: &QualifiedName) -> Result<Vec<Applied>> {
    let shape = inspect(client, table).await?;
    if !shape.exists {
        return Ok(Vec::new());
    }
    let down = if shape.has_down_progress {
        "down_statements_done"
    } else {
        "NULL::integer"
    };
    let sql = format!(
        "SELECT idx, tag, up_sha256, snapshot_id,
                to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                duration_ms, applied_by, statements_done, error, {down}
         FROM {} ORDER BY idx, tag",
        quote::qualified(table)
    );
    let rows = client
        .query(&sql, &[])
        .await
        .with_context(|| format!("reading the history table {table}"))?;
    Ok(rows
        .iter()
        .map(|row| Applied {
            idx: row.get(0),
            tag: row.get(1),
            up_sha256: row.get(2),
            snapshot_id: row.get(3),
            applied_at: row.get(4),
            duration_ms: row.get(5),
            applied_by: row.get(6),
            statements_done: row.get(7),
            error: row.get(8),
            down_statements_done: row.get(9),
        })
        .collect())
}

/// What a new history row records.
pub struct NewRow<'a> {
    pub idx: i32,
    pub tag: &'a str,
    pub up_sha256: &'a str,
    pub snapshot_id: Option<&'a str>,
    pub duration_ms: i64,
    pub statements_done: i32,
    pub error: Option<&'a str>,
}

/// Inserts (or, for a resumed migration, replaces) a row.
pub async fn record(client: &Client, table: &QualifiedName, row: &NewRow<'_>) -> Result<()> {
    let sql = format!(
        "INSERT INTO {} (idx, tag, up_sha256, snapshot_id, duration_ms, applied_by, statements_done, error)
         VALUES ($1, $2, $3, $4, $5, current_user || '@' || coalesce(inet_client_addr()::text, 'local'), $6, $7)
         ON CONFLICT (tag) DO UPDATE SET up_sha256 = excluded.up_sha256,
           snapshot_id = excluded.snapshot_id, applied_at = now(),
           duration_ms = excluded.duration_ms, statements_done = excluded.statements_done,
           error = excluded.error",
        quote::qualified(table)
    );
    // Typed parameters: one round trip, where `execute` first prepares the statement in another.
    // A run of 1,000 small migrations makes 1,000 of these.
    client
        .query_typed(
            &sql,
            &[
                (&row.idx, Type::INT4),
                (&row.tag, Type::TEXT),
                (&row.up_sha256, Type::TEXT),
                (&row.snapshot_id, Type::TEXT),
                (&row.duration_ms, Type::INT8),
                (&row.statements_done, Type::INT4),
                (&row.error, Type::TEXT),
            ],
        )
        .await
        .with_context(|| format!("recording {} in the history table", row.tag))?;
    Ok(())
}

/// Records how far a rollback of `tag` got, and why it stopped (`None` while it runs).
pub async fn record_rollback(
    client: &Client,
    table: &QualifiedName,
    tag: &str,
    down_done: i32,
    error: &str,
) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET down_statements_done = $2, error = $3 WHERE tag = $1",
        quote::qualified(table)
    );
    client
        .query_typed(
            &sql,
            &[
                (&tag, Type::TEXT),
                (&down_done, Type::INT4),
                (&error, Type::TEXT),
            ],
        )
        .await
        .with_context(|| format!("recording the rollback of {tag} in the history table"))?;
    Ok(())
}

/// Deletes a row (after its down migration ran).
pub async fn remove(client: &Client, table: &QualifiedName, tag: &str) -> Result<()> {
    let sql = format!("DELETE FROM {} WHERE tag = $1", quote::qualified(table));
    client
        .query_typed(&sql, &[(&tag, Type::TEXT)])
        .await
        .with_context(|| format!("removing {tag} from the history table"))?;
    Ok(())
}
