//! Foreign keys: the referenced table and columns must exist and the types must match.

use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Located, RawSchema, Reporter};

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
            let name = names::foreign_key(&raw_table.name.name, &columns);
            let located = vec![Located {
                value: column.name.clone(),
                at: column.at,
            }];
            let actions = (&column.on_delete, &column.on_update);
            if let Some(fk) = build_foreign_key(
                schema,
                table,
                name,
                located,
                reference,
                actions,
                (false, false),
                r,
            ) {
                found.push((raw_table.name.clone(), fk));
            }
        }
        for raw_fk in &raw_table.foreign_keys {
            let Some(reference) = &raw_fk.references else {
                continue;
            };
            let actions = (&raw_fk.on_delete, &raw_fk.on_update);
            let deferral = (raw_fk.deferrable, raw_fk.initially_deferred);
            let columns = raw_fk.columns.clone();
            if let Some(fk) = build_foreign_key(
                schema,
                table,
                raw_fk.name.clone(),
                columns,
                reference,
                actions,
                deferral,
                r,
            ) {
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

#[allow(clippy::too_many_arguments)]
fn build_foreign_key(
    schema: &Schema,
    table: &Table,
    name: String,
    columns: Vec<Located<String>>,
    reference: &Located<String>,
    actions: (&Option<Located<String>>, &Option<Located<String>>),
    deferral: (bool, bool),
    r: &mut Reporter,
) -> Option<ForeignKey> {
    let Some((target_name, target_columns)) = parse_reference(&reference.value) else {
        r.error(
            reference.at,
            "`references` must look like \"table(column)\" or \"schema.table(a, b)\"",
        );
        return None;
    };
    let on_delete = action(actions.0, "on_delete", r);
    let on_update = action(actions.1, "on_update", r);
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
            r.error(
                reference.at,
                format!(
                    "foreign key column `{}` is {} but `{target_name}.{target_column}` is {}; the types must match",
                    column.value, own.data_type, other.data_type
                ),
            );
        }
    }
    Some(ForeignKey {
        name,
        columns: columns.into_iter().map(|c| c.value).collect(),
        referenced_table: target_name,
        referenced_columns: target_columns,
        on_delete,
        on_update,
        deferrable: deferral.0 || deferral.1,
        initially_deferred: deferral.1,
    })
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
