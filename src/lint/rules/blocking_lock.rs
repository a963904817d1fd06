//! `blocking-lock`: building an index on an existing table blocks writes for the whole build;
//! adding NOT NULL scans the table under an ACCESS EXCLUSIVE lock.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind, LintContext};

pub fn check(change: &Change, context: &LintContext) -> Option<Hazard> {
    let message = match change {
        Change::CreateIndex {
            table,
            index,
            concurrently: false,
        } if !context.new_tables.contains(table) => format!(
            "CREATE INDEX {} blocks writes to {table} while it builds; on a large table set \
             `concurrently = true` on the index, and strata builds it CONCURRENTLY (outside a \
             transaction, in a migration of its own)",
            index.name
        ),
        Change::AlterColumn { table, from, to }
            if !context.new_tables.contains(table) && !from.not_null && to.not_null =>
        {
            format!(
                "SET NOT NULL on {table}.{} scans the table under an ACCESS EXCLUSIVE lock; on a \
                 large table add a CHECK (col IS NOT NULL) NOT VALID, validate it, then set NOT NULL",
                to.name
            )
        }
        _ => return None,
    };
    Some(Hazard {
        kind: HazardKind::BlockingLock,
        message,
    })
}
