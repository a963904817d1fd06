//! Renames: `renamed_from` hints become Rename* changes, and a copy of the old model is
//! rewritten with the new names so the structural pass sees renamed objects as unchanged.
//! A drop and an add of the same shape without a hint is never guessed: it is asked, or
//! refused with the hint to add, or (with `--allow-destructive`) taken as drop + create.

use super::{DiffError, DiffOptions, RenameQuestion};
use crate::diff::Change;
use crate::schema::model::*;
use crate::schema::{RenameHints, types};
use std::borrow::Cow;

/// The old model with the renames applied (borrowed when there are none), the enum renames,
/// and the table and column renames.
pub type Renamed<'a> = (Cow<'a, Schema>, Vec<Change>, Vec<Change>);

/// The old model with every rename applied, and the rename changes in order.
pub fn apply_renames<'a>(
    from: &'a Schema,
    to: &Schema,
    hints: &RenameHints,
    options: &DiffOptions,
) -> Result<Renamed<'a>, DiffError> {
    // Copied only when something is renamed: most migrations rename nothing, and a copy of a
    // 2,000-table model is a measurable part of the diff.
    let mut model = if from.is_sorted() {
        Cow::Borrowed(from)
    } else {
        let mut sorted = from.clone();
        sorted.sort();
        Cow::Owned(sorted)
    };
    let mut enum_changes = Vec::new();
    let mut renames = Vec::new();
    for (new, old) in enum_pairs(&model, to, hints, options)? {
        rename_enum(model.to_mut(), &old, &new);
        enum_changes.push(Change::RenameEnum { from: old, to: new });
    }
    for ((enum_name, new), old) in &hints.enum_values {
        let Some(position) = model.enums.iter().position(|e| &e.name == enum_name) else {
            continue;
        };
        let e = &model.enums[position];
        if e.values.contains(old) && !e.values.contains(new) {
            let model = model.to_mut();
            for value in &mut model.enums[position].values {
                if value == old {
                    *value = new.clone();
                }
            }
            rename_enum_value_defaults(model, enum_name, old, new);
            enum_changes.push(Change::RenameEnumValue {
                enum_type: enum_name.clone(),
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    for (new, old) in table_pairs(&model, to, hints, options)? {
        rename_table(model.to_mut(), &old, &new);
        renames.push(Change::RenameTable { from: old, to: new });
    }
    if let Cow::Owned(model) = &mut model {
        model.sort();
    }
    for (table, new, old) in column_pairs(&model, to, hints, options)? {
        rename_column(model.to_mut(), &table, &old, &new);
        renames.push(Change::RenameColumn {
            table,
            from: old,
            to: new,
        });
    }
    if let Cow::Owned(model) = &mut model {
        model.sort();
    }
    Ok((model, enum_changes, renames))
}

/// Resolves one drop+add of the same shape: ask, refuse, or drop and create.
fn resolve(question: RenameQuestion, options: &DiffOptions) -> Result<bool, DiffError> {
    if let Some(decide) = options.decide_rename {
        return Ok(decide(&question));
    }
    if options.allow_destructive {
        return Ok(false);
    }
    Err(DiffError::AmbiguousRename(question))
}

fn enum_pairs(
    from: &Schema,
    to: &Schema,
    hints: &RenameHints,
    options: &DiffOptions,
) -> Result<Vec<(QualifiedName, QualifiedName)>, DiffError> {
    let mut pairs = Vec::new();
    let mut taken = Vec::new();
    for e in &to.enums {
        if from.enum_type(&e.name).is_some() {
            continue;
        }
        if let Some(old) = hints.enums.get(&e.name)
            && from.enum_type(old).is_some()
            && to.enum_type(old).is_none()
        {
            taken.push(old.clone());
            pairs.push((e.name.clone(), old.clone()));
        }
    }
    for e in &to.enums {
        if from.enum_type(&e.name).is_some() || pairs.iter().any(|(n, _)| n == &e.name) {
            continue;
        }
        // Every remaining candidate is asked about until one is a rename: answering "drop"
        // for one pair says nothing about the others.
        let candidates = from
            .enums
            .iter()
            .filter(|old| to.enum_type(&old.name).is_none() && old.values == e.values);
        for old in candidates {
            if taken.contains(&old.name) {
                continue;
            }
            let question = RenameQuestion {
                kind: "enum",
                table: None,
                from: old.name.to_string(),
                to: e.name.to_string(),
            };
            if resolve(question, options)? {
                taken.push(old.name.clone());
                pairs.push((e.name.clone(), old.name.clone()));
                break;
            }
        }
    }
    Ok(pairs)
}

fn table_pairs(
    from: &Schema,
    to: &Schema,
    hints: &RenameHints,
    options: &DiffOptions,
) -> Result<Vec<(QualifiedName, QualifiedName)>, DiffError> {
    let mut pairs = Vec::new();
    let mut taken = Vec::new();
    for table in &to.tables {
        if from.table(&table.name).is_some() {
            continue;
        }
        if let Some(old) = hints.tables.get(&table.name)
            && from.table(old).is_some()
            && to.table(old).is_none()
        {
            taken.push(old.clone());
            pairs.push((table.name.clone(), old.clone()));
        }
    }
    for table in &to.tables {
        if from.table(&table.name).is_some() || pairs.iter().any(|(n, _)| n == &table.name) {
            continue;
        }
        let shape = column_shape(table);
        let candidates = from
            .tables
            .iter()
            .filter(|old| to.table(&old.name).is_none() && column_shape(old) == shape);
        for old in candidates {
            if taken.contains(&old.name) {
                continue;
            }
            let question = RenameQuestion {
                kind: "table",
                table: None,
                from: old.name.to_string(),
                to: table.name.to_string(),
            };
            if resolve(question, options)? {
                taken.push(old.name.clone());
                pairs.push((table.name.clone(), old.name.clone()));
                break;
            }
        }
    }
    Ok(pairs)
}

/// (name, type) of every column: two tables of the same shape may be one renamed.
fn column_shape(table: &Table) -> Vec<(&str, &str)> {
    let mut shape: Vec<(&str, &str)> = table
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.as_str()))
        .collect();
    shape.sort();
    shape
}

fn column_pairs(
    from: &Schema,
    to: &Schema,
    hints: &RenameHints,
    options: &DiffOptions,
) -> Result<Vec<(QualifiedName, String, String)>, DiffError> {
    let mut pairs = Vec::new();
    for table in &to.tables {
        let Some(old_table) = from.table(&table.name) else {
            continue;
        };
        let mut taken: Vec<&str> = Vec::new();
        for column in &table.columns {
            if old_table.column(&column.name).is_some() {
                continue;
            }
            if let Some(old) = hints
                .columns
                .get(&(table.name.clone(), column.name.clone()))
                && old_table.column(old).is_some()
                && table.column(old).is_none()
            {
                taken.push(old);
                pairs.push((table.name.clone(), column.name.clone(), old.clone()));
            }
        }
        for column in &table.columns {
            if old_table.column(&column.name).is_some()
                || pairs
                    .iter()
                    .any(|(t, n, _)| t == &table.name && n == &column.name)
            {
                continue;
            }
            let candidates = old_table.columns.iter().filter(|old| {
                table.column(&old.name).is_none() && old.data_type == column.data_type
            });
            for old in candidates {
                if taken.contains(&old.name.as_str()) {
                    continue;
                }
                let question = RenameQuestion {
                    kind: "column",
                    table: Some(table.name.clone()),
                    from: old.name.clone(),
                    to: column.name.clone(),
                };
                if resolve(question, options)? {
                    taken.push(&old.name);
                    pairs.push((table.name.clone(), column.name.clone(), old.name.clone()));
                    break;
                }
            }
        }
    }
    Ok(pairs)
}

/// Renames an enum in the model, including every column type that uses it.
fn rename_enum(model: &mut Schema, old: &QualifiedName, new: &QualifiedName) {
    for e in &mut model.enums {
        if &e.name == old {
            e.name = new.clone();
        }
    }
    let (old_text, new_text) = (old.to_string(), new.to_string());
    for table in &mut model.tables {
        for column in &mut table.columns {
            let (base, dims) = types::split_array(&column.data_type);
            if base == old_text {
                column.data_type = format!("{new_text}{}", "[]".repeat(dims));
            }
        }
    }
}

/// After `RENAME VALUE`, defaults that named the old value name the new one.
fn rename_enum_value_defaults(model: &mut Schema, enum_name: &QualifiedName, old: &str, new: &str) {
    let enum_text = enum_name.to_string();
    for table in &mut model.tables {
        for column in &mut table.columns {
            if types::split_array(&column.data_type).0 != enum_text {
                continue;
            }
            if let Some(DefaultValue::Literal(Literal::String(value))) = &mut column.default
                && value == old
            {
                *value = new.to_string();
            }
        }
    }
}

/// Renames a table, including foreign keys of other tables that point at it, the sequences
/// it owns and the partitions under it.
fn rename_table(model: &mut Schema, old: &QualifiedName, new: &QualifiedName) {
    for table in &mut model.tables {
        if &table.name == old {
            table.name = new.clone();
        }
        for fk in &mut table.foreign_keys {
            if &fk.referenced_table == old {
                fk.referenced_table = new.clone();
            }
        }
        if let Some(partition) = &mut table.partition_of
            && &partition.parent == old
        {
            partition.parent = new.clone();
        }
    }
    for sequence in &mut model.sequences {
        if let Some(owner) = &mut sequence.owned_by
            && &owner.table == old
        {
            owner.table = new.clone();
        }
    }
}

/// Renames a column everywhere the model names it by name (expressions are left as written).
fn rename_column(model: &mut Schema, table_name: &QualifiedName, old: &str, new: &str) {
    let swap = |names: &mut Vec<String>| {
        for name in names.iter_mut() {
            if name == old {
                *name = new.to_string();
            }
        }
    };
    for sequence in &mut model.sequences {
        if let Some(owner) = &mut sequence.owned_by
            && &owner.table == table_name
            && owner.column == old
        {
            owner.column = new.to_string();
        }
    }
    for table in &mut model.tables {
        for fk in &mut table.foreign_keys {
            if &fk.referenced_table == table_name {
                swap(&mut fk.referenced_columns);
            }
        }
        if &table.name != table_name {
            continue;
        }
        for column in &mut table.columns {
            if column.name == old {
                column.name = new.to_string();
            }
        }
        if let Some(pk) = &mut table.primary_key {
            swap(&mut pk.columns);
        }
        for unique in &mut table.uniques {
            swap(&mut unique.columns);
        }
        for fk in &mut table.foreign_keys {
            swap(&mut fk.columns);
        }
        // PostgreSQL follows a renamed column in expressions (it keeps column numbers, not
        // names), and prints the new name: rename it in the old model's expressions too, so
        // a check on a renamed column is not dropped and re-added.
        let rename = |text: &mut String| *text = rename_in_expression(text, old, new);
        for check in &mut table.checks {
            rename(&mut check.expression);
        }
        for column in &mut table.columns {
            if let Some(generated) = &mut column.generated {
                rename(generated);
            }
        }
        for index in &mut table.indexes {
            swap(&mut index.include);
            if let Some(predicate) = &mut index.predicate {
                rename(predicate);
            }
            for part in &mut index.parts {
                match &mut part.key {
                    IndexKey::Column(name) if name == old => *name = new.to_string(),
                    IndexKey::Expression(expression) => rename(expression),
                    IndexKey::Column(_) => {}
                }
            }
        }
    }
}

/// `expression` with the column references to `old` spelled `new` (quoted when it must be).
fn rename_in_expression(expression: &str, old: &str, new: &str) -> String {
    let Ok(tokens) = crate::sql::lex::single_expression(expression) else {
        return expression.to_string();
    };
    let references = crate::schema::validate::column_reference_tokens(&tokens, expression);
    let mut out = String::with_capacity(expression.len());
    let mut last = 0;
    for i in references {
        let token = &tokens[i];
        let written = token.text(expression);
        let name = crate::sql::lex::identifier(token, expression).unwrap_or_default();
        let matches = match token.kind {
            crate::sql::lex::TokenKind::Word => written == old || name == old,
            _ => name == old,
        };
        if matches {
            out.push_str(&expression[last..token.start]);
            out.push_str(&crate::sql::quote::ident_if_needed(new));
            last = token.end;
        }
    }
    out.push_str(&expression[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn model(toml: &str) -> Schema {
        let files = [(std::path::PathBuf::from("schema/t.toml"), toml.to_string())];
        crate::schema::parse::parse_files(&files)
            .expect("valid schema")
            .schema
    }

    /// Issue 12, item 17: after "drop" for one pair, the other candidate pairs were never
    /// asked. Every pair of the same shape is asked until one is a rename.
    #[test]
    fn every_remaining_pair_is_asked_after_a_drop() {
        let from = model(
            "[table.t.columns]\nid = { type = \"integer\" }\na = { type = \"text\" }\nb = { type = \"text\" }\n",
        );
        let to = model(
            "[table.t.columns]\nid = { type = \"integer\" }\nx = { type = \"text\" }\ny = { type = \"text\" }\n",
        );
        let asked = RefCell::new(Vec::new());
        // Renames only b -> x; everything else is "drop and create".
        let decide = |q: &RenameQuestion| {
            asked.borrow_mut().push(format!("{}->{}", q.from, q.to));
            q.from == "b" && q.to == "x"
        };
        let options = DiffOptions {
            allow_destructive: false,
            decide_rename: Some(&decide),
        };
        let (_, _, renames) = apply_renames(&from, &to, &RenameHints::default(), &options).unwrap();
        assert_eq!(*asked.borrow(), ["a->x", "b->x", "a->y"]);
        assert_eq!(
            renames,
            [Change::RenameColumn {
                table: QualifiedName::public("t"),
                from: "b".into(),
                to: "x".into()
            }]
        );
    }

    #[test]
    fn every_remaining_table_pair_is_asked_after_a_drop() {
        let shape = ".columns]\nid = { type = \"integer\" }\n";
        let from = model(&format!("[table.a{shape}[table.b{shape}"));
        let to = model(&format!("[table.x{shape}[table.y{shape}"));
        let asked = RefCell::new(Vec::new());
        let decide = |q: &RenameQuestion| {
            asked.borrow_mut().push(format!("{}->{}", q.from, q.to));
            false
        };
        let options = DiffOptions {
            allow_destructive: false,
            decide_rename: Some(&decide),
        };
        apply_renames(&from, &to, &RenameHints::default(), &options).unwrap();
        assert_eq!(*asked.borrow(), ["a->x", "b->x", "a->y", "b->y"]);
    }
}
