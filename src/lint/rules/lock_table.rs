//! `lock-table`: a migration that creates or changes more relations than a default server's
//! lock table holds in one transaction fails with "out of shared memory". Every relation a
//! transaction creates or alters stays locked until it commits (its table, TOAST table and
//! index, each index, each identity sequence), and the shared lock table holds
//! `max_locks_per_transaction` (64) × `max_connections` (100) locks on a default server.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind};
use crate::schema::model::{Column, Table};
use crate::schema::types;

/// Locks a default server can give one transaction, with a margin for other sessions.
pub const DEFAULT_LOCK_BUDGET: usize = 3_000;

/// The locks a change set holds when it runs in one transaction (an overestimate).
pub fn estimated_locks(changes: &[Change]) -> usize {
    changes.iter().map(locks_of).sum()
}

fn locks_of(change: &Change) -> usize {
    match change {
        Change::CreateTable { table } | Change::DropTable { table } => table_locks(table),
        Change::CreateIndex { .. } | Change::DropIndex { .. } => 2,
        Change::AddColumn { column, .. } => 1 + usize::from(column.identity.is_some()),
        _ => 1,
    }
}

/// The table, its TOAST table and index, its key indexes and identity sequences.
fn table_locks(table: &Table) -> usize {
    let toast = if table.columns.iter().any(is_variable_width) {
        2
    } else {
        0
    };
    let keys = usize::from(table.primary_key.is_some()) + table.uniques.len();
    let sequences = table
        .columns
        .iter()
        .filter(|c| c.identity.is_some())
        .count();
    1 + toast + keys + sequences
}

/// Columns that give a table a TOAST table.
fn is_variable_width(column: &Column) -> bool {
    let (base, dims) = types::split_array(&column.data_type);
    dims > 0
        || matches!(base, "text" | "json" | "jsonb" | "bytea")
        || base.starts_with("character varying")
        || base.starts_with("numeric")
        || types::canonical_builtin(base).is_none()
}

/// The hazard, when the change set needs more locks than the budget.
pub fn check_all(changes: &[Change]) -> Option<Hazard> {
    let locks = estimated_locks(changes);
    if locks <= DEFAULT_LOCK_BUDGET {
        return None;
    }
    Some(Hazard {
        kind: HazardKind::LockTable,
        message: format!(
            "this migration takes about {locks} locks, more than a default server's lock table \
             holds in one transaction (max_locks_per_transaction 64 x max_connections 100): it is \
             marked non-transactional and runs in transactions of up to {} statements; to keep \
             it atomic, raise max_locks_per_transaction to at least {} and set \"transactional\": \
             true in the journal",
            crate::migrate::runner::BATCH_STATEMENTS,
            locks / 50 + 1
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Column, QualifiedName};

    fn table(n: usize) -> Change {
        let mut table = Table::new(QualifiedName::public(format!("t{n}")));
        table.columns.push(Column::new("id", "bigint"));
        table.columns.push(Column::new("name", "text"));
        Change::CreateTable { table }
    }

    #[test]
    fn many_tables_exceed_the_budget() {
        let few: Vec<Change> = (0..10).map(table).collect();
        assert_eq!(estimated_locks(&few), 30);
        assert!(check_all(&few).is_none());
        let many: Vec<Change> = (0..2000).map(table).collect();
        let hazard = check_all(&many).unwrap();
        assert!(
            hazard.message.contains("about 6000 locks"),
            "{}",
            hazard.message
        );
    }
}
