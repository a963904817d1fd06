//! Introspection: a live PostgreSQL database to the canonical model, in a fixed handful of
//! set-based catalog queries (`queries.rs`) whatever the number of tables, with row-to-model
//! conversion as pure functions (`rows.rs`).
//!
//! Normalisation. Two models compare equal when they mean the same database, but PostgreSQL
//! rewrites expressions (`score >= 0` is stored as `(score >= (0)::numeric)`). strata handles
//! this in two steps: constants in defaults map back to literals (`rows.rs`), and anything
//! compared with a live database is first put through the server itself: [`canonicalize`]
//! applies the model to a scratch database on the same server and reads it back, so both sides
//! carry PostgreSQL's own spelling (Atlas calls this a dev database).

mod function;
mod grant;
mod namespace;
pub mod queries;
pub mod rows;
mod sequence;
mod table;
pub mod trigger;
mod types;
pub mod unmanaged;
mod view;

/// Moved to `db::scratch` (scratch databases are the connection layer's); re-exported so
/// callers keep compiling.
pub use crate::db::scratch::canonicalize;

use crate::schema::model::*;
use anyhow::{Context, Result};
use tokio_postgres::Client;

/// What to leave out of the model.
#[derive(Debug, Clone)]
pub struct InspectOptions {
    /// Tables never reported (the runner's history table).
    pub exclude_tables: Vec<QualifiedName>,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            exclude_tables: vec![QualifiedName::public("strata_migrations")],
        }
    }
}

/// Reads the database's user schemas into a canonical model, from one consistent snapshot
/// (a read-only repeatable-read transaction). JIT is off for it: the catalog queries are
/// cheap, but their subplans push the estimate past `jit_above_cost` and compiling them cost
/// more than running them (450 ms of 650 ms for the index query on 2,000 tables).
pub async fn inspect(client: &Client, options: &InspectOptions) -> Result<Schema> {
    client
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off")
        .await
        .context("starting the introspection transaction")?;
    let result = inspect_in_transaction(client, options).await;
    let _ = client.batch_execute("COMMIT").await;
    result
}

async fn inspect_in_transaction(client: &Client, options: &InspectOptions) -> Result<Schema> {
    let (schemas, declared) = namespace::read_schemas(client).await?;
    let mut schema = Schema {
        schemas: declared,
        extensions: namespace::read_extensions(client).await?,
        enums: types::read_enums(client, &schemas).await?,
        domains: types::read_domains(client, &schemas).await?,
        composites: types::read_composites(client, &schemas).await?,
        sequences: sequence::read_sequences(client, &schemas).await?,
        aggregates: function::read_aggregates(client, &schemas).await?,
        ..Schema::default()
    };
    let mut tables = table::read_tables(client, &schemas, options).await?;
    table::read_columns(client, &schemas, &mut tables).await?;
    let version: i32 = query(client, queries::SERVER_VERSION, &[], "the server version")
        .await?
        .first()
        .map_or(0, |row| row.get(0));
    schema.functions = function::read_functions(client, &schemas, version).await?;
    table::read_constraints(
        client,
        &queries::constraints(version),
        &schemas,
        &mut tables,
    )
    .await?;
    let other_indexes = table::read_indexes(client, &schemas, &mut tables).await?;
    schema.tables = tables.into_values().collect();
    schema.views = view::read_views(client, &schemas, other_indexes).await?;
    trigger::read_access(client, &schemas, &mut schema).await?;
    let grants = grant::read_grants(client, &schemas).await?;
    grant::apply_grants(&grants, &mut schema);
    // The sequences of excluded tables (a history table's serial key) go with them.
    schema.sequences.retain(|s| {
        s.owned_by
            .as_ref()
            .is_none_or(|o| !options.exclude_tables.contains(&o.table))
    });
    for table in &mut schema.tables {
        // A partition's columns are its parent's: the model lists them on the parent only
        // (a table attached as a partition keeps its own, which say nothing more).
        if table.partition_of.is_some() {
            table.columns.clear();
        }
    }
    // The schema of an excluded table (the history table's) is not empty to the eye of the
    // model: leave it out unless it is commented.
    let excluded: Vec<&String> = options.exclude_tables.iter().map(|t| &t.schema).collect();
    schema
        .schemas
        .retain(|n| n.comment.is_some() || !excluded.contains(&&n.name));
    schema.normalize_schemas();
    schema.sort();
    Ok(schema)
}

async fn query(
    client: &Client,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    what: &str,
) -> Result<Vec<tokio_postgres::Row>> {
    client
        .query(sql, params)
        .await
        .with_context(|| format!("reading {what} from the catalog"))
}
