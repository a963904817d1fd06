//! `validation-scan`: a new foreign key or check on an existing table reads every row to
//! validate it while holding a lock that blocks writes.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind, LintContext};

pub fn check(change: &Change, context: &LintContext) -> Option<Hazard> {
    let (table, what, name) = match change {
        Change::AddForeignKey { table, foreign_key } => (table, "foreign key", &foreign_key.name),
        Change::AddCheck { table, check } => (table, "check", &check.name),
        _ => return None,
    };
    if context.new_tables.contains(table) {
        return None;
    }
    Some(Hazard {
        kind: HazardKind::ValidationScan,
        message: format!(
            "{what} {name} on {table} validates every existing row while blocking writes; on a \
             large table add it NOT VALID and VALIDATE CONSTRAINT in a later migration"
        ),
    })
}
