//! Changes to SQL: one renderer per object kind, all quoting through [`quote`], and the text of
//! migration files with their hazard headers.
//!
//! Up and down come from the same code: the down file is the render of
//! `diff::reverse_all(changes)`.
//!
//! Transactions: every statement strata renders can run inside a transaction, but a value
//! added to an enum (`ALTER TYPE .. ADD VALUE`) cannot be *used* before that transaction
//! commits. A migration that adds a value to an enum and, in the same migration, touches a
//! column, default or table that uses that enum is therefore marked non-transactional: the
//! runner then applies it in several transactions, the first ending after the `ADD VALUE`. So
//! is a migration that needs more locks than a default server's lock table holds in one
//! transaction (the `lock-table` hazard): it runs in transactions of up to 100 statements.

pub mod body;
pub mod lex;
pub mod quote;
pub mod refs;
mod render_column;
mod render_constraint;
mod render_enum;
mod render_function;
mod render_grant;
mod render_namespace;
mod render_sequence;
mod render_table;
mod render_trigger;
mod render_type;
mod render_view;
pub mod view_columns;

use crate::diff::{Change, reverse_all};
use crate::lint::{self, Hazard, HazardKind};
use crate::schema::Schema;
use crate::schema::model::{DefaultValue, Literal, QualifiedName};
use crate::schema::types;
use std::collections::BTreeSet;

/// One SQL statement, without its trailing `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
}

impl Statement {
    fn new(sql: impl Into<String>) -> Self {
        Statement { sql: sql.into() }
    }
}

/// What the renderer needs to know beyond the changes: which type names are the schema's own
/// (enums, domains, composites: quoted and qualified; other names are written in their
/// canonical spelling).
#[derive(Debug, Clone, Default)]
pub struct Context {
    enums: BTreeSet<String>,
}

impl Context {
    /// The context of a migration between two models (enums of either side).
    pub fn new(schemas: &[&Schema]) -> Self {
        let mut enums = BTreeSet::new();
        for schema in schemas {
            enums.extend(schema.user_types());
        }
        Context { enums }
    }

    /// Adds the enums that the changes themselves create, drop or rename.
    fn with_changes(mut self, changes: &[Change]) -> Self {
        for change in changes {
            match change {
                Change::CreateEnum { enum_type } | Change::DropEnum { enum_type } => {
                    self.enums.insert(enum_type.name.to_string());
                }
                Change::RenameEnum { from, to } => {
                    self.enums.insert(from.to_string());
                    self.enums.insert(to.to_string());
                }
                Change::RecreateEnum { from, .. } => {
                    self.enums.insert(from.name.to_string());
                }
                Change::CreateDomain { domain } | Change::DropDomain { domain } => {
                    self.enums.insert(domain.name.to_string());
                }
                Change::RecreateDomain { from, .. } => {
                    self.enums.insert(from.name.to_string());
                }
                Change::CreateComposite { composite } | Change::DropComposite { composite } => {
                    self.enums.insert(composite.name.to_string());
                }
                Change::RecreateComposite { from, .. } => {
                    self.enums.insert(from.name.to_string());
                }
                _ => {}
            }
        }
        self
    }

    /// A column type as SQL: the schema's own types quoted and qualified; built-ins and other
    /// well-formed type names in their canonical spelling (validation made them so). A name
    /// that is neither, which only a model from elsewhere can hold, is quoted as the display
    /// form of a qualified name rather than written raw.
    pub fn type_sql(&self, data_type: &str) -> String {
        // Most columns hold a built-in type in the spelling canonicalisation gives it (`text`,
        // `bigint`): written as it is, without the checks below (half the cost of rendering a
        // column). An enum of the same name still takes the path that quotes it.
        if types::is_canonical_builtin(data_type) && !self.enums.contains(data_type) {
            return data_type.to_string();
        }
        let (base, dims) = types::split_array(data_type);
        let suffix = "[]".repeat(dims);
        if self.enums.contains(base) {
            return format!("{}{suffix}", quote::qualified(&QualifiedName::parse(base)));
        }
        match types::canonicalize(data_type, &[]) {
            Ok((canonical, _)) => canonical,
            Err(_) => format!("{}{suffix}", quote::qualified(&QualifiedName::parse(base))),
        }
    }

    /// True when the type (or its element type) is an enum.
    pub fn is_enum(&self, data_type: &str) -> bool {
        self.enums.contains(types::split_array(data_type).0)
    }
}

/// A migration rendered to SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationSql {
    /// The up file's full text: header comment, then statements each ending in `;`.
    pub up: String,
    /// The down file's full text.
    pub down: String,
    /// False when the statements must run in more than one transaction (see the module doc).
    pub transactional: bool,
    /// The hazards of the up migration.
    pub hazards: Vec<Hazard>,
}

impl MigrationSql {
    /// True when the migration is non-transactional because it needs more locks than one
    /// transaction gets on a default server (the `lock-table` hazard).
    pub fn exceeds_lock_table(&self) -> bool {
        self.hazards.iter().any(|h| h.kind == HazardKind::LockTable)
    }
}

/// The statements of one change.
pub fn render(change: &Change, ctx: &Context) -> Vec<Statement> {
    use Change::*;
    match change {
        CreateExtension { .. }
        | DropExtension { .. }
        | AlterExtension { .. }
        | CreateSchema { .. }
        | DropSchema { .. }
        | SetSchemaComment { .. } => render_namespace::render(change),
        CreateSequence { .. }
        | DropSequence { .. }
        | RenameSequence { .. }
        | AlterSequence { .. }
        | SetSequenceOwner { .. } => render_sequence::render(change),
        CreateDomain { .. }
        | DropDomain { .. }
        | AlterDomain { .. }
        | RecreateDomain { .. }
        | CreateComposite { .. }
        | DropComposite { .. }
        | AlterComposite { .. }
        | RecreateComposite { .. } => render_type::render(change, ctx),
        CreateEnum { .. }
        | DropEnum { .. }
        | RenameEnum { .. }
        | AddEnumValue { .. }
        | RenameEnumValue { .. }
        | RecreateEnum { .. } => render_enum::render(change, ctx),
        CreateTable { .. }
        | DropTable { .. }
        | RenameTable { .. }
        | SetTableComment { .. }
        | SetTableLogged { .. }
        | SetStorage { .. }
        | AttachPartition { .. }
        | DetachPartition { .. } => render_table::render(change, ctx),
        SetComment { target, to, .. } => vec![comment_on(target, to.as_deref())],
        CreateView { .. } | DropView { .. } | ReplaceView { .. } | RenameView { .. } => {
            render_view::render(change)
        }
        AddColumn { .. } | DropColumn { .. } | RenameColumn { .. } | AlterColumn { .. } => {
            render_column::render(change, ctx)
        }
        AddPrimaryKey { .. }
        | DropPrimaryKey { .. }
        | AddUnique { .. }
        | DropUnique { .. }
        | AddCheck { .. }
        | DropCheck { .. }
        | AddForeignKey { .. }
        | DropForeignKey { .. }
        | CreateIndex { .. }
        | DropIndex { .. }
        | RenameConstraint { .. }
        | RenameIndex { .. }
        | SetConstraintComment { .. }
        | SetIndexComment { .. }
        | SetConstraintValidity { .. } => render_constraint::render(change),
        CreateFunction { .. }
        | DropFunction { .. }
        | ReplaceFunction { .. }
        | RecreateFunction { .. }
        | CreateAggregate { .. }
        | DropAggregate { .. }
        | ReplaceAggregate { .. }
        | RecreateAggregate { .. } => render_function::render(change, ctx),
        CreateTrigger { .. }
        | DropTrigger { .. }
        | AlterTrigger { .. }
        | SetRowLevelSecurity { .. }
        | CreatePolicy { .. }
        | DropPolicy { .. }
        | AlterPolicy { .. } => render_trigger::render(change),
        Grant { .. } | Revoke { .. } => render_grant::render(change),
    }
}

/// Renders a migration's up and down files.
pub fn render_migration(tag: &str, changes: &[Change], ctx: &Context) -> MigrationSql {
    let ctx = ctx.clone().with_changes(changes);
    let down_changes = reverse_all(changes);
    let hazards = lint::hazards(changes);
    let up = file_text(tag, "up", changes, &ctx, &hazards, &[]);
    let notes = down_notes(changes);
    let down = file_text(
        tag,
        "down",
        &down_changes,
        &ctx,
        &lint::hazards(&down_changes),
        &notes,
    );
    let mut sql = MigrationSql {
        up,
        down,
        transactional: is_transactional(changes, &ctx),
        hazards,
    };
    sql.transactional &= !sql.exceeds_lock_table();
    sql
}

/// Header, notes, then statements separated by blank lines.
fn file_text(
    tag: &str,
    direction: &str,
    changes: &[Change],
    ctx: &Context,
    hazards: &[Hazard],
    notes: &[String],
) -> String {
    let mut out = format!("-- strata migration {tag} ({direction})\n");
    if hazards.is_empty() {
        out.push_str("-- hazards: none\n");
    } else {
        out.push_str("-- hazards:\n");
        for hazard in hazards {
            out.push_str(&format!("--   {hazard}\n"));
        }
    }
    for note in notes {
        out.push_str(&format!("-- note: {}\n", quote::escape_text(note)));
    }
    // Rendered first and copied once: a 2,000-table file is 1.6 MB, and growing it by doubling
    // leaves the discarded buffers resident (see snapshot::estimated_json_len).
    let statements: Vec<Statement> = changes.iter().flat_map(|c| render(c, ctx)).collect();
    out.reserve(statements.iter().map(|s| s.sql.len() + 3).sum());
    for statement in &statements {
        out.push('\n');
        out.push_str(&statement.sql);
        out.push_str(";\n");
    }
    out
}

/// What the down migration cannot restore.
fn down_notes(up: &[Change]) -> Vec<String> {
    let mut notes = Vec::new();
    for change in up {
        match change {
            Change::DropTable { table } => notes.push(format!(
                "table {} is re-created empty: its rows are not restored",
                table.name
            )),
            Change::DropColumn { table, column } => notes.push(format!(
                "column {table}.{} is re-created empty (NULL or its default): its data is not restored",
                column.name
            )),
            Change::RecreateEnum { from, to, .. } => {
                let removed = from.values_missing_from(to);
                if !removed.is_empty() {
                    notes.push(format!(
                        "enum {} gets back the values {}, but no row uses them again",
                        from.name,
                        removed.join(", ")
                    ));
                }
            }
            _ => {}
        }
    }
    notes
}

/// False when an enum gains a value and the same migration uses that enum elsewhere, or when
/// a statement cannot run inside a transaction at all (`CREATE INDEX CONCURRENTLY`).
fn is_transactional(changes: &[Change], ctx: &Context) -> bool {
    let concurrent = changes.iter().any(|c| {
        matches!(
            c,
            Change::CreateIndex {
                concurrently: true,
                ..
            } | Change::DropIndex {
                concurrently: true,
                ..
            }
        )
    });
    if concurrent {
        return false;
    }
    let added: Vec<(String, &str)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddEnumValue {
                enum_type, value, ..
            } => Some((enum_type.to_string(), value.as_str())),
            _ => None,
        })
        .collect();
    !changes.iter().any(|change| {
        !matches!(change, Change::AddEnumValue { .. })
            && added
                .iter()
                .any(|(e, value)| uses_new_value(change, e, value, ctx))
    })
}

/// True when a change may use a value just added to `enum_name` (which PostgreSQL refuses
/// before the value is committed): it touches a column or default of the type, or a check or
/// index expression names the value.
fn uses_new_value(change: &Change, enum_name: &str, value: &str, ctx: &Context) -> bool {
    let is =
        |data_type: &str| ctx.is_enum(data_type) && types::split_array(data_type).0 == enum_name;
    let names_value = |expression: &str| mentions_literal(expression, value);
    match change {
        Change::CreateTable { table } | Change::DropTable { table } => {
            table.columns.iter().any(|c| is(&c.data_type))
        }
        Change::AddColumn { column, .. } | Change::DropColumn { column, .. } => {
            is(&column.data_type)
        }
        Change::AlterColumn { from, to, .. } => is(&from.data_type) || is(&to.data_type),
        Change::RecreateEnum { from, .. } => from.name.to_string() == enum_name,
        Change::AddCheck { check, .. } => names_value(&check.expression),
        Change::CreateIndex { index, .. } => index
            .parts
            .iter()
            .filter_map(|p| match &p.key {
                crate::schema::model::IndexKey::Expression(e) => Some(e.as_str()),
                crate::schema::model::IndexKey::Column(_) => None,
            })
            .chain(index.predicate.as_deref())
            .any(names_value),
        _ => false,
    }
}

/// True when `expression` holds the string constant `value` (any quoting).
fn mentions_literal(expression: &str, value: &str) -> bool {
    let Ok(tokens) = lex::tokenize(expression, lex::Backslashes::Literal) else {
        return true;
    };
    tokens.iter().any(|t| {
        t.kind == lex::TokenKind::String && {
            let text = t.text(expression);
            text.contains(value) || text.contains(&value.replace('\'', "''"))
        }
    })
}

/// `COMMENT ON <kind> <name> IS ..` (NULL removes it).
fn comment_on(target: &crate::diff::change::CommentTarget, comment: Option<&str>) -> Statement {
    use crate::diff::change::CommentTarget;
    let object = match target {
        CommentTarget::Type(name) => format!("TYPE {}", quote::qualified(name)),
        CommentTarget::View(name) => format!("VIEW {}", quote::qualified(name)),
        CommentTarget::MaterializedView(name) => {
            format!("MATERIALIZED VIEW {}", quote::qualified(name))
        }
        CommentTarget::ViewColumn(name, column) => {
            format!("COLUMN {}.{}", quote::qualified(name), quote::ident(column))
        }
    };
    Statement::new(format!(
        "COMMENT ON {object} IS {}",
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// A default value as SQL. A raw expression is wrapped in parentheses: validation makes sure it
/// is one balanced expression, so nothing in it can reach past them (a `DEFAULT 1 REFERENCES
/// ..` would otherwise add a constraint nobody declared).
pub fn default_sql(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Expression(sql) => format!("({sql})"),
        DefaultValue::Literal(literal) => literal_sql(literal),
    }
}

/// A default as a person reads it: the expression as written, or the literal as SQL.
pub fn default_text(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Expression(sql) => sql.clone(),
        DefaultValue::Literal(literal) => literal_sql(literal),
    }
}

/// A TOML literal as a SQL literal; PostgreSQL casts it to the column's type.
fn literal_sql(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => quote::literal(s),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) => n.clone(),
        Literal::Boolean(b) => b.to_string(),
        Literal::Null => "NULL".to_string(),
        Literal::Array(items) => quote::literal(&array_text(items)),
    }
}

/// The text form of an array literal: `{"a","b"}`, `{1,2}`, nested arrays in braces.
fn array_text(items: &[Literal]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            Literal::String(s) => quote::array_element(s),
            Literal::Integer(i) => i.to_string(),
            Literal::Number(n) => n.clone(),
            Literal::Boolean(b) => b.to_string(),
            Literal::Null => "NULL".to_string(),
            Literal::Array(inner) => array_text(inner),
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_render_as_sql() {
        assert_eq!(literal_sql(&Literal::String("it's".into())), "'it''s'");
        assert_eq!(literal_sql(&Literal::Boolean(false)), "false");
        assert_eq!(
            literal_sql(&Literal::Array(vec![
                Literal::String("a\"b".into()),
                Literal::String("c".into())
            ])),
            "E'{\"a\\\\\"b\",\"c\"}'"
        );
        assert_eq!(literal_sql(&Literal::Array(vec![])), "'{}'");
    }

    #[test]
    fn enum_types_are_quoted_and_qualified() {
        let mut schema = Schema::default();
        schema.enums.push(crate::schema::model::Enum {
            name: QualifiedName::new("audit", "Kind"),
            values: vec!["a".into()],
            comment: None,
        });
        let ctx = Context::new(&[&schema]);
        assert_eq!(ctx.type_sql("audit.Kind[]"), "\"audit\".\"Kind\"[]");
        assert_eq!(ctx.type_sql("citext"), "citext");
        assert_eq!(ctx.type_sql("integer"), "integer");
    }

    #[test]
    fn an_enum_named_like_a_built_in_type_is_still_quoted() {
        // The shortcut for canonical built-in names must not skip the enum check.
        let mut schema = Schema::default();
        schema.enums.push(crate::schema::model::Enum {
            name: QualifiedName::public("money"),
            values: vec!["a".into()],
            comment: None,
        });
        let ctx = Context::new(&[&schema]);
        assert_eq!(ctx.type_sql("money"), "\"public\".\"money\"");
        assert_eq!(ctx.type_sql("text"), "text");
        assert_eq!(ctx.type_sql("character varying(3)"), "character varying(3)");
    }
}
