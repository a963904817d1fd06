//! Domains and composite types.

use super::render_constraint::check_clause;
use super::{Context, Statement, default_sql, quote};
use crate::diff::{Change, ColumnRef};
use crate::schema::model::{CompositeType, Domain, QualifiedName};
use crate::schema::types;

/// Statements for a domain or composite type change.
pub fn render(change: &Change, ctx: &Context) -> Vec<Statement> {
    match change {
        Change::CreateDomain { domain } => create_domain(domain, ctx),
        Change::DropDomain { domain } => vec![Statement::new(format!(
            "DROP DOMAIN {}",
            quote::qualified(&domain.name)
        ))],
        Change::AlterDomain { from, to } => alter_domain(from, to),
        Change::RecreateDomain { from, to, usages } => recreate_domain(from, to, usages, ctx),
        Change::CreateComposite { composite } => create_composite(composite, ctx),
        Change::DropComposite { composite } => vec![Statement::new(format!(
            "DROP TYPE {}",
            quote::qualified(&composite.name)
        ))],
        Change::AlterComposite { from, to } => alter_composite(from, to, ctx),
        Change::RecreateComposite { from, to, usages } => recreate_composite(from, to, usages, ctx),
        other => unreachable!("render_type got {other:?}"),
    }
}

/// `CREATE DOMAIN d AS type [COLLATE ..] [DEFAULT ..] [NOT NULL] [CONSTRAINT c CHECK (..)]..`.
fn create_domain(domain: &Domain, ctx: &Context) -> Vec<Statement> {
    let mut sql = format!(
        "CREATE DOMAIN {} AS {}",
        quote::qualified(&domain.name),
        ctx.type_sql(&domain.data_type)
    );
    if let Some(collation) = &domain.collation {
        sql.push_str(&format!(" COLLATE {}", quote::dotted(collation)));
    }
    if let Some(default) = &domain.default {
        sql.push_str(&format!(" DEFAULT {}", default_sql(default)));
    }
    if domain.not_null {
        sql.push_str(" NOT NULL");
    }
    for check in &domain.checks {
        sql.push(' ');
        sql.push_str(&check_clause(check));
    }
    let mut out = vec![Statement::new(sql)];
    out.extend(constraint_comments(domain));
    if let Some(comment) = &domain.comment {
        out.push(comment_on("DOMAIN", &domain.name, Some(comment)));
    }
    out
}

fn constraint_comments(domain: &Domain) -> Vec<Statement> {
    domain
        .checks
        .iter()
        .filter_map(|c| {
            c.comment
                .as_deref()
                .map(|comment| domain_constraint_comment(&domain.name, &c.name, Some(comment)))
        })
        .collect()
}

fn domain_constraint_comment(
    domain: &QualifiedName,
    name: &str,
    comment: Option<&str>,
) -> Statement {
    Statement::new(format!(
        "COMMENT ON CONSTRAINT {} ON DOMAIN {} IS {}",
        quote::ident(name),
        quote::qualified(domain),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// Default, NOT NULL, checks and comments, each in place.
fn alter_domain(from: &Domain, to: &Domain) -> Vec<Statement> {
    let name = quote::qualified(&to.name);
    let alter = |action: String| Statement::new(format!("ALTER DOMAIN {name} {action}"));
    let mut out = Vec::new();
    if from.default != to.default {
        out.push(alter(match &to.default {
            Some(default) => format!("SET DEFAULT {}", default_sql(default)),
            None => "DROP DEFAULT".into(),
        }));
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
    for check in &from.checks {
        let kept = to.checks.iter().find(|c| c.name == check.name);
        if kept.is_none_or(|k| k.expression != check.expression || k.not_valid != check.not_valid) {
            out.push(alter(format!(
                "DROP CONSTRAINT {}",
                quote::ident(&check.name)
            )));
        }
    }
    for check in &to.checks {
        let before = from.checks.iter().find(|c| c.name == check.name);
        let rebuilt = before
            .is_none_or(|b| b.expression != check.expression || b.not_valid != check.not_valid);
        if rebuilt {
            out.push(alter(format!("ADD {}", check_clause(check))));
        }
        if rebuilt || before.is_some_and(|b| b.comment != check.comment) {
            if rebuilt && check.comment.is_none() {
                continue;
            }
            out.push(domain_constraint_comment(
                &to.name,
                &check.name,
                check.comment.as_deref(),
            ));
        }
    }
    if from.comment != to.comment {
        out.push(comment_on("DOMAIN", &to.name, to.comment.as_deref()));
    }
    out
}

/// The old domain renamed aside, the new one created, every column converted through text,
/// the old one dropped (a domain's base type cannot change in place).
fn recreate_domain(
    from: &Domain,
    to: &Domain,
    usages: &[ColumnRef],
    ctx: &Context,
) -> Vec<Statement> {
    let old = QualifiedName::new(
        from.name.schema.clone(),
        format!("{}__strata_old", from.name.name),
    );
    let mut out = vec![Statement::new(format!(
        "ALTER DOMAIN {} RENAME TO {}",
        quote::qualified(&from.name),
        quote::ident(&old.name)
    ))];
    out.extend(create_domain(to, ctx));
    for usage in usages {
        let dims = "[]".repeat(types::split_array(&usage.data_type).1);
        let target = ctx.type_sql(&usage.data_type);
        out.push(Statement::new(format!(
            "ALTER TABLE {} ALTER COLUMN {} TYPE {target} USING {}::text{dims}::{target}",
            quote::qualified(&usage.table),
            quote::ident(&usage.column),
            quote::ident(&usage.column)
        )));
    }
    out.push(Statement::new(format!(
        "DROP DOMAIN {}",
        quote::qualified(&old)
    )));
    out
}

/// `CREATE TYPE t AS (a type [COLLATE ..], ..)`, then its comment.
fn create_composite(composite: &CompositeType, ctx: &Context) -> Vec<Statement> {
    let attributes: Vec<String> = composite
        .attributes
        .iter()
        .map(|a| {
            let mut text = format!("{} {}", quote::ident(&a.name), ctx.type_sql(&a.data_type));
            if let Some(collation) = &a.collation {
                text.push_str(&format!(" COLLATE {}", quote::dotted(collation)));
            }
            text
        })
        .collect();
    let mut out = vec![Statement::new(format!(
        "CREATE TYPE {} AS ({})",
        quote::qualified(&composite.name),
        attributes.join(", ")
    ))];
    if let Some(comment) = &composite.comment {
        out.push(comment_on("TYPE", &composite.name, Some(comment)));
    }
    out
}

/// `ALTER TYPE .. DROP ATTRIBUTE / ADD ATTRIBUTE / ALTER ATTRIBUTE .. TYPE`, then the comment.
fn alter_composite(from: &CompositeType, to: &CompositeType, ctx: &Context) -> Vec<Statement> {
    let name = quote::qualified(&to.name);
    let mut actions = Vec::new();
    for attribute in &from.attributes {
        if !to.attributes.iter().any(|a| a.name == attribute.name) {
            actions.push(format!("DROP ATTRIBUTE {}", quote::ident(&attribute.name)));
        }
    }
    for attribute in &to.attributes {
        let mut typed = ctx.type_sql(&attribute.data_type);
        if let Some(collation) = &attribute.collation {
            typed.push_str(&format!(" COLLATE {}", quote::dotted(collation)));
        }
        match from.attributes.iter().find(|a| a.name == attribute.name) {
            None => actions.push(format!(
                "ADD ATTRIBUTE {} {typed}",
                quote::ident(&attribute.name)
            )),
            Some(before) if before != attribute => actions.push(format!(
                "ALTER ATTRIBUTE {} TYPE {typed}",
                quote::ident(&attribute.name)
            )),
            Some(_) => {}
        }
    }
    let mut out = Vec::new();
    if !actions.is_empty() {
        out.push(Statement::new(format!(
            "ALTER TYPE {name} {}",
            actions.join(", ")
        )));
    }
    if from.comment != to.comment {
        out.push(comment_on("TYPE", &to.name, to.comment.as_deref()));
    }
    out
}

/// The old type renamed aside, the new one created, each column converted by building the new
/// row from the old one's attributes (a new attribute is NULL, a retyped one cast), the old
/// type dropped.
fn recreate_composite(
    from: &CompositeType,
    to: &CompositeType,
    usages: &[ColumnRef],
    ctx: &Context,
) -> Vec<Statement> {
    let old = QualifiedName::new(
        from.name.schema.clone(),
        format!("{}__strata_old", from.name.name),
    );
    let mut out = vec![Statement::new(format!(
        "ALTER TYPE {} RENAME TO {}",
        quote::qualified(&from.name),
        quote::ident(&old.name)
    ))];
    out.extend(create_composite(to, ctx));
    let target = ctx.type_sql(&to.name.to_string());
    let row_of = |value: &str| {
        let fields: Vec<String> = to
            .attributes
            .iter()
            .map(|a| {
                let typed = ctx.type_sql(&a.data_type);
                if from.attributes.iter().any(|b| b.name == a.name) {
                    format!("({value}).{}::{typed}", quote::ident(&a.name))
                } else {
                    format!("NULL::{typed}")
                }
            })
            .collect();
        format!("ROW({})::{target}", fields.join(", "))
    };
    for usage in usages {
        let column = quote::ident(&usage.column);
        let dims = types::split_array(&usage.data_type).1;
        let using = if dims == 0 {
            format!(
                "CASE WHEN {column} IS NULL THEN NULL ELSE {} END",
                row_of(&column)
            )
        } else {
            format!(
                "ARRAY(SELECT {} FROM unnest({column}) AS strata_element)",
                row_of("strata_element")
            )
        };
        out.push(Statement::new(format!(
            "ALTER TABLE {} ALTER COLUMN {column} TYPE {} USING {using}",
            quote::qualified(&usage.table),
            ctx.type_sql(&usage.data_type)
        )));
    }
    out.push(Statement::new(format!(
        "DROP TYPE {}",
        quote::qualified(&old)
    )));
    out
}

fn comment_on(kind: &str, name: &QualifiedName, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON {kind} {} IS {}",
        quote::qualified(name),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}
