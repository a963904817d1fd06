//! Foreign keys: the referenced table and columns must exist and the types must match.

use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Located, RawSchema, Reporter};

/// A foreign key as written, from either form (the column's `references` or the table's
/// `foreign_keys`).
struct Written<'a> {
    name: String,
    columns: Vec<Located<String>>,
    reference: &'a Located<String>,
    on_delete: &'a Option<Located<String>>,
    on_update: &'a Option<Located<String>>,
    deferrable: bool,
    initially_deferred: bool,
    not_valid: bool,
    comment: Option<String>,
}

/// Column-level and table-level foreign keys: the referenced table and columns must exist and
/// the types must match.
pub(super) fn check_references(raw: &RawSchema, schema: &mut Schema, r: &mut Reporter) {
    let mut found: Vec<(QualifiedName, ForeignKey)> = Vec::new();
    for raw_table in &raw.tables {
        let Some(table) = schema.table(&raw_table.name) else {
            continue;
        };
        for column in &raw_table.columns {
            let Some(reference) = &column.references else {
                continue;
            };
            let columns = vec![column.name.clone()];
            let written = Written {
                name: names::foreign_key(&raw_table.name.name, &columns),
                columns: vec![Located {
                    value: column.name.clone(),
                    at: column.at,
                }],
                reference,
                on_delete: &column.on_delete,
                on_update: &column.on_update,
                deferrable: false,
                initially_deferred: false,
                not_valid: false,
                comment: None,
            };
            if let Some(fk) = build_foreign_key(schema, table, written, r) {
                found.push((raw_table.name.clone(), fk));
            }
        }
        for raw_fk in &raw_table.foreign_keys {
            let Some(reference) = &raw_fk.references else {
                continue;
            };
            let written = Written {
                name: raw_fk.name.clone(),
                columns: raw_fk.columns.clone(),
                reference,
                on_delete: &raw_fk.on_delete,
                on_update: &raw_fk.on_update,
                deferrable: raw_fk.deferrable,
                initially_deferred: raw_fk.initially_deferred,
                not_valid: raw_fk.not_valid,
                comment: raw_fk.comment.clone(),
            };
            if let Some(fk) = build_foreign_key(schema, table, written, r) {
                found.push((raw_table.name.clone(), fk));
            }
        }
    }
    for (table_name, fk) in found {
        if let Ok(i) = schema.tables.binary_search_by(|t| t.name.cmp(&table_name)) {
            schema.tables[i].foreign_keys.push(fk);
        }
    }
}

fn build_foreign_key(
    schema: &Schema,
    table: &Table,
    written: Written,
    r: &mut Reporter,
) -> Option<ForeignKey> {
    let Written {
        name,
        columns,
        reference,
        ..
    } = &written;
    let Some((target_name, target_columns)) = parse_reference(&reference.value) else {
        r.error(
            reference.at,
            "`references` must look like \"table(column)\" or \"schema.table(a, b)\"",
        );
        return None;
    };
    let on_delete = action(written.on_delete, "on_delete", r);
    let on_update = action(written.on_update, "on_update", r);
    let Some(target) = schema.table(&target_name) else {
        r.error(
            reference.at,
            format!("references unknown table `{target_name}`"),
        );
        return None;
    };
    if target_columns.len() != columns.len() {
        r.error(
            reference.at,
            format!(
                "foreign key `{name}` has {} column(s) but references {}",
                columns.len(),
                target_columns.len()
            ),
        );
        return None;
    }
    for (column, target_column) in columns.iter().zip(&target_columns) {
        let Some(own) = table.column(&column.value) else {
            r.error(
                column.at,
                format!(
                    "foreign key `{name}` names column `{}`, which table `{}` does not have",
                    column.value, table.name
                ),
            );
            continue;
        };
        let Some(other) = target.column(target_column) else {
            r.error(
                reference.at,
                format!("references unknown column `{target_column}` of table `{target_name}`"),
            );
            continue;
        };
        if own.data_type != other.data_type {
            let message = format!(
                "foreign key column `{}` is {} but `{target_name}.{target_column}` is {}",
                column.value, own.data_type, other.data_type
            );
            // PostgreSQL accepts keys of types it can compare (integer against bigint), and
            // `pull` writes them: only types of different families are an error.
            if comparable(&own.data_type, &other.data_type) {
                r.warn(reference.at, format!("{message}; PostgreSQL compares them, but matching types are cheaper and safer"));
            } else {
                r.error(reference.at, format!("{message}; the types must match"));
            }
        }
    }
    Some(ForeignKey {
        name: name.clone(),
        columns: columns.iter().map(|c| c.value.clone()).collect(),
        referenced_table: target_name,
        referenced_columns: target_columns,
        on_delete,
        on_update,
        deferrable: written.deferrable || written.initially_deferred,
        initially_deferred: written.initially_deferred,
        not_valid: written.not_valid,
        comment: written.comment.clone(),
    })
}

/// True when PostgreSQL has an equality operator between the two types that a foreign key
/// can use: integers of any width (one operator family), or string types (varchar is text).
fn comparable(a: &str, b: &str) -> bool {
    use crate::schema::types::{self, Family};
    let family = |t: &str| {
        let (base, dims) = types::split_array(t);
        if dims > 0 {
            return None;
        }
        if base == "text" || base.starts_with("character") {
            return Some("string");
        }
        types::canonical_builtin(base)?;
        match types::family(base) {
            Family::Integer { .. } => Some("integer"),
            _ => None,
        }
    };
    match (family(a), family(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Reads an ON DELETE / ON UPDATE action.
fn action(value: &Option<Located<String>>, key: &str, r: &mut Reporter) -> ReferentialAction {
    let Some(value) = value else {
        return ReferentialAction::NoAction;
    };
    ReferentialAction::from_toml(&value.value).unwrap_or_else(|| {
        r.error(
            value.at,
            format!("`{key}` must be one of: no action, restrict, cascade, set null, set default"),
        );
        ReferentialAction::NoAction
    })
}

/// Splits `"schema.table(a, b)"` into the table and its columns.
pub fn parse_reference(text: &str) -> Option<(QualifiedName, Vec<String>)> {
    let text = text.trim();
    let open = text.find('(')?;
    let inner = text[open + 1..].strip_suffix(')')?;
    let table = text[..open].trim();
    let columns: Vec<String> = inner.split(',').map(|c| c.trim().to_string()).collect();
    if table.is_empty() || columns.iter().any(String::is_empty) {
        return None;
    }
    Some((QualifiedName::parse(table), columns))
}
