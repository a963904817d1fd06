//! A table's indexes: added, dropped, renamed in place, re-commented, given new storage
//! parameters, or rebuilt when their expression uses an enum that is rebuilt. An index with
//! the `concurrently = true` hint is built and dropped `CONCURRENTLY`.

use super::constraint::{Kind, diff_kind};
use super::order::{Phase, Phases};
use super::table::TableContext;
use crate::diff::Change;
use crate::schema::model::*;
use std::collections::BTreeMap;

/// Every index of a table in both models.
pub(super) fn diff_indexes(old: &Table, new: &Table, context: &TableContext, phases: &mut Phases) {
    let table = &new.name;
    let concurrent = |index: &Index| {
        context
            .hints
            .concurrent_indexes
            .contains(&(table.clone(), index.name.clone()))
    };
    let mut changes = Phases::default();
    diff_kind(
        table,
        &old.indexes,
        &new.indexes,
        &INDEXES,
        |_| false,
        &mut changes,
    );
    for (phase, change) in changes.into_phased() {
        let change = match change {
            // Comments and storage parameters have their own changes; renames keep the index.
            Change::RenameConstraint { table, from, to } => Change::RenameIndex { table, from, to },
            Change::SetConstraintComment {
                table,
                name,
                from,
                to,
            } => Change::SetIndexComment {
                table,
                name,
                from,
                to,
            },
            Change::CreateIndex { table, index, .. } => Change::CreateIndex {
                concurrently: concurrent(&index),
                table,
                index,
            },
            Change::DropIndex { table, index, .. } => Change::DropIndex {
                concurrently: new.index(&index.name).is_some_and(concurrent),
                table,
                index,
            },
            other => other,
        };
        phases.push(phase, change);
    }
    for index in &new.indexes {
        let before = old.index(&index.name);
        if let Some(before) = before
            && before.storage != index.storage
            && INDEX_KEY(before) == INDEX_KEY(index)
        {
            phases.push(
                Phase::AddIndexesAndConstraints,
                Change::SetStorage {
                    table: table.clone(),
                    index: Some(index.name.clone()),
                    from: before.storage.clone(),
                    to: index.storage.clone(),
                },
            );
        }
    }
}

/// An index with its name, comment and storage parameters blanked.
const INDEX_KEY: fn(&Index) -> Index = |i| Index {
    name: String::new(),
    comment: None,
    storage: BTreeMap::new(),
    ..i.clone()
};

const INDEXES: Kind<Index> = Kind {
    name: |i| &i.name,
    comment: |i| i.comment.as_ref(),
    key: INDEX_KEY,
    validity: |_| None,
    drop: |table, i| {
        (
            Phase::DropIndexesAndConstraints,
            Change::DropIndex {
                table: table.clone(),
                index: i.clone(),
                concurrently: false,
            },
        )
    },
    add: |table, i| {
        (
            Phase::AddIndexesAndConstraints,
            Change::CreateIndex {
                table: table.clone(),
                index: i.clone(),
                concurrently: false,
            },
        )
    },
};
