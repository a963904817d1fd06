//! `validation-scan`: a new foreign key or check on an existing table reads every row to
//! validate it while holding a lock that blocks writes.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind, LintContext};

pub fn check(change: &Change, context: &LintContext) -> Option<Hazard> {
    let (table, what, name) = match change {
        Change::AddForeignKey { table, foreign_key } if !foreign_key.not_valid => {
            (table, "foreign key", &foreign_key.name)
        }
        Change::AddCheck { table, check } if !check.not_valid => (table, "check", &check.name),
        Change::AttachPartition { table, partition } => {
            return Some(Hazard {
                kind: HazardKind::ValidationScan,
                message: format!(
                    "ATTACH PARTITION {table} reads every row of it to check the bounds while \
                     holding a lock on {}; a CHECK constraint matching the bounds, added and \
                     validated first, lets PostgreSQL skip the scan",
                    partition.parent
                ),
            });
        }
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
