//! Table passes: new, dropped and changed tables, their columns, constraints and indexes.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{QualifiedName, Schema, Table};
use crate::schema::types;

/// Diffs every table, pushing changes into their phases.
pub fn diff_tables(from: &Schema, to: &Schema, rebuilt: &[QualifiedName], phases: &mut Phases) {
    let retyped = retyped_columns(from, to);
    for table in &to.tables {
        match from.table(&table.name) {
            None => create_table(table, phases),
            Some(old) => alter_table(old, table, &retyped, rebuilt, phases),
        }
    }
    for table in &from.tables {
        if to.table(&table.name).is_none() {
            drop_table(table, phases);
        }
    }
}

/// (table, column) pairs whose type changes: foreign keys on them are dropped and re-added.
fn retyped_columns(from: &Schema, to: &Schema) -> Vec<(QualifiedName, String)> {
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
    phases.push(Phase::CreateTables, Change::CreateTable { table: bare });
    for index in &table.indexes {
        phases.push(
            Phase::AddIndexesAndConstraints,
            Change::CreateIndex {
                table: name.clone(),
                index: index.clone(),
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
fn drop_table(table: &Table, phases: &mut Phases) {
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
            },
        );
    }
    let mut bare = table.clone();
    bare.indexes.clear();
    bare.foreign_keys.clear();
    phases.push(Phase::DropTables, Change::DropTable { table: bare });
}

/// A table in both models.
fn alter_table(
    old: &Table,
    new: &Table,
    retyped: &[(QualifiedName, String)],
    rebuilt: &[QualifiedName],
    phases: &mut Phases,
) {
    let name = new.name.clone();
    diff_columns(old, new, phases);
    if old.primary_key != new.primary_key {
        if let Some(pk) = &old.primary_key {
            phases.push(
                Phase::DropIndexesAndConstraints,
                Change::DropPrimaryKey {
                    table: name.clone(),
                    primary_key: pk.clone(),
                },
            );
        }
        if let Some(pk) = &new.primary_key {
            phases.push(
                Phase::AddIndexesAndConstraints,
                Change::AddPrimaryKey {
                    table: name.clone(),
                    primary_key: pk.clone(),
                },
            );
        }
    }
    diff_named(
        &old.uniques,
        &new.uniques,
        |u| &u.name,
        |_| false,
        phases,
        |u, drop| {
            if drop {
                (
                    Phase::DropIndexesAndConstraints,
                    Change::DropUnique {
                        table: name.clone(),
                        unique: u.clone(),
                    },
                )
            } else {
                (
                    Phase::AddIndexesAndConstraints,
                    Change::AddUnique {
                        table: name.clone(),
                        unique: u.clone(),
                    },
                )
            }
        },
    );
    // Checks may compare a column with enum constants: rebuilding the enum would break them.
    let uses_rebuilt = new.columns.iter().any(|c| {
        rebuilt
            .iter()
            .any(|e| types::split_array(&c.data_type).0 == e.to_string())
    });
    diff_named(
        &old.checks,
        &new.checks,
        |c| &c.name,
        |_| uses_rebuilt,
        phases,
        |c, drop| {
            if drop {
                (
                    Phase::DropIndexesAndConstraints,
                    Change::DropCheck {
                        table: name.clone(),
                        check: c.clone(),
                    },
                )
            } else {
                (
                    Phase::AddIndexesAndConstraints,
                    Change::AddCheck {
                        table: name.clone(),
                        check: c.clone(),
                    },
                )
            }
        },
    );
    let touches_retyped = |fk: &crate::schema::model::ForeignKey| {
        retyped.iter().any(|(t, c)| {
            (t == &name && fk.columns.contains(c))
                || (t == &fk.referenced_table && fk.referenced_columns.contains(c))
        })
    };
    diff_named(
        &old.foreign_keys,
        &new.foreign_keys,
        |f| &f.name,
        touches_retyped,
        phases,
        |f, drop| {
            if drop {
                (
                    Phase::DropForeignKeys,
                    Change::DropForeignKey {
                        table: name.clone(),
                        foreign_key: f.clone(),
                    },
                )
            } else {
                (
                    Phase::AddForeignKeys,
                    Change::AddForeignKey {
                        table: name.clone(),
                        foreign_key: f.clone(),
                    },
                )
            }
        },
    );
    diff_named(
        &old.indexes,
        &new.indexes,
        |i| &i.name,
        |_| false,
        phases,
        |i, drop| {
            if drop {
                (
                    Phase::DropIndexesAndConstraints,
                    Change::DropIndex {
                        table: name.clone(),
                        index: i.clone(),
                    },
                )
            } else {
                (
                    Phase::AddIndexesAndConstraints,
                    Change::CreateIndex {
                        table: name.clone(),
                        index: i.clone(),
                    },
                )
            }
        },
    );
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
                    column: column.clone(),
                },
            ),
            Some(before) if before != column => phases.push(
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
                    column: column.clone(),
                },
            );
        }
    }
}

/// Named objects: removed or changed ones dropped, added or changed ones added. `force`
/// drops and re-adds an unchanged one (e.g. a foreign key on a column whose type changes).
fn diff_named<T: PartialEq>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &String,
    force: impl Fn(&T) -> bool,
    phases: &mut Phases,
    make: impl Fn(&T, bool) -> (Phase, Change),
) {
    for item in old {
        let kept = new.iter().find(|n| name(n) == name(item));
        if kept.is_none_or(|n| n != item || force(n)) {
            let (phase, change) = make(item, true);
            phases.push(phase, change);
        }
    }
    for item in new {
        let before = old.iter().find(|o| name(o) == name(item));
        if before.is_none_or(|o| o != item || force(item)) {
            let (phase, change) = make(item, false);
            phases.push(phase, change);
        }
    }
}
