//! Triggers, row-level security and policies.

use super::{Statement, quote};
use crate::diff::Change;
use crate::schema::model::{
    Policy, QualifiedName, RowLevelSecurity, Trigger, TriggerEnabled, TriggerEvent,
};

/// Statements for a trigger, row-level security or policy change.
pub fn render(change: &Change) -> Vec<Statement> {
    match change {
        Change::CreateTrigger { table, trigger } => {
            let mut out = vec![create_trigger(table, trigger, false)];
            if !trigger.enabled.is_origin() {
                out.push(enable_trigger(table, trigger));
            }
            if let Some(comment) = &trigger.comment {
                out.push(comment_on_trigger(table, trigger, Some(comment)));
            }
            out
        }
        Change::DropTrigger { table, trigger } => vec![Statement::new(format!(
            "DROP TRIGGER {} ON {}",
            quote::ident(&trigger.name),
            quote::qualified(table)
        ))],
        Change::AlterTrigger { table, from, to } => {
            let mut out = Vec::new();
            let replaced = from.definition() != to.definition();
            if replaced {
                out.push(create_trigger(table, to, true));
            }
            // CREATE OR REPLACE sets the trigger back to ENABLE (origin).
            if from.enabled != to.enabled || (replaced && !to.enabled.is_origin()) {
                out.push(enable_trigger(table, to));
            }
            if from.comment != to.comment {
                out.push(comment_on_trigger(table, to, to.comment.as_deref()));
            }
            out
        }
        Change::SetRowLevelSecurity { table, from, to } => row_level_security(table, *from, *to),
        Change::CreatePolicy { table, policy } => {
            let mut out = vec![create_policy(table, policy)];
            if let Some(comment) = &policy.comment {
                out.push(comment_on_policy(table, policy, Some(comment)));
            }
            out
        }
        Change::DropPolicy { table, policy } => vec![Statement::new(format!(
            "DROP POLICY {} ON {}",
            quote::ident(&policy.name),
            quote::qualified(table)
        ))],
        Change::AlterPolicy { table, from, to } => {
            let mut clauses = Vec::new();
            if from.roles != to.roles {
                clauses.push(format!("TO {}", roles(&to.roles)));
            }
            if from.using != to.using
                && let Some(using) = &to.using
            {
                clauses.push(format!("USING ({using})"));
            }
            if from.with_check != to.with_check
                && let Some(check) = &to.with_check
            {
                clauses.push(format!("WITH CHECK ({check})"));
            }
            let mut out = Vec::new();
            if !clauses.is_empty() {
                out.push(Statement::new(format!(
                    "ALTER POLICY {} ON {} {}",
                    quote::ident(&to.name),
                    quote::qualified(table),
                    clauses.join(" ")
                )));
            }
            if from.comment != to.comment {
                out.push(comment_on_policy(table, to, to.comment.as_deref()));
            }
            out
        }
        other => unreachable!("render_trigger got {other:?}"),
    }
}

/// `CREATE [OR REPLACE] TRIGGER ..`.
fn create_trigger(table: &QualifiedName, trigger: &Trigger, replace: bool) -> Statement {
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|e| {
            if *e == TriggerEvent::Update && !trigger.update_of.is_empty() {
                format!("UPDATE OF {}", quote::ident_list(&trigger.update_of))
            } else {
                e.sql().to_string()
            }
        })
        .collect();
    let mut sql = format!(
        "CREATE {}TRIGGER {} {} {} ON {}",
        if replace { "OR REPLACE " } else { "" },
        quote::ident(&trigger.name),
        trigger.timing.sql(),
        events.join(" OR "),
        quote::qualified(table)
    );
    if trigger.old_table.is_some() || trigger.new_table.is_some() {
        sql.push_str(" REFERENCING");
        if let Some(old) = &trigger.old_table {
            sql.push_str(&format!(" OLD TABLE AS {}", quote::ident(old)));
        }
        if let Some(new) = &trigger.new_table {
            sql.push_str(&format!(" NEW TABLE AS {}", quote::ident(new)));
        }
    }
    sql.push_str(if trigger.for_each_row {
        " FOR EACH ROW"
    } else {
        " FOR EACH STATEMENT"
    });
    if let Some(when) = &trigger.when {
        sql.push_str(&format!(" WHEN ({when})"));
    }
    let arguments: Vec<String> = trigger
        .arguments
        .iter()
        .map(|a| quote::literal(a))
        .collect();
    sql.push_str(&format!(
        " EXECUTE FUNCTION {}({})",
        quote::dotted(&trigger.function),
        arguments.join(", ")
    ));
    Statement::new(sql)
}

/// `ALTER TABLE .. ENABLE [REPLICA | ALWAYS] | DISABLE TRIGGER ..`.
fn enable_trigger(table: &QualifiedName, trigger: &Trigger) -> Statement {
    let action = match trigger.enabled {
        TriggerEnabled::Origin => "ENABLE",
        TriggerEnabled::Replica => "ENABLE REPLICA",
        TriggerEnabled::Always => "ENABLE ALWAYS",
        TriggerEnabled::Disabled => "DISABLE",
    };
    Statement::new(format!(
        "ALTER TABLE {} {action} TRIGGER {}",
        quote::qualified(table),
        quote::ident(&trigger.name)
    ))
}

fn comment_on_trigger(
    table: &QualifiedName,
    trigger: &Trigger,
    comment: Option<&str>,
) -> Statement {
    Statement::new(format!(
        "COMMENT ON TRIGGER {} ON {} IS {}",
        quote::ident(&trigger.name),
        quote::qualified(table),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

fn row_level_security(
    table: &QualifiedName,
    from: RowLevelSecurity,
    to: RowLevelSecurity,
) -> Vec<Statement> {
    let enabled = |r: RowLevelSecurity| r != RowLevelSecurity::Off;
    let forced = |r: RowLevelSecurity| r == RowLevelSecurity::Forced;
    let mut out = Vec::new();
    let alter = |what: &str| {
        Statement::new(format!(
            "ALTER TABLE {} {what} ROW LEVEL SECURITY",
            quote::qualified(table)
        ))
    };
    if enabled(from) != enabled(to) {
        out.push(alter(if enabled(to) { "ENABLE" } else { "DISABLE" }));
    }
    if forced(from) != forced(to) {
        out.push(alter(if forced(to) { "FORCE" } else { "NO FORCE" }));
    }
    out
}

/// `"a", "b"`, or `PUBLIC` for none.
fn roles(roles: &[String]) -> String {
    if roles.is_empty() {
        return "PUBLIC".to_string();
    }
    roles
        .iter()
        .map(|r| grantee_sql(r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A role as SQL: `PUBLIC` bare, others quoted.
pub(super) fn grantee_sql(role: &str) -> String {
    if role == crate::schema::model::PUBLIC {
        role.to_string()
    } else {
        quote::ident(role)
    }
}

fn create_policy(table: &QualifiedName, policy: &Policy) -> Statement {
    let mut sql = format!(
        "CREATE POLICY {} ON {}",
        quote::ident(&policy.name),
        quote::qualified(table)
    );
    if policy.restrictive {
        sql.push_str(" AS RESTRICTIVE");
    }
    sql.push_str(&format!(" FOR {}", policy.command.sql()));
    sql.push_str(&format!(" TO {}", roles(&policy.roles)));
    if let Some(using) = &policy.using {
        sql.push_str(&format!(" USING ({using})"));
    }
    if let Some(check) = &policy.with_check {
        sql.push_str(&format!(" WITH CHECK ({check})"));
    }
    Statement::new(sql)
}

fn comment_on_policy(table: &QualifiedName, policy: &Policy, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON POLICY {} ON {} IS {}",
        quote::ident(&policy.name),
        quote::qualified(table),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}
