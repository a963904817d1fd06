//! Tables: create (columns, primary key, uniques, checks, comments), drop, rename, comment.

use super::render_column::column_definition;
use super::render_constraint::{
    check_clause, comment_on_constraint, primary_key_clause, storage_clause, unique_clause,
};
use super::{Context, Statement, quote};
use crate::diff::Change;
use crate::schema::model::{QualifiedName, Table};
use std::collections::BTreeMap;

/// Statements for a table-level change.
pub fn render(change: &Change, ctx: &Context) -> Vec<Statement> {
    match change {
        Change::CreateTable { table } => create_table(table, ctx),
        Change::DropTable { table } => vec![Statement::new(format!(
            "DROP TABLE {}",
            quote::qualified(&table.name)
        ))],
        Change::RenameTable { from, to } => rename_table(from, to),
        Change::SetTableComment { table, to, .. } => {
            vec![comment_on_table(table, to.as_deref())]
        }
        Change::SetTableLogged { table, unlogged } => vec![Statement::new(format!(
            "ALTER TABLE {} SET {}",
            quote::qualified(table),
            if *unlogged { "UNLOGGED" } else { "LOGGED" }
        ))],
        Change::SetStorage {
            table,
            index,
            from,
            to,
        } => set_storage(table, index.as_deref(), from, to),
        Change::AttachPartition { table, partition } => vec![Statement::new(format!(
            "ALTER TABLE {} ATTACH PARTITION {} {}",
            quote::qualified(&partition.parent),
            quote::qualified(table),
            partition.bound
        ))],
        Change::DetachPartition { table, partition } => vec![Statement::new(format!(
            "ALTER TABLE {} DETACH PARTITION {}",
            quote::qualified(&partition.parent),
            quote::qualified(table)
        ))],
        other => unreachable!("render_table got {other:?}"),
    }
}

/// `CREATE TABLE` with one line per column and constraint, then its comments.
fn create_table(table: &Table, ctx: &Context) -> Vec<Statement> {
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| column_definition(c, ctx))
        .collect();
    let partition = partition_clauses(table);
    if let Some(pk) = &table.primary_key {
        lines.push(primary_key_clause(pk));
    }
    lines.extend(table.uniques.iter().map(unique_clause));
    lines.extend(table.checks.iter().map(check_clause));
    let body = lines
        .iter()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join(",\n");
    let body = match (&table.partition_of, lines.is_empty()) {
        // A partition takes its parent's columns: only its own constraints, if any.
        (Some(_), true) => String::new(),
        _ => format!(" (\n{body}\n)"),
    };
    let mut statements = vec![Statement::new(format!(
        "CREATE {}TABLE {}{}{body}{}{}",
        if table.unlogged { "UNLOGGED " } else { "" },
        quote::qualified(&table.name),
        partition.of,
        partition.rest,
        storage_clause(&table.storage)
    ))];
    if let Some(comment) = &table.comment {
        statements.push(comment_on_table(&table.name, Some(comment)));
    }
    let constraint_comments = table
        .primary_key
        .iter()
        .map(|pk| (&pk.name, &pk.comment))
        .chain(table.uniques.iter().map(|u| (&u.name, &u.comment)))
        .chain(table.checks.iter().map(|c| (&c.name, &c.comment)));
    for (name, comment) in constraint_comments {
        if let Some(comment) = comment {
            statements.push(comment_on_constraint(&table.name, name, Some(comment)));
        }
    }
    for column in &table.columns {
        if let Some(comment) = &column.comment {
            statements.push(super::render_column::comment_on_column(
                &table.name,
                &column.name,
                Some(comment),
            ));
        }
    }
    statements
}

/// `ALTER TABLE .. SET SCHEMA` when the schema changes, then `RENAME TO` when the name does.
fn rename_table(from: &QualifiedName, to: &QualifiedName) -> Vec<Statement> {
    let mut statements = Vec::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        statements.push(Statement::new(format!(
            "ALTER TABLE {} SET SCHEMA {}",
            quote::qualified(&current),
            quote::ident(&to.schema)
        )));
        current.schema = to.schema.clone();
    }
    if from.name != to.name {
        statements.push(Statement::new(format!(
            "ALTER TABLE {} RENAME TO {}",
            quote::qualified(&current),
            quote::ident(&to.name)
        )));
    }
    statements
}

/// `COMMENT ON TABLE .. IS ..` (NULL removes it).
fn comment_on_table(table: &QualifiedName, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON TABLE {} IS {}",
        quote::qualified(table),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// `ALTER TABLE .. SET (..)` for parameters added or changed, `RESET (..)` for those removed;
/// `ALTER INDEX` for an index's.
fn set_storage(
    table: &QualifiedName,
    index: Option<&str>,
    from: &BTreeMap<String, String>,
    to: &BTreeMap<String, String>,
) -> Vec<Statement> {
    let target = match index {
        Some(index) => format!(
            "INDEX {}",
            quote::qualified(&QualifiedName::new(table.schema.clone(), index.to_string()))
        ),
        None => format!("TABLE {}", quote::qualified(table)),
    };
    let mut statements = Vec::new();
    let removed: Vec<String> = from
        .keys()
        .filter(|k| !to.contains_key(*k))
        .map(|k| quote::ident(k))
        .collect();
    if !removed.is_empty() {
        statements.push(Statement::new(format!(
            "ALTER {target} RESET ({})",
            removed.join(", ")
        )));
    }
    let set: Vec<String> = to
        .iter()
        .filter(|(k, v)| from.get(*k) != Some(*v))
        .map(|(k, v)| format!("{} = {}", quote::ident(k), quote::literal(v)))
        .collect();
    if !set.is_empty() {
        statements.push(Statement::new(format!(
            "ALTER {target} SET ({})",
            set.join(", ")
        )));
    }
    statements
}

/// The partitioning clauses of `CREATE TABLE`: ` PARTITION OF parent` (before the body) and
/// ` FOR VALUES ..` / ` DEFAULT`, ` PARTITION BY ..` (after it).
struct PartitionClauses {
    of: String,
    rest: String,
}

/// Bounds and keys are validated as one clause each (or read from the catalog), so they are
/// written as they are.
fn partition_clauses(table: &Table) -> PartitionClauses {
    let mut of = String::new();
    let mut rest = String::new();
    if let Some(partition) = &table.partition_of {
        of = format!(" PARTITION OF {}", quote::qualified(&partition.parent));
        rest.push(' ');
        rest.push_str(&partition.bound);
    }
    if let Some(key) = &table.partition_by {
        rest.push_str(" PARTITION BY ");
        rest.push_str(key);
    }
    PartitionClauses { of, rest }
}
