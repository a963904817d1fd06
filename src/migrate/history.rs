//! The history table: what has been applied, when, by whom, how long it took, and for a
//! non-transactional migration that stopped halfway, how far it got and why.

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
    /// Statements done so far; meaningful while `error` is set.
    pub statements_done: i32,
    /// Set while a non-transactional migration is incomplete: the failing statement's error.
    pub error: Option<String>,
}

/// Creates the history table (and its schema) if it does not exist.
pub async fn ensure(client: &Client, table: &QualifiedName) -> Result<()> {
    let sql = format!(
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
           error text
         )",
        schema = quote::ident(&table.schema),
        table = quote::qualified(table)
    );
    client
        .batch_execute(&sql)
        .await
        .with_context(|| format!("creating the history table {table}"))
}

/// True when the history table exists.
pub async fn exists(client: &Client, table: &QualifiedName) -> Result<bool> {
    let row = client
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL",
            &[&quote::qualified(table)],
        )
        .await
        .context("looking for the history table")?;
    Ok(row.get(0))
}

/// Every row, in the order they were applied (idx, then tag).
pub async fn read(client: &Client, table: &QualifiedName) -> Result<Vec<Applied>> {
    if !exists(client, table).await? {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT idx, tag, up_sha256, snapshot_id,
                to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                duration_ms, applied_by, statements_done, error
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

/// Deletes a row (after its down migration ran).
pub async fn remove(client: &Client, table: &QualifiedName, tag: &str) -> Result<()> {
    let sql = format!("DELETE FROM {} WHERE tag = $1", quote::qualified(table));
    client
        .execute(&sql, &[&tag])
        .await
        .with_context(|| format!("removing {tag} from the history table"))?;
    Ok(())
}
