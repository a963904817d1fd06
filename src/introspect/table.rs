//! Tables: their columns, constraints and indexes, partitions, and the refusal of what the
//! model cannot hold (table inheritance, virtual generated columns, NOT ENFORCED and temporal
//! constraints).

use super::{queries, query, rows};
use crate::schema::model::*;
use anyhow::Result;
use std::collections::BTreeMap;
use tokio_postgres::Client;

/// Reads the tables (by oid). A table that inherits from a plain table (`INHERITS`) is
/// refused with every such table named: the model has no inheritance, and keeping the
/// children without it would lose the parent's columns on them at the next migration.
pub(super) async fn read_tables(
    client: &Client,
    schemas: &[String],
    options: &super::InspectOptions,
) -> Result<BTreeMap<i64, Table>> {
    let mut tables = BTreeMap::new();
    let mut inheriting = Vec::new();
    for row in query(client, queries::TABLES, &[&schemas], "tables").await? {
        let name = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        if options.exclude_tables.contains(&name) {
            continue;
        }
        let parent = match (
            row.get::<_, Option<String>>(7),
            row.get::<_, Option<String>>(8),
        ) {
            (Some(schema), Some(name)) => Some(QualifiedName::new(schema, name)),
            _ => None,
        };
        let bound: Option<String> = row.get(9);
        if let (Some(parent), None) = (&parent, &bound) {
            inheriting.push(format!(
                "{} (inherits {})",
                crate::sql::quote::qualified(&name),
                crate::sql::quote::qualified(parent)
            ));
            continue;
        }
        let mut table = Table::new(name);
        table.comment = row.get(3);
        table.unlogged = row.get(4);
        table.storage = rows::storage_parameters(&row.get::<_, Vec<String>>(5));
        table.partition_by = row.get(6);
        table.partition_of = parent
            .zip(bound)
            .map(|(parent, bound)| PartitionOf { parent, bound });
        tables.insert(row.get(0), table);
    }
    if !inheriting.is_empty() {
        inheriting.sort();
        inheriting.dedup();
        return Err(crate::error::input_error(format!(
            "table inheritance cannot be read: {}. strata models partitioned tables, not \
             INHERITS: turn the parents into partitioned tables, or copy the inherited columns \
             into each child and drop the inheritance (ALTER TABLE .. NO INHERIT)",
            inheriting.join(", ")
        )));
    }
    Ok(tables)
}

/// Reads every column. A virtual generated column (PostgreSQL 18, where `GENERATED ALWAYS AS
/// (...)` without `STORED` makes one) is refused: the model knows stored generated columns
/// only, and reading its expression as a default or as a stored column would be wrong.
pub(super) async fn read_columns(
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
pub(super) async fn read_constraints(
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

pub(super) async fn read_indexes(
    client: &Client,
    schemas: &[String],
    tables: &mut BTreeMap<i64, Table>,
) -> Result<Vec<(i64, Index)>> {
    // Indexes of other relations (materialized views), by the relation's oid.
    let mut others = Vec::new();
    for row in query(client, queries::INDEXES, &[&schemas], "indexes").await? {
        let relation: i64 = row.get(0);
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
        let index = Index {
            name: row.get(1),
            unique: row.get(2),
            method: row.get(3),
            predicate: row.get(4),
            parts,
            include: row.get(8),
            nulls_not_distinct: row.get(9),
            storage: rows::storage_parameters(&row.get::<_, Vec<String>>(12)),
            comment: row.get(13),
        };
        match tables.get_mut(&relation) {
            Some(table) => table.indexes.push(index),
            None => others.push((relation, index)),
        }
    }
    Ok(others)
}
