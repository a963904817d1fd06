//! Enums: created, dropped, gaining values in place (`ADD VALUE`), or recreated (values removed
//! or reordered). A recreate converts every column of the type through text, and rebuilds the
//! checks and index expressions that use the type around it: they hold constants of the old
//! type, and PostgreSQL cannot convert them. Only those are touched: a check on the same table
//! that does not use the enum is left alone.

use super::order::{Phase, Phases};
use crate::diff::change::CommentTarget;
use crate::diff::{Change, ColumnRef, Dependent};
use crate::schema::model::*;
use crate::schema::types;
use crate::sql::lex;

/// Every enum change, pushed into its phase.
pub(super) fn diff_enums(from: &Schema, to: &Schema, phases: &mut Phases) {
    for new in &to.enums {
        match from.enum_type(&new.name) {
            None => phases.push(
                Phase::Enums,
                Change::CreateEnum {
                    enum_type: new.clone(),
                },
            ),
            Some(old) if old.values == new.values => {
                if old.comment != new.comment {
                    phases.push(
                        Phase::Enums,
                        Change::SetComment {
                            target: CommentTarget::Type(new.name.clone()),
                            from: old.comment.clone(),
                            to: new.comment.clone(),
                        },
                    );
                }
            }
            Some(old) if is_subsequence(&old.values, &new.values) => {
                add_values(old, new, from, to, phases);
                if old.comment != new.comment {
                    phases.push(
                        Phase::Enums,
                        Change::SetComment {
                            target: CommentTarget::Type(new.name.clone()),
                            from: old.comment.clone(),
                            to: new.comment.clone(),
                        },
                    );
                }
            }
            Some(old) => phases.push(
                Phase::RecreateEnums,
                Change::RecreateEnum {
                    from: old.clone(),
                    to: new.clone(),
                    usages: usages(to, &new.name),
                    dependents: dependents(from, to, &new.name),
                },
            ),
        }
    }
    for old in &from.enums {
        if to.enum_type(&old.name).is_none() {
            phases.push(
                Phase::DropEnums,
                Change::DropEnum {
                    enum_type: old.clone(),
                },
            );
        }
    }
}

/// One `AddEnumValue` per new value, in the new order, each with the list before and after it.
/// Its usages and dependents are the old model's (renames applied): only the reverse (a
/// recreate) needs them, and it runs late in the down migration, when the columns are back as
/// they were but before the renames are undone.
fn add_values(old: &Enum, new: &Enum, from: &Schema, to: &Schema, phases: &mut Phases) {
    let usages = usages(from, &new.name);
    let dependents = dependents(from, to, &new.name);
    let mut current = old.values.clone();
    for value in &new.values {
        if current.contains(value) {
            continue;
        }
        let before = current.clone();
        let mut after: Vec<String> = new
            .values
            .iter()
            .filter(|v| current.contains(v) || *v == value)
            .cloned()
            .collect();
        after.dedup();
        current = after.clone();
        phases.push(
            Phase::Enums,
            Change::AddEnumValue {
                enum_type: new.name.clone(),
                value: value.clone(),
                values_before: before,
                values_after: after,
                usages: usages.clone(),
                dependents: dependents.clone(),
                comment: new.comment.clone(),
            },
        );
    }
}

/// True when `small` appears in `large` in the same order.
fn is_subsequence(small: &[String], large: &[String]) -> bool {
    let mut rest = large.iter();
    small.iter().all(|s| rest.any(|l| l == s))
}

/// Every column of `schema` whose type is the enum or an array of it.
pub fn usages(schema: &Schema, enum_name: &QualifiedName) -> Vec<ColumnRef> {
    let name = enum_name.to_string();
    let mut out = Vec::new();
    for table in &schema.tables {
        for column in &table.columns {
            if types::split_array(&column.data_type).0 == name {
                out.push(ColumnRef {
                    table: table.name.clone(),
                    column: column.name.clone(),
                    data_type: column.data_type.clone(),
                    default: column.default.clone(),
                });
            }
        }
    }
    out
}

/// The checks and indexes that use the enum (through one of its columns, or by naming the
/// type) and that stand unchanged in both models: they exist when a recreate of the type runs,
/// in the up or the down migration, and must be rebuilt around it. Changed or new ones are
/// dropped before and added after the recreate anyway.
fn dependents(from: &Schema, to: &Schema, enum_name: &QualifiedName) -> Vec<Dependent> {
    let columns: Vec<(QualifiedName, String)> = usages(to, enum_name)
        .into_iter()
        .chain(usages(from, enum_name))
        .map(|u| (u.table, u.column))
        .collect();
    let uses = |table: &QualifiedName, expression: &str| {
        uses_enum(expression, enum_name, |name| {
            columns.iter().any(|(t, c)| t == table && c == name)
        })
    };
    let mut out = Vec::new();
    for table in &to.tables {
        let Some(old) = from.table(&table.name) else {
            continue;
        };
        for check in &table.checks {
            if old.checks.contains(check) && uses(&table.name, &check.expression) {
                out.push(Dependent::Check {
                    table: table.name.clone(),
                    check: check.clone(),
                });
            }
        }
        for index in &table.indexes {
            let expressions = index
                .parts
                .iter()
                .filter_map(|p| match &p.key {
                    IndexKey::Expression(e) => Some(e.as_str()),
                    IndexKey::Column(_) => None,
                })
                .chain(index.predicate.as_deref());
            if old.indexes.contains(index) && expressions.into_iter().any(|e| uses(&table.name, e))
            {
                out.push(Dependent::Index {
                    table: table.name.clone(),
                    index: index.clone(),
                });
            }
        }
    }
    out
}

/// True when `expression` names a column for which `is_column` holds, or the enum type.
fn uses_enum(
    expression: &str,
    enum_name: &QualifiedName,
    is_column: impl Fn(&str) -> bool,
) -> bool {
    let Ok(tokens) = lex::tokenize(expression, lex::Backslashes::Literal) else {
        return true;
    };
    tokens.iter().any(|token| {
        let Some(name) = lex::identifier(token, expression) else {
            return false;
        };
        is_column(token.text(expression)) || is_column(&name) || name == enum_name.name
    })
}
