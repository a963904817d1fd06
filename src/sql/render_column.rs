//! Columns: definitions inside `CREATE TABLE` and `ADD COLUMN`, drop, rename, and one
//! `ALTER COLUMN` per property that changed.

use super::{Context, Statement, default_sql, quote};
use crate::diff::Change;
use crate::schema::model::{Column, Identity, QualifiedName, SequenceOptions};
use crate::schema::types;

/// Statements for a column change.
pub fn render(change: &Change, ctx: &Context) -> Vec<Statement> {
    match change {
        Change::AddColumn { table, column } => {
            let mut statements = vec![Statement::new(format!(
                "ALTER TABLE {} ADD COLUMN {}",
                quote::qualified(table),
                column_definition(column, ctx)
            ))];
            if let Some(comment) = &column.comment {
                statements.push(comment_on_column(table, &column.name, Some(comment)));
            }
            statements
        }
        Change::DropColumn { table, column } => vec![Statement::new(format!(
            "ALTER TABLE {} DROP COLUMN {}",
            quote::qualified(table),
            quote::ident(&column.name)
        ))],
        Change::RenameColumn { table, from, to } => vec![Statement::new(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            quote::qualified(table),
            quote::ident(from),
            quote::ident(to)
        ))],
        Change::AlterColumn { table, from, to } => alter_column(table, from, to, ctx),
        other => unreachable!("render_column got {other:?}"),
    }
}

/// `"name" type [GENERATED ..] [NOT NULL] [DEFAULT ..]`.
pub fn column_definition(column: &Column, ctx: &Context) -> String {
    let mut out = format!(
        "{} {}",
        quote::ident(&column.name),
        ctx.type_sql(&column.data_type)
    );
    if let Some(collation) = &column.collation {
        out.push_str(&format!(" COLLATE {}", quote::dotted(collation)));
    }
    if let Some(expression) = &column.generated {
        out.push_str(&format!(" GENERATED ALWAYS AS ({expression}) STORED"));
    }
    if let Some(identity) = column.identity {
        out.push_str(&format!(
            " GENERATED {} AS IDENTITY",
            identity_sql(identity)
        ));
        let options = sequence_options_sql(&column.identity_options);
        if !options.is_empty() {
            out.push_str(&format!(" ({})", options.join(" ")));
        }
    }
    if column.not_null {
        out.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        out.push_str(&format!(" DEFAULT {}", default_sql(default)));
    }
    out
}

/// `START WITH 100`, `INCREMENT BY 10` ... for the options that are not the defaults.
pub fn sequence_options_sql(options: &SequenceOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(increment) = options.increment {
        out.push(format!("INCREMENT BY {increment}"));
    }
    if let Some(min) = options.min_value {
        out.push(format!("MINVALUE {min}"));
    }
    if let Some(max) = options.max_value {
        out.push(format!("MAXVALUE {max}"));
    }
    if let Some(start) = options.start {
        out.push(format!("START WITH {start}"));
    }
    if let Some(cache) = options.cache {
        out.push(format!("CACHE {cache}"));
    }
    if options.cycle {
        out.push("CYCLE".to_string());
    }
    out
}

/// The `SET ..` actions that turn one set of sequence options into another, every option
/// spelled out (a removed one goes back to its default).
pub fn sequence_changes_sql(
    from: &SequenceOptions,
    to: &SequenceOptions,
    data_type: &str,
) -> Vec<String> {
    let (old, new) = (from.settings(data_type), to.settings(data_type));
    let mut out = Vec::new();
    if old.increment != new.increment {
        out.push(format!("INCREMENT BY {}", new.increment));
    }
    if old.min != new.min {
        out.push(format!("MINVALUE {}", new.min));
    }
    if old.max != new.max {
        out.push(format!("MAXVALUE {}", new.max));
    }
    if old.start != new.start {
        out.push(format!("START WITH {}", new.start));
    }
    if old.cache != new.cache {
        out.push(format!("CACHE {}", new.cache));
    }
    if old.cycle != new.cycle {
        out.push(if new.cycle { "CYCLE" } else { "NO CYCLE" }.to_string());
    }
    out
}

fn identity_sql(identity: Identity) -> &'static str {
    match identity {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

/// `COMMENT ON COLUMN .. IS ..` (NULL removes it).
pub fn comment_on_column(table: &QualifiedName, column: &str, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        quote::qualified(table),
        quote::ident(column),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// One statement per property that differs. A changed generated expression cannot be altered
/// in place (PostgreSQL 15 can only drop it), so the column is dropped and added again.
fn alter_column(
    table: &QualifiedName,
    from: &Column,
    to: &Column,
    ctx: &Context,
) -> Vec<Statement> {
    if from.generated != to.generated && to.generated.is_some() {
        return vec![
            Statement::new(format!(
                "ALTER TABLE {} DROP COLUMN {}",
                quote::qualified(table),
                quote::ident(&from.name)
            )),
            Statement::new(format!(
                "ALTER TABLE {} ADD COLUMN {}",
                quote::qualified(table),
                column_definition(to, ctx)
            )),
        ];
    }
    let alter = |action: String| {
        Statement::new(format!(
            "ALTER TABLE {} ALTER COLUMN {} {action}",
            quote::qualified(table),
            quote::ident(&to.name)
        ))
    };
    let mut out = Vec::new();
    if from.generated.is_some() && to.generated.is_none() {
        out.push(alter("DROP EXPRESSION".into()));
    }
    let type_changes = from.data_type != to.data_type || from.collation != to.collation;
    let default_changes = from.default != to.default;
    // A default of the old type may not cast to the new one: drop it first, set it after.
    if from.default.is_some() && (default_changes || type_changes) {
        out.push(alter("DROP DEFAULT".into()));
    }
    if from.identity.is_some() && to.identity.is_none() {
        out.push(alter("DROP IDENTITY".into()));
    }
    if type_changes {
        out.push(alter(type_change(from, to, ctx)));
    }
    if from.not_null != to.not_null {
        out.push(alter(
            if to.not_null {
                "SET NOT NULL"
            } else {
                "DROP NOT NULL"
            }
            .into(),
        ));
    }
    match (from.identity, to.identity) {
        (None, Some(identity)) => out.push(alter(format!(
            "ADD GENERATED {} AS IDENTITY",
            identity_sql(identity)
        ))),
        (Some(a), Some(b)) if a != b => {
            out.push(alter(format!("SET GENERATED {}", identity_sql(b))))
        }
        _ => {}
    }
    if let (Some(_), Some(_)) = (from.identity, to.identity)
        && from.identity_options != to.identity_options
    {
        let changes =
            sequence_changes_sql(&from.identity_options, &to.identity_options, &to.data_type);
        let actions: Vec<String> = changes.iter().map(|c| format!("SET {c}")).collect();
        if !actions.is_empty() {
            out.push(alter(actions.join(" ")));
        }
    }
    if let (None, Some(_)) = (from.identity, to.identity) {
        // ADD GENERATED .. AS IDENTITY above took no options: set them now.
        let options = sequence_options_sql(&to.identity_options);
        if !options.is_empty() {
            let actions: Vec<String> = options.iter().map(|c| format!("SET {c}")).collect();
            out.push(alter(actions.join(" ")));
        }
    }
    if let Some(default) = &to.default
        && (default_changes || type_changes)
    {
        out.push(alter(format!("SET DEFAULT {}", default_sql(default))));
    }
    if from.comment != to.comment {
        out.push(comment_on_column(table, &to.name, to.comment.as_deref()));
    }
    out
}

/// `TYPE new [USING ..]`. No USING where an assignment cast exists (to a string type of the
/// same dimensions, between numeric types); a direct cast from a string type or between
/// boolean and integer; otherwise through text, which every type converts to and from (enum
/// to integer, integer to uuid ...).
fn type_change(from: &Column, to: &Column, ctx: &Context) -> String {
    let mut target = ctx.type_sql(&to.data_type);
    if let Some(collation) = &to.collation {
        target.push_str(&format!(" COLLATE {}", quote::dotted(collation)));
    }
    let column = quote::ident(&to.name);
    let (from_type, to_type) = (from.data_type.as_str(), to.data_type.as_str());
    let from_dims = types::split_array(from_type).1;
    let enums = ctx.is_enum(from_type) || ctx.is_enum(to_type);
    let numeric = |t: &str| {
        !t.ends_with("[]")
            && matches!(
                types::family(t),
                types::Family::Integer { .. } | types::Family::Number
            )
    };
    let assignable = (is_string_type(to_type) && from_dims == types::split_array(to_type).1)
        || (!enums && numeric(from_type) && numeric(to_type));
    if assignable {
        return format!("TYPE {target}");
    }
    let direct = !enums
        && ((is_string_type(from_type) && from_dims == 0)
            || matches!(
                (from_type, to_type),
                ("boolean", "integer") | ("integer", "boolean")
            ));
    if direct {
        format!("TYPE {target} USING {column}::{target}")
    } else {
        // Element-wise through text[] between arrays of the same depth; otherwise through
        // plain text (text[] -> uuid has no cast, text[] -> text -> uuid does).
        let same_dims = from_dims == types::split_array(to_type).1;
        let dims = "[]".repeat(if same_dims { from_dims } else { 0 });
        format!("TYPE {target} USING {column}::text{dims}::{target}")
    }
}

fn is_string_type(data_type: &str) -> bool {
    let base = types::split_array(data_type).0;
    base == "text" || base.starts_with("character varying") || base.starts_with("character")
}
