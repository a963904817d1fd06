//! Sequences as TOML. A sequence that a `serial` column implies (named after its column,
//! owned by it, of its type, with default options and no comment) is written as that column's
//! `type = "serial"` instead, in the table's file.

use super::table::sequence_entries;
use super::{key, string};
use crate::schema::model::*;
use crate::schema::names;
use std::fmt::Write as _;

/// `sequences.toml`: every sequence no serial column stands for; empty when there is none.
pub(super) fn sequences_file(schema: &Schema) -> String {
    let mut out = String::new();
    for sequence in &schema.sequences {
        if serial_column(schema, sequence).is_some() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "[sequence.{}]", key(&sequence.name.to_string()));
        if sequence.data_type != "bigint" {
            let _ = writeln!(out, "type = {}", string(&sequence.data_type));
        }
        for entry in sequence_entries(&sequence.options) {
            let _ = writeln!(out, "{entry}");
        }
        if let Some(owner) = &sequence.owned_by {
            let _ = writeln!(out, "owned_by = {}", string(&owner.to_string()));
        }
        if let Some(comment) = &sequence.comment {
            let _ = writeln!(out, "comment = {}", string(comment));
        }
        if !sequence.grants.is_empty() {
            let _ = writeln!(
                out,
                "grants = {}",
                super::trigger::grants_value(&sequence.grants)
            );
        }
    }
    out
}

/// The column whose `serial` type stands for this sequence, if it is exactly what `serial`
/// creates.
pub(super) fn serial_column<'a>(schema: &'a Schema, sequence: &Sequence) -> Option<&'a Column> {
    let owner = sequence.owned_by.as_ref()?;
    let table = schema.table(&owner.table)?;
    let column = table.column(&owner.column)?;
    let expected = QualifiedName::new(
        owner.table.schema.clone(),
        names::sequence(&owner.table.name, &owner.column),
    );
    let shape = sequence.name == expected
        && sequence.data_type == column.data_type
        && sequence.options.is_default()
        && sequence.comment.is_none()
        && sequence.grants.is_empty()
        && column.not_null
        && column.identity.is_none()
        && column.default == Some(DefaultValue::Expression(sequence.nextval()));
    shape.then_some(column)
}

/// The `serial` spelling of a column that stands for its sequence, if it does.
pub(super) fn serial_type(schema: &Schema, table: &Table, column: &Column) -> Option<&'static str> {
    let owner = ColumnName {
        table: table.name.clone(),
        column: column.name.clone(),
    };
    schema
        .sequences
        .iter()
        .filter(|s| s.owned_by.as_ref() == Some(&owner))
        .find(|s| serial_column(schema, s).is_some())?;
    Some(match column.data_type.as_str() {
        "integer" => "serial",
        "bigint" => "bigserial",
        _ => "smallserial",
    })
}
