//! One-line, human-readable descriptions of changes, for `generate`'s summary and `verify`'s
//! drift report ("column posts.title: type text -> character varying(300)").

use crate::diff::change::Change;
use crate::schema::model::{Column, DefaultValue, Literal};
use std::fmt;

/// One line, with names escaped (`sql::quote::escape_text`): descriptions go to the terminal, to
/// `verify`'s report and into generated files.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = Described(self).to_string();
        f.write_str(&crate::sql::quote::escape_text(&text))
    }
}

/// Writes the description of `change` into `out` (cleared first) without escaping it, for
/// counting changes by the words strata writes ("table", "added"): a large migration's summary
/// classifies every change, and a copy and an escaped copy of each description were most of
/// its cost.
pub fn write_unescaped(change: &Change, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    write!(out, "{}", Described(change)).expect("writing to a String does not fail");
}

/// The description before escaping.
struct Described<'a>(&'a Change);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Change::*;
        match self.0 {
            CreateExtension { extension } => write!(f, "extension {}: added", extension.name),
            DropExtension { extension } => write!(f, "extension {}: removed", extension.name),
            AlterExtension { from, to } => write!(
                f,
                "extension {}: {}",
                to.name,
                if from.schema != to.schema {
                    format!(
                        "schema {} -> {}",
                        from.schema.as_deref().unwrap_or("public"),
                        to.schema.as_deref().unwrap_or("public")
                    )
                } else {
                    format!(
                        "version {} -> {}",
                        from.version.as_deref().unwrap_or("default"),
                        to.version.as_deref().unwrap_or("default")
                    )
                }
            ),
            CreateSchema { schema } => write!(f, "schema {}: added", schema.name),
            DropSchema { schema } => write!(f, "schema {}: removed", schema.name),
            SetSchemaComment { name, .. } => write!(f, "schema {name}: comment changed"),
            CreateSequence { sequence } => write!(f, "sequence {}: added", sequence.name),
            DropSequence { sequence } => write!(f, "sequence {}: removed", sequence.name),
            RenameSequence { from, to } => write!(f, "sequence {from}: renamed to {to}"),
            AlterSequence { to, .. } => write!(f, "sequence {}: changed", to.name),
            SetSequenceOwner { sequence, to, .. } => match to {
                Some(owner) => write!(f, "sequence {sequence}: owned by {owner}"),
                None => write!(f, "sequence {sequence}: owned by none"),
            },
            CreateDomain { domain } => write!(f, "domain {}: added", domain.name),
            DropDomain { domain } => write!(f, "domain {}: removed", domain.name),
            AlterDomain { to, .. } => write!(f, "domain {}: changed", to.name),
            RecreateDomain { from, to, .. } => write!(
                f,
                "domain {}: type {} -> {}",
                to.name, from.data_type, to.data_type
            ),
            CreateComposite { composite } => write!(f, "type {}: added", composite.name),
            DropComposite { composite } => write!(f, "type {}: removed", composite.name),
            AlterComposite { to, .. } | RecreateComposite { to, .. } => {
                write!(f, "type {}: attributes changed", to.name)
            }
            SetComment { target, .. } => write!(f, "{target}: comment changed"),
            AttachPartition { table, partition } => write!(
                f,
                "table {table}: attached to {} {}",
                partition.parent, partition.bound
            ),
            DetachPartition { table, partition } => {
                write!(f, "table {table}: detached from {}", partition.parent)
            }
            CreateEnum { enum_type } => write!(
                f,
                "enum {}: added ({})",
                enum_type.name,
                enum_type.values.join(", ")
            ),
            DropEnum { enum_type } => write!(f, "enum {}: removed", enum_type.name),
            RenameEnum { from, to } => write!(f, "enum {from}: renamed to {to}"),
            AddEnumValue {
                enum_type, value, ..
            } => write!(f, "enum {enum_type}: value {value:?} added"),
            RenameEnumValue {
                enum_type,
                from,
                to,
            } => write!(f, "enum {enum_type}: value {from:?} renamed to {to:?}"),
            RecreateEnum { from, to, .. } => write!(
                f,
                "enum {}: values ({}) -> ({})",
                from.name,
                from.values.join(", "),
                to.values.join(", ")
            ),
            CreateTable { table } => write!(f, "table {}: added", table.name),
            DropTable { table } => write!(f, "table {}: removed", table.name),
            RenameTable { from, to } => write!(f, "table {from}: renamed to {to}"),
            SetTableComment { table, .. } => write!(f, "table {table}: comment changed"),
            AddColumn { table, column } => write!(
                f,
                "column {table}.{}: added ({})",
                column.name, column.data_type
            ),
            DropColumn { table, column } => write!(f, "column {table}.{}: removed", column.name),
            RenameColumn { table, from, to } => {
                write!(f, "column {table}.{from}: renamed to {to}")
            }
            AlterColumn { table, from, to } => {
                write!(f, "column {table}.{}: {}", to.name, column_delta(from, to))
            }
            AddPrimaryKey { table, primary_key } => {
                write!(f, "primary key {table}.{}: added", primary_key.name)
            }
            DropPrimaryKey { table, primary_key } => {
                write!(f, "primary key {table}.{}: removed", primary_key.name)
            }
            AddUnique { table, unique } => write!(f, "unique {table}.{}: added", unique.name),
            DropUnique { table, unique } => write!(f, "unique {table}.{}: removed", unique.name),
            AddCheck { table, check } => write!(f, "check {table}.{}: added", check.name),
            DropCheck { table, check } => write!(f, "check {table}.{}: removed", check.name),
            AddForeignKey { table, foreign_key } => {
                write!(f, "foreign key {table}.{}: added", foreign_key.name)
            }
            DropForeignKey { table, foreign_key } => {
                write!(f, "foreign key {table}.{}: removed", foreign_key.name)
            }
            CreateIndex { table, index, .. } => write!(f, "index {table}.{}: added", index.name),
            DropIndex { table, index, .. } => write!(f, "index {table}.{}: removed", index.name),
            RenameConstraint { table, from, to } => {
                write!(f, "constraint {table}.{from}: renamed to {to}")
            }
            RenameIndex { table, from, to } => write!(f, "index {table}.{from}: renamed to {to}"),
            SetConstraintComment { table, name, .. } => {
                write!(f, "constraint {table}.{name}: comment changed")
            }
            SetIndexComment { table, name, .. } => {
                write!(f, "index {table}.{name}: comment changed")
            }
            SetConstraintValidity { table, constraint } => write!(
                f,
                "constraint {table}.{}: {}",
                constraint.name(),
                if constraint.not_valid() {
                    "NOT VALID"
                } else {
                    "validated"
                }
            ),
            CreateFunction { function } => {
                write!(f, "{} {}: added", kind(function), function.signature())
            }
            DropFunction { function } => {
                write!(f, "{} {}: removed", kind(function), function.signature())
            }
            ReplaceFunction { from, to } => write!(
                f,
                "{} {}: {}",
                kind(to),
                to.signature(),
                crate::diff::function::delta(from, to)
            ),
            RecreateFunction { from, to } => write!(
                f,
                "{} {}: recreated ({})",
                kind(to),
                to.signature(),
                crate::diff::function::delta(from, to)
            ),
            CreateAggregate { aggregate } => {
                write!(f, "aggregate {}: added", aggregate.signature())
            }
            DropAggregate { aggregate } => {
                write!(f, "aggregate {}: removed", aggregate.signature())
            }
            ReplaceAggregate { to, .. } => write!(f, "aggregate {}: changed", to.signature()),
            RecreateAggregate { to, .. } => {
                write!(
                    f,
                    "aggregate {}: recreated (new state type or final function)",
                    to.signature()
                )
            }
            SetTableLogged { table, unlogged } => write!(
                f,
                "table {table}: {}",
                if *unlogged { "unlogged" } else { "logged" }
            ),
            CreateView { view } => write!(f, "{} {}: added", view.kind(), view.name),
            DropView { view } => write!(f, "{} {}: removed", view.kind(), view.name),
            ReplaceView { to, .. } => write!(f, "view {}: replaced", to.name),
            RenameView {
                from,
                to,
                materialized,
            } => write!(
                f,
                "{} {from}: renamed to {to}",
                if *materialized {
                    "materialized view"
                } else {
                    "view"
                }
            ),
            SetStorage { table, index, .. } => match index {
                Some(index) => write!(f, "index {table}.{index}: storage parameters changed"),
                None => write!(f, "table {table}: storage parameters changed"),
            },
            CreateTrigger { table, trigger } => {
                write!(f, "trigger {table}.{}: added", trigger.name)
            }
            DropTrigger { table, trigger } => {
                write!(f, "trigger {table}.{}: removed", trigger.name)
            }
            AlterTrigger { table, from, to } => write!(
                f,
                "trigger {table}.{}: {}",
                to.name,
                crate::diff::trigger::delta(from, to)
            ),
            SetRowLevelSecurity { table, from, to } => write!(
                f,
                "table {table}: row-level security {} -> {}",
                crate::diff::trigger::rls_text(*from),
                crate::diff::trigger::rls_text(*to)
            ),
            CreatePolicy { table, policy } => write!(f, "policy {table}.{}: added", policy.name),
            DropPolicy { table, policy } => {
                write!(f, "policy {table}.{}: removed", policy.name)
            }
            AlterPolicy { table, to, .. } => write!(f, "policy {table}.{}: changed", to.name),
            Grant {
                target,
                grantee,
                privileges,
            } => write!(
                f,
                "{target}: {} granted to {grantee}",
                privileges.join(", ")
            ),
            Revoke {
                target,
                grantee,
                privileges,
            } => write!(
                f,
                "{target}: {} revoked from {grantee}",
                privileges.join(", ")
            ),
        }
    }
}

/// `function` or `procedure`.
fn kind(function: &crate::schema::model::Function) -> &'static str {
    if function.procedure {
        "procedure"
    } else {
        "function"
    }
}

/// What differs between two versions of a column, e.g. `type text -> uuid, not null added`.
fn column_delta(from: &Column, to: &Column) -> String {
    let mut parts = Vec::new();
    if from.data_type != to.data_type {
        parts.push(format!("type {} -> {}", from.data_type, to.data_type));
    }
    if from.not_null != to.not_null {
        parts.push(
            if to.not_null {
                "not null added"
            } else {
                "not null removed"
            }
            .to_string(),
        );
    }
    if from.default != to.default {
        parts.push(format!(
            "default {} -> {}",
            show_default(&from.default),
            show_default(&to.default)
        ));
    }
    if from.identity != to.identity {
        parts.push(format!("identity {:?} -> {:?}", from.identity, to.identity));
    }
    if from.generated != to.generated {
        parts.push("generated expression changed".to_string());
    }
    if from.comment != to.comment {
        parts.push("comment changed".to_string());
    }
    if from.collation != to.collation {
        parts.push(format!(
            "collation {} -> {}",
            from.collation.as_deref().unwrap_or("default"),
            to.collation.as_deref().unwrap_or("default")
        ));
    }
    if from.identity_options != to.identity_options {
        parts.push("identity options changed".to_string());
    }
    if parts.is_empty() {
        parts.push("changed".to_string());
    }
    parts.join(", ")
}

/// A default as the user would write it.
fn show_default(default: &Option<DefaultValue>) -> String {
    match default {
        None => "none".to_string(),
        Some(DefaultValue::Expression(sql)) => sql.clone(),
        Some(DefaultValue::Literal(literal)) => show_literal(literal),
    }
}

fn show_literal(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => format!("{s:?}"),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) => n.clone(),
        Literal::Boolean(b) => b.to_string(),
        Literal::Null => "null".to_string(),
        Literal::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(show_literal)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::QualifiedName;

    #[test]
    fn describes_a_column_change() {
        let from = Column::new("title", "text");
        let mut to = Column::new("title", "character varying(300)");
        to.not_null = true;
        to.default = Some(DefaultValue::Literal(Literal::String("x".into())));
        let change = Change::AlterColumn {
            table: QualifiedName::public("posts"),
            from,
            to,
        };
        assert_eq!(
            change.to_string(),
            "column posts.title: type text -> character varying(300), not null added, \
             default none -> \"x\""
        );
    }

    #[test]
    fn describes_qualified_names() {
        let change = Change::RenameTable {
            from: QualifiedName::new("audit", "logs"),
            to: QualifiedName::new("audit", "events"),
        };
        assert_eq!(
            change.to_string(),
            "table audit.logs: renamed to audit.events"
        );
    }
}
