//! Literal defaults must fit their column's type.

use crate::schema::model::*;
use crate::schema::parse::{RawSchema, Reporter};
use crate::schema::types::{self, Family};

/// Literal defaults must fit their column's type.
pub(super) fn check_defaults(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    for raw_table in &raw.tables {
        let Some(table) = schema.table(&raw_table.name) else {
            continue;
        };
        for raw_column in &raw_table.columns {
            let (Some(default), Some(column)) =
                (&raw_column.default, table.column(&raw_column.name))
            else {
                continue;
            };
            if let Err(message) = literal_fits(&default.value, &column.data_type, schema) {
                r.error(
                    default.at,
                    format!("default for `{}`: {message}", column.name),
                );
            }
        }
    }
}

/// Whether a literal can be the default of a column of this canonical type.
fn literal_fits(literal: &Literal, data_type: &str, schema: &Schema) -> Result<(), String> {
    let (base, dims) = types::split_array(data_type);
    if dims > 0 {
        let Literal::Array(items) = literal else {
            return Err(format!("a {data_type} column needs an array default"));
        };
        return items
            .iter()
            .try_for_each(|item| literal_fits(item, base, schema));
    }
    if let Some(e) = schema.enums.iter().find(|e| e.name.to_string() == base) {
        return match literal {
            Literal::String(s) if e.values.contains(s) => Ok(()),
            Literal::String(s) => Err(format!(
                "`{s}` is not a value of enum `{}` ({})",
                e.name,
                e.values.join(", ")
            )),
            _ => Err("an enum default must be one of its values as a string".to_string()),
        };
    }
    if types::canonical_builtin(base).is_none() {
        return Ok(()); // unknown types: the database will judge
    }
    match (types::family(base), literal) {
        (_, Literal::Null) => Ok(()),
        (Family::Integer { min, max }, Literal::Integer(i)) if (min..=max).contains(i) => Ok(()),
        (Family::Integer { .. }, Literal::Integer(i)) => {
            Err(format!("{i} is out of range for {base}"))
        }
        (Family::Integer { .. }, _) => Err(format!("{base} needs an integer default")),
        (Family::Number, Literal::Integer(_) | Literal::Number(_)) => Ok(()),
        (Family::Number, _) => Err(format!("{base} needs a numeric default")),
        (Family::Boolean, Literal::Boolean(_)) => Ok(()),
        (Family::Boolean, _) => Err("boolean needs true or false".to_string()),
        (Family::Json, Literal::Array(_)) => {
            Err("json needs its default as a string, or default_sql".to_string())
        }
        (Family::Json, _) => Ok(()),
        (Family::Text, Literal::String(_)) => Ok(()),
        (Family::Text, _) => Err(format!("{base} needs a string default")),
    }
}
