//! Enums: create, drop, rename, add a value at its position, rename a value, and recreate the
//! type (removed or reordered values) converting every column that uses it.

use super::{Context, Statement, default_sql, quote};
use crate::diff::{Change, ColumnRef, Dependent};
use crate::schema::model::{Enum, QualifiedName};
use crate::schema::types;

/// Statements for an enum change.
pub fn render(change: &Change, ctx: &Context) -> Vec<Statement> {
    match change {
        Change::CreateEnum { enum_type } => {
            let mut out = vec![create(enum_type)];
            out.extend(comment(enum_type));
            out
        }
        Change::DropEnum { enum_type } => vec![Statement::new(format!(
            "DROP TYPE {}",
            quote::qualified(&enum_type.name)
        ))],
        Change::RenameEnum { from, to } => rename(from, to),
        Change::AddEnumValue {
            enum_type,
            value,
            values_after,
            values_before,
            ..
        } => vec![add_value(enum_type, value, values_before, values_after)],
        Change::RenameEnumValue {
            enum_type,
            from,
            to,
        } => vec![Statement::new(format!(
            "ALTER TYPE {} RENAME VALUE {} TO {}",
            quote::qualified(enum_type),
            quote::literal(from),
            quote::literal(to)
        ))],
        Change::RecreateEnum {
            from,
            to,
            usages,
            dependents,
        } => {
            let (drops, adds) = rebuild(dependents);
            let mut statements = drops;
            statements.extend(recreate(from, to, usages, ctx));
            statements.extend(adds);
            statements
        }
        other => unreachable!("render_enum got {other:?}"),
    }
}

fn create(enum_type: &Enum) -> Statement {
    let values: Vec<String> = enum_type.values.iter().map(|v| quote::literal(v)).collect();
    Statement::new(format!(
        "CREATE TYPE {} AS ENUM ({})",
        quote::qualified(&enum_type.name),
        values.join(", ")
    ))
}

/// `COMMENT ON TYPE` when the enum has one.
fn comment(enum_type: &Enum) -> Option<Statement> {
    enum_type.comment.as_deref().map(|comment| {
        Statement::new(format!(
            "COMMENT ON TYPE {} IS {}",
            quote::qualified(&enum_type.name),
            quote::literal(comment)
        ))
    })
}

fn rename(from: &QualifiedName, to: &QualifiedName) -> Vec<Statement> {
    let mut statements = Vec::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        statements.push(Statement::new(format!(
            "ALTER TYPE {} SET SCHEMA {}",
            quote::qualified(&current),
            quote::ident(&to.schema)
        )));
        current.schema = to.schema.clone();
    }
    if from.name != to.name {
        statements.push(Statement::new(format!(
            "ALTER TYPE {} RENAME TO {}",
            quote::qualified(&current),
            quote::ident(&to.name)
        )));
    }
    statements
}

/// `ADD VALUE 'v' BEFORE 'next'` (the next value that already exists), else `AFTER 'prev'`.
fn add_value(name: &QualifiedName, value: &str, before: &[String], after: &[String]) -> Statement {
    let position = after.iter().position(|v| v == value).unwrap_or(after.len());
    let next = after[position + 1..].iter().find(|v| before.contains(v));
    let previous = after[..position].iter().rev().find(|v| before.contains(v));
    let anchor = match (next, previous) {
        (Some(next), _) => format!(" BEFORE {}", quote::literal(next)),
        (None, Some(previous)) => format!(" AFTER {}", quote::literal(previous)),
        (None, None) => String::new(),
    };
    Statement::new(format!(
        "ALTER TYPE {} ADD VALUE {}{anchor}",
        quote::qualified(name),
        quote::literal(value)
    ))
}

/// The statements that drop the dependents of a recreate, and those that add them back.
fn rebuild(dependents: &[Dependent]) -> (Vec<Statement>, Vec<Statement>) {
    let (mut drops, mut adds) = (Vec::new(), Vec::new());
    for dependent in dependents {
        let add = match dependent {
            Dependent::Check { table, check } => Change::AddCheck {
                table: table.clone(),
                check: check.clone(),
            },
            Dependent::Index { table, index } => Change::CreateIndex {
                table: table.clone(),
                index: index.clone(),
                concurrently: false,
            },
        };
        drops.extend(super::render_constraint::render(&add.reverse()));
        adds.extend(super::render_constraint::render(&add));
    }
    (drops, adds)
}

/// Renames the old type aside, creates the new one, converts each using column through text,
/// and drops the old type. Rows holding a removed value make the conversion fail, so nothing
/// is lost silently.
fn recreate(from: &Enum, to: &Enum, usages: &[ColumnRef], ctx: &Context) -> Vec<Statement> {
    let old = QualifiedName::new(
        from.name.schema.clone(),
        format!("{}__strata_old", from.name.name),
    );
    let mut statements = vec![Statement::new(format!(
        "ALTER TYPE {} RENAME TO {}",
        quote::qualified(&from.name),
        quote::ident(&old.name)
    ))];
    statements.push(create(to));
    statements.extend(comment(to));
    for usage in usages {
        let table = quote::qualified(&usage.table);
        let column = quote::ident(&usage.column);
        let dims = "[]".repeat(types::split_array(&usage.data_type).1);
        let target = ctx.type_sql(&usage.data_type);
        if usage.default.is_some() {
            statements.push(Statement::new(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"
            )));
        }
        statements.push(Statement::new(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} TYPE {target} USING {column}::text{dims}::{target}"
        )));
        if let Some(default) = &usage.default {
            statements.push(Statement::new(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {}",
                default_sql(default)
            )));
        }
    }
    statements.push(Statement::new(format!(
        "DROP TYPE {}",
        quote::qualified(&old)
    )));
    statements
}
