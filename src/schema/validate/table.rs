//! Tables: columns, primary keys, uniques and indexes as written, with their own checks.

use super::constraint::{build_checks, build_primary_key, build_uniques, check_duplicate_keys};
use super::expressions::check_expression;
use super::index::build_index;
use super::sequence::build_sequence_options;
use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Located, RawColumn, RawTable, Reporter};
use crate::schema::types;
use std::collections::BTreeMap;

/// A table, and the sequences its `serial` columns imply.
pub(super) fn build_table(
    raw: &RawTable,
    known: &super::types::KnownTypes,
    hints: &mut RenameHints,
    sequences: &mut Vec<Sequence>,
    r: &mut Reporter,
) -> Table {
    let mut table = Table::new(raw.name.clone());
    table.comment = raw.comment.clone();
    if let Some(from) = &raw.renamed_from {
        let old = QualifiedName::parse(&from.value);
        if old == raw.name {
            r.error(
                from.at,
                format!("table `{}` cannot be renamed from itself", raw.name),
            );
        } else {
            hints.tables.insert(raw.name.clone(), old);
        }
    }
    table.columns = Vec::with_capacity(raw.columns.len());
    for column in &raw.columns {
        table
            .columns
            .push(build_column(raw, column, known, hints, sequences, r));
    }
    table.unlogged = raw.unlogged;
    table.storage = storage_parameters(&raw.storage);
    build_partitioning(raw, &mut table, r);
    build_primary_key(raw, &mut table, r);
    build_uniques(raw, &mut table, r);
    check_duplicate_keys(raw, &table, r);
    build_checks(raw, &mut table, r);
    table.indexes = Vec::with_capacity(raw.indexes.len());
    for index in &raw.indexes {
        if let Some(built) = build_index(raw, &table, index, r) {
            if index.concurrently {
                hints
                    .concurrent_indexes
                    .insert((raw.name.clone(), built.name.clone()));
            }
            table.indexes.push(built);
        }
    }
    super::trigger::build_table_access(raw, &mut table, r);
    table
}

fn build_column(
    table: &RawTable,
    raw: &RawColumn,
    known: &super::types::KnownTypes,
    hints: &mut RenameHints,
    sequences: &mut Vec<Sequence>,
    r: &mut Reporter,
) -> Column {
    let mut column = Column::new(raw.name.clone(), "");
    let mut serial = None;
    if let Some(written) = &raw.data_type {
        match types::serial_type(&written.value) {
            Some(integer) => {
                column.data_type = integer.to_string();
                serial = Some(written.at);
            }
            None => column.data_type = super::types::resolve_type(written, known, r),
        }
    }
    column.not_null = raw.not_null || raw.primary_key || serial.is_some();
    column.comment = raw.comment.clone();
    column.grants = super::grant::build_grants(GrantKind::Column, &raw.grants, r);
    if let Some(identity) = &raw.identity {
        column.identity = match identity.value.trim().to_ascii_lowercase().as_str() {
            "always" => Some(Identity::Always),
            "by default" => Some(Identity::ByDefault),
            _ => {
                r.error(
                    identity.at,
                    "`identity` must be \"always\" or \"by default\"",
                );
                None
            }
        };
        column.not_null = true;
        column.identity_options =
            build_sequence_options(&raw.identity_options, &column.data_type, identity.at, r).into();
        if !matches!(column.data_type.as_str(), "smallint" | "integer" | "bigint") {
            r.error(
                identity.at,
                format!(
                    "an identity column must be smallint, integer or bigint, not {}",
                    column.data_type
                ),
            );
        }
    }
    column.collation = raw.collation.as_ref().map(|c| c.value.clone());
    column.generated = raw.generated.as_ref().map(|g| g.value.trim().to_string());
    if let Some(generated) = &raw.generated {
        check_expression(
            r,
            generated.at,
            &format!("column `{}` generated", raw.name),
            &generated.value,
        );
    }
    if let Some(sql) = &raw.default_sql {
        check_expression(
            r,
            sql.at,
            &format!("column `{}` default_sql", raw.name),
            &sql.value,
        );
    }
    column.default = match (&raw.default, &raw.default_sql) {
        (Some(_), Some(sql)) => {
            r.error(sql.at, "set either `default` or `default_sql`, not both");
            None
        }
        (Some(literal), None) => Some(DefaultValue::Literal(literal.value.clone())),
        (None, Some(sql)) => Some(DefaultValue::Expression(sql.value.trim().to_string())),
        (None, None) => None,
    };
    let default_at = raw
        .default
        .as_ref()
        .map(|d| d.at)
        .or(raw.default_sql.as_ref().map(|d| d.at));
    if let Some(at) = serial {
        // `serial` is PostgreSQL's shorthand for an integer column whose default takes the
        // next value of a sequence the column owns: expanded here as the server expands it.
        if default_at.is_some() || raw.identity.is_some() || raw.generated.is_some() {
            r.error(at, "a serial column takes its default from its sequence: no default, identity or generated");
        }
        let sequence = QualifiedName::new(
            table.name.schema.clone(),
            names::sequence(&table.name.name, &raw.name),
        );
        column.default = Some(DefaultValue::Expression(nextval(&sequence)));
        sequences.push(Sequence {
            grants: Default::default(),
            name: sequence,
            data_type: column.data_type.clone(),
            options: SequenceOptions::default(),
            owned_by: Some(ColumnName {
                table: table.name.clone(),
                column: raw.name.clone(),
            }),
            comment: None,
        });
    }
    if let Some(at) = default_at {
        if column.identity.is_some() {
            r.error(at, "an identity column cannot have a default");
        }
        if column.generated.is_some() {
            r.error(at, "a generated column cannot have a default");
        }
    }
    if let (Some(_), Some(generated)) = (&column.identity, &raw.generated) {
        r.error(
            generated.at,
            "a column cannot be both identity and generated",
        );
    }
    if let Some(from) = &raw.renamed_from {
        if from.value == raw.name {
            r.error(
                from.at,
                format!("column `{}` cannot be renamed from itself", raw.name),
            );
        } else {
            hints
                .columns
                .insert((table.name.clone(), raw.name.clone()), from.value.clone());
        }
    }
    column
}

/// Storage parameters (`with = { .. }`) as the model keeps them: names in lower case, as
/// PostgreSQL folds them.
pub(super) fn storage_parameters(
    written: &[Located<(String, String)>],
) -> BTreeMap<String, String> {
    written
        .iter()
        .map(|p| (p.value.0.to_lowercase(), p.value.1.clone()))
        .collect()
}

/// `partition_by = "range (col)"`, or `partition_of = "parent"` with its `bounds`; each one
/// clause, in the spelling PostgreSQL prints (`RANGE (col)`). Whether the parent exists and is
/// partitioned is checked once every table is known (`partition.rs`).
fn build_partitioning(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    if let Some(key) = &raw.partition_by {
        table.partition_by = partition_key(key, r);
    }
    match (&raw.partition_of, &raw.bounds) {
        (Some(parent), Some(bounds)) => {
            if !raw.columns.is_empty() {
                r.error(
                    raw.columns[0].at,
                    format!(
                        "table `{}` is a partition: it takes the columns of `{}` (give it none)",
                        raw.name, parent.value
                    ),
                );
            }
            if let Some(bound) = partition_bound(bounds, r) {
                table.partition_of = Some(PartitionOf {
                    parent: QualifiedName::parse(&parent.value),
                    bound,
                });
            }
        }
        (Some(parent), None) => r.error(
            parent.at,
            "a partition needs `bounds` (\"FOR VALUES ...\" or \"DEFAULT\")",
        ),
        (None, Some(bounds)) => r.error(bounds.at, "`bounds` goes with `partition_of`"),
        (None, None) => {}
    }
}

/// `RANGE (a, lower(b))`: the method, then one parenthesised list.
fn partition_key(key: &Located<String>, r: &mut Reporter) -> Option<String> {
    let text = key.value.trim();
    let (method, _) = text.split_once(|c: char| c.is_whitespace() || c == '(')?;
    let method = method.to_ascii_uppercase();
    let rest = text[method.len()..].trim();
    let valid = ["RANGE", "LIST", "HASH"].contains(&method.as_str())
        && rest.starts_with('(')
        && rest.ends_with(')')
        && crate::sql::lex::single_expression(rest).is_ok();
    if !valid {
        r.error(
            key.at,
            "`partition_by` must be \"range (..)\", \"list (..)\" or \"hash (..)\" with the key columns or expressions",
        );
        return None;
    }
    Some(format!("{method} {rest}"))
}

/// `FOR VALUES FROM (..) TO (..)`, `FOR VALUES IN (..)`, `FOR VALUES WITH (..)` or `DEFAULT`.
fn partition_bound(bounds: &Located<String>, r: &mut Reporter) -> Option<String> {
    let text = bounds.value.trim();
    if text.eq_ignore_ascii_case("default") {
        return Some("DEFAULT".to_string());
    }
    let words: Vec<&str> = text.splitn(3, char::is_whitespace).collect();
    let valid = words.len() == 3
        && words[0].eq_ignore_ascii_case("for")
        && words[1].eq_ignore_ascii_case("values")
        && match crate::sql::lex::single_expression(words[2]) {
            Ok(_) => true,
            Err(e) => {
                r.error(bounds.at, format!("`bounds`: {}", e.message));
                return None;
            }
        };
    if !valid {
        r.error(
            bounds.at,
            "`bounds` must be \"FOR VALUES FROM (..) TO (..)\", \"FOR VALUES IN (..)\", \"FOR VALUES WITH (modulus .., remainder ..)\" or \"DEFAULT\"",
        );
        return None;
    }
    Some(format!("FOR VALUES {}", words[2].trim()))
}
