//! Table passes: new, dropped and changed tables and their columns; constraints and indexes
//! are diffed in `constraint.rs` and `index.rs`.

use super::constraint::diff_constraints;
use super::index::diff_indexes;
use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::RenameHints;
use crate::schema::model::{QualifiedName, Schema, Table};

/// What the table passes need to know beyond the two tables.
pub(super) struct TableContext<'a> {
    /// (table, column) pairs whose type changes: foreign keys on them are dropped and re-added.
    pub retyped: Vec<(QualifiedName, String)>,
    pub hints: &'a RenameHints,
}

/// Diffs every table, pushing changes into their phases. Partitions are created after their
/// parent and dropped before it; a partitioned table whose key changes is dropped and created
/// again (PostgreSQL cannot change a partition key), with every partition under it.
pub(super) fn diff_tables(from: &Schema, to: &Schema, context: &TableContext, phases: &mut Phases) {
    let rebuilt = rebuilt_tables(from, to);
    for table in parents_first(&to.tables) {
        match from.table(&table.name) {
            Some(old) if !rebuilt.contains(&table.name) => {
                alter_table(old, table, from, context, phases)
            }
            _ => create_table(table, phases),
        }
    }
    for table in parents_first(&from.tables).into_iter().rev() {
        if rebuilt.contains(&table.name) {
            drop_table(table, Phase::DropRebuiltTables, phases);
        } else if to.table(&table.name).is_none() {
            drop_table(table, Phase::DropTables, phases);
        }
    }
}

/// Tables in both models that must be dropped and created again: a partition key that
/// changes, and everything partitioned under such a table.
pub(super) fn rebuilt_tables(from: &Schema, to: &Schema) -> Vec<QualifiedName> {
    let mut out: Vec<QualifiedName> = to
        .tables
        .iter()
        .filter(|t| {
            from.table(&t.name)
                .is_some_and(|old| old.partition_by != t.partition_by)
        })
        .map(|t| t.name.clone())
        .collect();
    loop {
        let more: Vec<QualifiedName> = to
            .tables
            .iter()
            .filter(|t| !out.contains(&t.name) && from.table(&t.name).is_some())
            .filter(|t| {
                t.partition_of
                    .as_ref()
                    .is_some_and(|p| out.contains(&p.parent))
            })
            .map(|t| t.name.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// Tables ordered so that a partition comes after its parent; otherwise in model order.
fn parents_first(tables: &[Table]) -> Vec<&Table> {
    let depth = |table: &Table| {
        let mut depth = 0;
        let mut current = table;
        while let Some(partition) = &current.partition_of {
            match tables.iter().find(|t| t.name == partition.parent) {
                Some(parent) if depth < tables.len() => {
                    depth += 1;
                    current = parent;
                }
                _ => break,
            }
        }
        depth
    };
    let mut ordered: Vec<(usize, &Table)> = tables.iter().map(|t| (depth(t), t)).collect();
    ordered.sort_by_key(|(depth, _)| *depth);
    ordered.into_iter().map(|(_, t)| t).collect()
}

/// (table, column) pairs whose type changes between the two models.
pub(super) fn retyped_columns(from: &Schema, to: &Schema) -> Vec<(QualifiedName, String)> {
    let mut out = Vec::new();
    for table in &to.tables {
        let Some(old) = from.table(&table.name) else {
            continue;
        };
        for column in &table.columns {
            if let Some(old_column) = old.column(&column.name)
                && old_column.data_type != column.data_type
            {
                out.push((table.name.clone(), column.name.clone()));
            }
        }
    }
    out
}

/// A new table: the table, then its indexes, then (after every table exists) its foreign keys.
fn create_table(table: &Table, phases: &mut Phases) {
    let name = table.name.clone();
    let mut bare = table.clone();
    bare.indexes.clear();
    bare.foreign_keys.clear();
    bare.strip_access();
    // CREATE TABLE ignores NOT VALID (the check is validated on the spot): such checks are
    // added after the table, as pg_dump does.
    let (not_valid, valid): (Vec<_>, Vec<_>) = bare.checks.drain(..).partition(|c| c.not_valid);
    bare.checks = valid;
    phases.push(Phase::CreateTables, Change::CreateTable { table: bare });
    for check in not_valid {
        phases.push(
            Phase::AddIndexesAndConstraints,
            Change::AddCheck {
                table: name.clone(),
                check,
            },
        );
    }
    for index in &table.indexes {
        phases.push(
            Phase::AddIndexesAndConstraints,
            Change::CreateIndex {
                table: name.clone(),
                index: index.clone(),
                // A new table is empty: nothing to gain from building concurrently.
                concurrently: false,
            },
        );
    }
    for fk in &table.foreign_keys {
        phases.push(
            Phase::AddForeignKeys,
            Change::AddForeignKey {
                table: name.clone(),
                foreign_key: fk.clone(),
            },
        );
    }
}

/// A dropped table: its foreign keys and indexes are dropped explicitly first, so the down
/// migration (the reverse) re-creates them.
fn drop_table(table: &Table, phase: Phase, phases: &mut Phases) {
    let name = table.name.clone();
    for fk in &table.foreign_keys {
        phases.push(
            Phase::DropForeignKeys,
            Change::DropForeignKey {
                table: name.clone(),
                foreign_key: fk.clone(),
            },
        );
    }
    for index in &table.indexes {
        phases.push(
            Phase::DropIndexesAndConstraints,
            Change::DropIndex {
                table: name.clone(),
                index: index.clone(),
                concurrently: false,
            },
        );
    }
    for check in table.checks.iter().filter(|c| c.not_valid) {
        phases.push(
            Phase::DropIndexesAndConstraints,
            Change::DropCheck {
                table: name.clone(),
                check: check.clone(),
            },
        );
    }
    let mut bare = table.clone();
    bare.indexes.clear();
    bare.foreign_keys.clear();
    bare.strip_access();
    bare.checks.retain(|c| !c.not_valid);
    phases.push(phase, Change::DropTable { table: bare });
}

/// A table in both models.
fn alter_table(
    old: &Table,
    new: &Table,
    from: &Schema,
    context: &TableContext,
    phases: &mut Phases,
) {
    let name = &new.name;
    if old.partition_of != new.partition_of {
        if let Some(partition) = &old.partition_of {
            phases.push(
                Phase::DetachPartitions,
                Change::DetachPartition {
                    table: name.clone(),
                    partition: partition.clone(),
                },
            );
        }
        if let Some(partition) = &new.partition_of {
            phases.push(
                Phase::AttachPartitions,
                Change::AttachPartition {
                    table: name.clone(),
                    partition: partition.clone(),
                },
            );
        }
    }
    // A partition's columns are its parent's. A partition that becomes a table of its own
    // keeps them: compare its columns with the parent's.
    match (&old.partition_of, &new.partition_of) {
        (_, Some(_)) => {}
        (Some(partition), None) => {
            let mut was = old.clone();
            if let Some(parent) = from.table(&partition.parent) {
                was.columns = parent.columns.clone();
            }
            diff_columns(&was, new, phases);
        }
        (None, None) => diff_columns(old, new, phases),
    }
    diff_constraints(old, new, context, phases);
    diff_indexes(old, new, context, phases);
    if old.comment != new.comment {
        phases.push(
            Phase::AddIndexesAndConstraints,
            Change::SetTableComment {
                table: name.clone(),
                from: old.comment.clone(),
                to: new.comment.clone(),
            },
        );
    }
    if old.unlogged != new.unlogged {
        phases.push(
            Phase::AlterColumns,
            Change::SetTableLogged {
                table: name.clone(),
                unlogged: new.unlogged,
            },
        );
    }
    if old.storage != new.storage {
        phases.push(
            Phase::AlterColumns,
            Change::SetStorage {
                table: name.clone(),
                index: None,
                from: old.storage.clone(),
                to: new.storage.clone(),
            },
        );
    }
}

/// Columns added, dropped, or changed in place.
fn diff_columns(old: &Table, new: &Table, phases: &mut Phases) {
    let name = &new.name;
    for column in &new.columns {
        match old.column(&column.name) {
            None => phases.push(
                Phase::AddColumns,
                Change::AddColumn {
                    table: name.clone(),
                    column: column.without_grants(),
                },
            ),
            Some(before) if !before.same_but_grants(column) => phases.push(
                Phase::AlterColumns,
                Change::AlterColumn {
                    table: name.clone(),
                    from: before.clone(),
                    to: column.clone(),
                },
            ),
            Some(_) => {}
        }
    }
    for column in &old.columns {
        if new.column(&column.name).is_none() {
            phases.push(
                Phase::DropColumns,
                Change::DropColumn {
                    table: name.clone(),
                    column: column.without_grants(),
                },
            );
        }
    }
}
