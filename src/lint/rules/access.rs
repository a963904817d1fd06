//! `disables-trigger`, `widens-access`, `revokes-access`: changes that make a trigger stop
//! firing, open rows to more roles, or take privileges away. None is reported for what goes
//! with a table, column or view the migration drops, or a function it creates or drops, nor for
//! a privilege the migration grants again (a view or function dropped and created around a
//! change loses its grants for the moment).

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind, LintContext};
use crate::schema::model::{GrantTarget, RowLevelSecurity};

pub fn check(change: &Change, context: &LintContext) -> Option<Hazard> {
    let dropped = |table| context.dropped_tables.contains(table);
    match change {
        Change::AlterTrigger { table, from, to }
            if crate::diff::trigger::stops_firing(from.enabled, to.enabled) =>
        {
            Some(Hazard {
                kind: HazardKind::DisablesTrigger,
                message: format!(
                    "trigger {} on {table} is set to {}: it no longer fires in ordinary \
                     sessions, and what it maintains or enforces is not done any more",
                    to.name,
                    to.enabled.toml()
                ),
            })
        }
        Change::SetRowLevelSecurity { table, from, to } if to < from && !dropped(table) => {
            Some(Hazard {
                kind: HazardKind::WidensAccess,
                message: if *to == RowLevelSecurity::Off {
                    format!(
                        "row-level security is disabled on {table}: its policies stop applying \
                         and every role with privileges on it sees and changes every row"
                    )
                } else {
                    format!(
                        "row-level security is no longer forced on {table}: its owner bypasses \
                         the policies again"
                    )
                },
            })
        }
        Change::DropPolicy { table, policy } if policy.restrictive && !dropped(table) => {
            Some(Hazard {
                kind: HazardKind::WidensAccess,
                message: format!(
                    "restrictive policy {} on {table} is dropped: the rows it kept out become \
                     visible or writable",
                    policy.name
                ),
            })
        }
        Change::Revoke {
            target,
            grantee,
            privileges,
        } => {
            let on_dropped = match target {
                GrantTarget::Table { name } => dropped(name),
                GrantTarget::Column { table, column } => {
                    dropped(table)
                        || context
                            .dropped_columns
                            .contains(&(table.clone(), column.clone()))
                }
                GrantTarget::View { name } | GrantTarget::MaterializedView { name } => {
                    context.dropped_views.contains(name)
                }
                GrantTarget::Function { .. } => context.new_or_dropped_functions.contains(target),
                _ => false,
            };
            let granted_again = privileges.iter().all(|p| {
                context
                    .granted
                    .contains(&(target.clone(), grantee.clone(), p.clone()))
            });
            (!on_dropped && !granted_again).then(|| Hazard {
                kind: HazardKind::RevokesAccess,
                message: format!(
                    "{} on {target} revoked from {grantee}: queries of that role that use it \
                     start failing with permission denied",
                    privileges.join(", ")
                ),
            })
        }
        _ => None,
    }
}
