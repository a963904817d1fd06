//! Schemas and extensions.

use super::{Statement, quote};
use crate::diff::Change;
use crate::schema::model::Extension;

/// Statements for a schema or extension change.
pub fn render(change: &Change) -> Vec<Statement> {
    match change {
        // IF NOT EXISTS: the runner may already have created the schema of its history table.
        Change::CreateSchema { schema } => {
            let mut out = vec![Statement::new(format!(
                "CREATE SCHEMA IF NOT EXISTS {}",
                quote::ident(&schema.name)
            ))];
            if let Some(comment) = &schema.comment {
                out.push(comment_on_schema(&schema.name, Some(comment)));
            }
            out
        }
        Change::DropSchema { schema } => vec![Statement::new(format!(
            "DROP SCHEMA {}",
            quote::ident(&schema.name)
        ))],
        Change::SetSchemaComment { name, to, .. } => vec![comment_on_schema(name, to.as_deref())],
        Change::CreateExtension { extension } => vec![create_extension(extension)],
        Change::DropExtension { extension } => vec![Statement::new(format!(
            "DROP EXTENSION IF EXISTS {}",
            quote::ident(&extension.name)
        ))],
        Change::AlterExtension { from, to } => alter_extension(from, to),
        other => unreachable!("render_namespace got {other:?}"),
    }
}

fn comment_on_schema(name: &str, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON SCHEMA {} IS {}",
        quote::ident(name),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// `CREATE EXTENSION IF NOT EXISTS "e" [WITH SCHEMA "s"] [VERSION 'v']`.
fn create_extension(extension: &Extension) -> Statement {
    let mut sql = format!(
        "CREATE EXTENSION IF NOT EXISTS {}",
        quote::ident(&extension.name)
    );
    if extension.schema.is_some() || extension.version.is_some() {
        sql.push_str(" WITH");
    }
    if let Some(schema) = &extension.schema {
        sql.push_str(&format!(" SCHEMA {}", quote::ident(schema)));
    }
    if let Some(version) = &extension.version {
        sql.push_str(&format!(" VERSION {}", quote::literal(version)));
    }
    Statement::new(sql)
}

fn alter_extension(from: &Extension, to: &Extension) -> Vec<Statement> {
    let name = quote::ident(&to.name);
    let mut out = Vec::new();
    if from.schema != to.schema {
        out.push(Statement::new(format!(
            "ALTER EXTENSION {name} SET SCHEMA {}",
            quote::ident(to.schema.as_deref().unwrap_or("public"))
        )));
    }
    if from.version != to.version {
        // Without a version, UPDATE goes to the package's default version.
        out.push(Statement::new(match &to.version {
            Some(version) => format!(
                "ALTER EXTENSION {name} UPDATE TO {}",
                quote::literal(version)
            ),
            None => format!("ALTER EXTENSION {name} UPDATE"),
        }));
    }
    out
}
