//! `GRANT` and `REVOKE` on any [`GrantTarget`].

use super::render_trigger::grantee_sql;
use super::{Statement, quote};
use crate::diff::Change;
use crate::schema::model::GrantTarget;

/// Statements for a grant change.
pub fn render(change: &Change) -> Vec<Statement> {
    match change {
        Change::Grant {
            target,
            grantee,
            privileges,
        } => vec![Statement::new(format!(
            "GRANT {} TO {}",
            on(target, privileges),
            grantee_sql(grantee)
        ))],
        Change::Revoke {
            target,
            grantee,
            privileges,
        } => vec![Statement::new(format!(
            "REVOKE {} FROM {}",
            on(target, privileges),
            grantee_sql(grantee)
        ))],
        other => unreachable!("render_grant got {other:?}"),
    }
}

/// `SELECT, INSERT ON TABLE "s"."t"`, `UPDATE ("c") ON TABLE ..`, `USAGE ON SCHEMA ..`.
/// Privileges are keywords the model checked, written as they are.
fn on(target: &GrantTarget, privileges: &[String]) -> String {
    let list = privileges.join(", ");
    match target {
        GrantTarget::Table { name }
        | GrantTarget::View { name }
        | GrantTarget::MaterializedView { name } => {
            format!("{list} ON TABLE {}", quote::qualified(name))
        }
        GrantTarget::Column { table, column } => {
            let column = quote::ident(column);
            let list: Vec<String> = privileges
                .iter()
                .map(|p| format!("{p} ({column})"))
                .collect();
            format!("{} ON TABLE {}", list.join(", "), quote::qualified(table))
        }
        GrantTarget::Sequence { name } => format!("{list} ON SEQUENCE {}", quote::qualified(name)),
        GrantTarget::Schema { name } => format!("{list} ON SCHEMA {}", quote::ident(name)),
        GrantTarget::Function { name, arguments } => {
            format!("{list} ON FUNCTION {}({arguments})", quote::qualified(name))
        }
    }
}
