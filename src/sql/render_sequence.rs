//! Sequences: create (without the owner, set once its column exists), drop, rename, alter,
//! owner and comment.

use super::render_column::{sequence_changes_sql, sequence_options_sql};
use super::{Statement, quote};
use crate::diff::Change;
use crate::schema::model::{ColumnName, QualifiedName, Sequence};

/// Statements for a sequence change.
pub fn render(change: &Change) -> Vec<Statement> {
    match change {
        Change::CreateSequence { sequence } => create(sequence),
        Change::DropSequence { sequence } => vec![Statement::new(format!(
            "DROP SEQUENCE {}",
            quote::qualified(&sequence.name)
        ))],
        Change::RenameSequence { from, to } => rename(from, to),
        Change::AlterSequence { from, to } => alter(from, to),
        Change::SetSequenceOwner { sequence, to, .. } => vec![owner(sequence, to.as_ref())],
        other => unreachable!("render_sequence got {other:?}"),
    }
}

/// `CREATE SEQUENCE s AS type [options]`, then its comment.
fn create(sequence: &Sequence) -> Vec<Statement> {
    let mut sql = format!(
        "CREATE SEQUENCE {} AS {}",
        quote::qualified(&sequence.name),
        sequence.data_type
    );
    for option in sequence_options_sql(&sequence.options) {
        sql.push(' ');
        sql.push_str(&option);
    }
    let mut out = vec![Statement::new(sql)];
    if let Some(comment) = &sequence.comment {
        out.push(comment_on(&sequence.name, Some(comment)));
    }
    out
}

fn rename(from: &QualifiedName, to: &QualifiedName) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        out.push(Statement::new(format!(
            "ALTER SEQUENCE {} SET SCHEMA {}",
            quote::qualified(&current),
            quote::ident(&to.schema)
        )));
        current.schema = to.schema.clone();
    }
    if from.name != to.name {
        out.push(Statement::new(format!(
            "ALTER SEQUENCE {} RENAME TO {}",
            quote::qualified(&current),
            quote::ident(&to.name)
        )));
    }
    out
}

/// `ALTER SEQUENCE .. AS type ..` for a new type and every option that changed (from the
/// new type's defaults when the type changes), then the comment.
fn alter(from: &Sequence, to: &Sequence) -> Vec<Statement> {
    let mut actions = Vec::new();
    if from.data_type != to.data_type {
        actions.push(format!("AS {}", to.data_type));
    }
    actions.extend(sequence_changes_sql(
        &from.options,
        &to.options,
        &to.data_type,
    ));
    let mut out = Vec::new();
    if !actions.is_empty() {
        out.push(Statement::new(format!(
            "ALTER SEQUENCE {} {}",
            quote::qualified(&to.name),
            actions.join(" ")
        )));
    }
    if from.comment != to.comment {
        out.push(comment_on(&to.name, to.comment.as_deref()));
    }
    out
}

/// `ALTER SEQUENCE .. OWNED BY t.c` or `OWNED BY NONE`.
fn owner(sequence: &QualifiedName, owner: Option<&ColumnName>) -> Statement {
    let target = match owner {
        Some(owner) => format!(
            "{}.{}",
            quote::qualified(&owner.table),
            quote::ident(&owner.column)
        ),
        None => "NONE".to_string(),
    };
    Statement::new(format!(
        "ALTER SEQUENCE {} OWNED BY {target}",
        quote::qualified(sequence)
    ))
}

fn comment_on(name: &QualifiedName, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON SEQUENCE {} IS {}",
        quote::qualified(name),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}
