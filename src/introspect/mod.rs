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

pub mod queries;
pub mod rows;

/// Moved to `db::scratch` (scratch databases are the connection layer's); re-exported so
/// callers keep compiling.
pub use crate::db::scratch::canonicalize;

use crate::schema::model::*;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
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
    let schemas: Vec<String> = query(client, queries::SCHEMAS, &[], "schemas")
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut schema = Schema {
        extensions: query(client, queries::EXTENSIONS, &[], "extensions")
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect(),
        ..Schema::default()
    };
    for row in query(client, queries::ENUMS, &[&schemas], "enums").await? {
        schema.enums.push(Enum {
            name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            values: row.get(2),
        });
    }
    let mut tables: BTreeMap<i64, Table> = BTreeMap::new();
    for row in query(client, queries::TABLES, &[&schemas], "tables").await? {
        let name = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        if options.exclude_tables.contains(&name) {
            continue;
        }
        let mut table = Table::new(name);
        table.comment = row.get(3);
        table.unlogged = row.get(4);
        table.storage = rows::storage_parameters(&row.get::<_, Vec<String>>(5));
        tables.insert(row.get(0), table);
    }
    read_columns(client, &schemas, &mut tables).await?;
    let version: i32 = query(client, queries::SERVER_VERSION, &[], "the server version")
        .await?
        .first()
        .map_or(0, |row| row.get(0));
    read_constraints(
        client,
        &queries::constraints(version),
        &schemas,
        &mut tables,
    )
    .await?;
    read_indexes(client, &schemas, &mut tables).await?;
    schema.tables = tables.into_values().collect();
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

/// Reads every column. A virtual generated column (PostgreSQL 18, where `GENERATED ALWAYS AS
/// (...)` without `STORED` makes one) is refused: the model knows stored generated columns
/// only, and reading its expression as a default or as a stored column would be wrong.
async fn read_columns(
    client: &Client,
    schemas: &[String],
    tables: &mut BTreeMap<i64, Table>,
) -> Result<()> {
    let mut virtual_columns = Vec::new();
    for row in query(client, queries::COLUMNS, &[&schemas], "columns").await? {
        let Some(table) = tables.get_mut(&row.get::<_, i64>(0)) else {
            continue;
        };
        let generated: String = row.get(6);
        if generated == rows::VIRTUAL_GENERATED {
            virtual_columns.push(format!(
                "{}.{}",
                crate::sql::quote::qualified(&table.name),
                crate::sql::quote::ident(row.get::<_, &str>(1))
            ));
            continue;
        }
        table.columns.push(rows::column(&rows::ColumnRow {
            name: row.get(1),
            format_type: row.get(2),
            not_null: row.get(3),
            default: row.get(4),
            identity: row.get(5),
            generated,
            comment: row.get(7),
            base_schema: row.get(8),
            base_name: row.get(9),
            base_typtype: row.get(10),
            is_array: row.get(11),
            collation: row.get(12),
            identity_sequence: row.get::<_, Option<String>>(13).map(|data_type| {
                rows::SequenceRow {
                    data_type,
                    start: row.get(14),
                    increment: row.get(15),
                    min: row.get(16),
                    max: row.get(17),
                    cache: row.get(18),
                    cycle: row.get(19),
                }
            }),
        }));
    }
    if !virtual_columns.is_empty() {
        return Err(crate::error::input_error(format!(
            "virtual generated columns cannot be read: {}. strata models stored generated \
             columns only (PostgreSQL 18 makes a column virtual when GENERATED ALWAYS AS has \
             no STORED); drop and re-add them with STORED to manage these tables with strata",
            virtual_columns.join(", ")
        )));
    }
    Ok(())
}

/// Reads the constraints. PostgreSQL 18's NOT ENFORCED checks and foreign keys and its
/// temporal keys (WITHOUT OVERLAPS, PERIOD) are refused: the model has neither, and reading
/// them as plain enforced constraints would hide a difference.
async fn read_constraints(
    client: &Client,
    sql: &str,
    schemas: &[String],
    tables: &mut BTreeMap<i64, Table>,
) -> Result<()> {
    let mut unsupported = Vec::new();
    for row in query(client, sql, &[&schemas], "constraints").await? {
        let Some(table) = tables.get_mut(&row.get::<_, i64>(0)) else {
            continue;
        };
        let name: String = row.get(1);
        let (enforced, temporal): (bool, bool) = (row.get(15), row.get(16));
        if !enforced || temporal {
            unsupported.push(format!(
                "{} on {} ({})",
                crate::sql::quote::ident(&name),
                crate::sql::quote::qualified(&table.name),
                if temporal {
                    "WITHOUT OVERLAPS or PERIOD"
                } else {
                    "NOT ENFORCED"
                }
            ));
            continue;
        }
        let columns: Vec<String> = row.get(3);
        let (deferrable, initially_deferred): (bool, bool) = (row.get(9), row.get(10));
        let (not_valid, comment): (bool, Option<String>) = (row.get(13), row.get(14));
        match row.get::<_, String>(2).as_str() {
            "p" => {
                table.primary_key = Some(PrimaryKey {
                    name,
                    columns,
                    deferrable,
                    initially_deferred,
                    comment,
                })
            }
            "u" => table.uniques.push(UniqueConstraint {
                name,
                columns,
                nulls_not_distinct: row.get(12),
                deferrable,
                initially_deferred,
                comment,
            }),
            "c" => table.checks.push(Check {
                name,
                expression: row.get::<_, Option<String>>(11).unwrap_or_default(),
                not_valid,
                comment,
            }),
            "f" => table.foreign_keys.push(ForeignKey {
                name,
                columns,
                referenced_table: QualifiedName::new(
                    row.get::<_, String>(4),
                    row.get::<_, String>(5),
                ),
                referenced_columns: row.get(6),
                on_delete: rows::action(&row.get::<_, String>(7)),
                on_update: rows::action(&row.get::<_, String>(8)),
                deferrable,
                initially_deferred,
                not_valid,
                comment,
            }),
            _ => {}
        }
    }
    if !unsupported.is_empty() {
        return Err(crate::error::input_error(format!(
            "constraints that strata cannot model: {}. NOT ENFORCED constraints and temporal \
             keys (PostgreSQL 18) have no TOML form; make them plain enforced constraints, or drop \
             them, to manage these tables with strata",
            unsupported.join(", ")
        )));
    }
    Ok(())
}

async fn read_indexes(
    client: &Client,
    schemas: &[String],
    tables: &mut BTreeMap<i64, Table>,
) -> Result<()> {
    for row in query(client, queries::INDEXES, &[&schemas], "indexes").await? {
        let Some(table) = tables.get_mut(&row.get::<_, i64>(0)) else {
            continue;
        };
        let columns: Vec<Option<String>> = row.get(5);
        let definitions: Vec<Option<String>> = row.get(6);
        let options: Vec<i32> = row.get(7);
        let opclasses: Vec<Option<String>> = row.get(10);
        let collations: Vec<Option<String>> = row.get(11);
        let parts = (0..columns.len())
            .map(|k| {
                let mut part = rows::index_part(
                    columns[k].as_deref(),
                    definitions[k].as_deref().unwrap_or(""),
                    options[k],
                );
                part.opclass = opclasses[k].clone();
                part.collation = collations[k].clone();
                part
            })
            .collect();
        table.indexes.push(Index {
            name: row.get(1),
            unique: row.get(2),
            method: row.get(3),
            predicate: row.get(4),
            parts,
            include: row.get(8),
            nulls_not_distinct: row.get(9),
            storage: rows::storage_parameters(&row.get::<_, Vec<String>>(12)),
            comment: row.get(13),
        });
    }
    Ok(())
}
