//! `GRANT` and `REVOKE` on any [`GrantTarget`].

use super::render_trigger::grantee_sql;
use super::{Statement, quote};
use crate::diff::Change;
use crate::diff::grant::OPTION_ONLY;
use crate::schema::model::{GrantTarget, split_grant_option};

/// Statements for a grant change.
pub fn render(change: &Change) -> Vec<Statement> {
    match change {
        Change::Grant {
            target,
            grantee,
            privileges,
        } => {
            let (mut plain, mut grantable) = (Vec::new(), Vec::new());
            for privilege in privileges {
                match privilege.strip_prefix(OPTION_ONLY) {
                    Some(keyword) => grantable.push(keyword),
                    None => match split_grant_option(privilege) {
                        (keyword, false) => plain.push(keyword),
                        (keyword, true) => grantable.push(keyword),
                    },
                }
            }
            let mut out = Vec::new();
            for (list, suffix) in [(plain, ""), (grantable, " WITH GRANT OPTION")] {
                if !list.is_empty() {
                    out.push(Statement::new(format!(
                        "GRANT {} TO {}{suffix}",
                        on(target, &list),
                        grantee_sql(grantee)
                    )));
                }
            }
            out
        }
        // Revoking a privilege takes its grant option too; `GRANT OPTION FOR` takes only it.
        Change::Revoke {
            target,
            grantee,
            privileges,
        } => {
            let (mut options, mut whole) = (Vec::new(), Vec::new());
            for privilege in privileges {
                match privilege.strip_prefix(OPTION_ONLY) {
                    Some(keyword) => options.push(keyword),
                    None => whole.push(split_grant_option(privilege).0),
                }
            }
            let mut out = Vec::new();
            for (list, prefix) in [(options, OPTION_ONLY), (whole, "")] {
                if !list.is_empty() {
                    out.push(Statement::new(format!(
                        "REVOKE {prefix}{} FROM {}",
                        on(target, &list),
                        grantee_sql(grantee)
                    )));
                }
            }
            out
        }
        other => unreachable!("render_grant got {other:?}"),
    }
}

/// `SELECT, INSERT ON TABLE "s"."t"`, `UPDATE ("c") ON TABLE ..`, `USAGE ON SCHEMA ..`.
/// Privileges are keywords the model checked, written as they are.
fn on(target: &GrantTarget, privileges: &[&str]) -> String {
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
        GrantTarget::Function {
            name,
            arguments,
            procedure,
        } => {
            let kind = if *procedure { "PROCEDURE" } else { "FUNCTION" };
            format!("{list} ON {kind} {}({arguments})", quote::qualified(name))
        }
    }
}
