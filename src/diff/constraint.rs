//! A table's keys, checks and foreign keys: added, dropped, renamed in place (same definition
//! under a new name, as a table rename gives its default-named constraints), re-validated, or
//! only re-commented. Dropping and adding again is the last resort: it rebuilds an index or
//! re-validates every row, and fails where other objects depend on the constraint.

use super::order::{Phase, Phases};
use super::table::TableContext;
use crate::diff::Change;
use crate::diff::change::ValidatedConstraint;
use crate::schema::model::*;

/// How one kind of constraint is named, compared and turned into changes.
pub(super) struct Kind<T> {
    pub name: fn(&T) -> &str,
    pub comment: fn(&T) -> Option<&String>,
    /// The constraint with its name, comment and validity blanked: two with equal keys are
    /// the same definition.
    pub key: fn(&T) -> T,
    /// `Some(not_valid)` for the kinds that can be `NOT VALID`.
    pub validity: fn(&T) -> Option<ValidatedConstraint>,
    pub drop: fn(&QualifiedName, &T) -> (Phase, Change),
    pub add: fn(&QualifiedName, &T) -> (Phase, Change),
}

/// Diffs two lists of one kind of constraint of `table`. `force` rebuilds one that did not
/// change (a foreign key on a retyped column, a check on a rebuilt enum).
pub(super) fn diff_kind<T: Clone + PartialEq>(
    table: &QualifiedName,
    old: &[T],
    new: &[T],
    kind: &Kind<T>,
    force: impl Fn(&T) -> bool,
    phases: &mut Phases,
) {
    let by_name = |list: &[T], name: &str| list.iter().position(|c| (kind.name)(c) == name);
    let mut old_done = vec![false; old.len()];
    let mut new_done = vec![false; new.len()];
    // Same definition, new name: renamed in place.
    for (j, n) in new.iter().enumerate() {
        if by_name(old, (kind.name)(n)).is_some() || force(n) {
            continue;
        }
        let renamed = old.iter().enumerate().find(|(i, o)| {
            !old_done[*i]
                && by_name(new, (kind.name)(o)).is_none()
                && (kind.key)(o) == (kind.key)(n)
        });
        if let Some((i, o)) = renamed {
            old_done[i] = true;
            new_done[j] = true;
            phases.push(
                Phase::Renames,
                Change::RenameConstraint {
                    table: table.clone(),
                    from: (kind.name)(o).to_string(),
                    to: (kind.name)(n).to_string(),
                },
            );
            in_place(table, o, n, kind, phases);
        }
    }
    for (i, o) in old.iter().enumerate() {
        if old_done[i] {
            continue;
        }
        match by_name(new, (kind.name)(o)) {
            None => push(phases, (kind.drop)(table, o)),
            Some(j) => {
                new_done[j] = true;
                let n = &new[j];
                if force(n) || (kind.key)(o) != (kind.key)(n) || invalidated(kind, o, n) {
                    push(phases, (kind.drop)(table, o));
                    push(phases, (kind.add)(table, n));
                } else {
                    in_place(table, o, n, kind, phases);
                }
            }
        }
    }
    for (j, n) in new.iter().enumerate() {
        if !new_done[j] {
            push(phases, (kind.add)(table, n));
        }
    }
}

/// True when a valid constraint is to become `NOT VALID`: PostgreSQL cannot un-validate, so it
/// is added again.
fn invalidated<T>(kind: &Kind<T>, old: &T, new: &T) -> bool {
    match ((kind.validity)(old), (kind.validity)(new)) {
        (Some(o), Some(n)) => !o.not_valid() && n.not_valid(),
        _ => false,
    }
}

/// The changes between two versions of the same definition: validation, then the comment.
fn in_place<T>(table: &QualifiedName, old: &T, new: &T, kind: &Kind<T>, phases: &mut Phases) {
    if let (Some(o), Some(n)) = ((kind.validity)(old), (kind.validity)(new))
        && o.not_valid()
        && !n.not_valid()
    {
        phases.push(
            Phase::AddForeignKeys,
            Change::SetConstraintValidity {
                table: table.clone(),
                constraint: n,
            },
        );
    }
    if (kind.comment)(old) != (kind.comment)(new) {
        phases.push(
            Phase::AddIndexesAndConstraints,
            Change::SetConstraintComment {
                table: table.clone(),
                name: (kind.name)(new).to_string(),
                from: (kind.comment)(old).cloned(),
                to: (kind.comment)(new).cloned(),
            },
        );
    }
}

fn push(phases: &mut Phases, (phase, change): (Phase, Change)) {
    phases.push(phase, change);
}

/// Every constraint of a table in both models.
pub(super) fn diff_constraints(
    old: &Table,
    new: &Table,
    context: &TableContext,
    phases: &mut Phases,
) {
    let table = &new.name;
    let old_pk: Vec<PrimaryKey> = old.primary_key.iter().cloned().collect();
    let new_pk: Vec<PrimaryKey> = new.primary_key.iter().cloned().collect();
    diff_kind(table, &old_pk, &new_pk, &PRIMARY_KEYS, |_| false, phases);
    diff_kind(
        table,
        &old.uniques,
        &new.uniques,
        &UNIQUES,
        |_| false,
        phases,
    );
    diff_kind(table, &old.checks, &new.checks, &CHECKS, |_| false, phases);
    let touches_retyped = |fk: &ForeignKey| {
        context.retyped.iter().any(|(t, c)| {
            (t == table && fk.columns.contains(c))
                || (t == &fk.referenced_table && fk.referenced_columns.contains(c))
        })
    };
    diff_kind(
        table,
        &old.foreign_keys,
        &new.foreign_keys,
        &FOREIGN_KEYS,
        touches_retyped,
        phases,
    );
}

const PRIMARY_KEYS: Kind<PrimaryKey> = Kind {
    name: |c| &c.name,
    comment: |c| c.comment.as_ref(),
    key: |c| PrimaryKey {
        name: String::new(),
        comment: None,
        ..c.clone()
    },
    validity: |_| None,
    drop: |table, c| {
        (
            Phase::DropIndexesAndConstraints,
            Change::DropPrimaryKey {
                table: table.clone(),
                primary_key: c.clone(),
            },
        )
    },
    add: |table, c| {
        (
            Phase::AddIndexesAndConstraints,
            Change::AddPrimaryKey {
                table: table.clone(),
                primary_key: c.clone(),
            },
        )
    },
};

const UNIQUES: Kind<UniqueConstraint> = Kind {
    name: |c| &c.name,
    comment: |c| c.comment.as_ref(),
    key: |c| UniqueConstraint {
        name: String::new(),
        comment: None,
        ..c.clone()
    },
    validity: |_| None,
    drop: |table, c| {
        (
            Phase::DropIndexesAndConstraints,
            Change::DropUnique {
                table: table.clone(),
                unique: c.clone(),
            },
        )
    },
    add: |table, c| {
        (
            Phase::AddIndexesAndConstraints,
            Change::AddUnique {
                table: table.clone(),
                unique: c.clone(),
            },
        )
    },
};

const CHECKS: Kind<Check> = Kind {
    name: |c| &c.name,
    comment: |c| c.comment.as_ref(),
    key: |c| Check {
        name: String::new(),
        comment: None,
        not_valid: false,
        ..c.clone()
    },
    validity: |c| Some(ValidatedConstraint::Check(c.clone())),
    drop: |table, c| {
        (
            Phase::DropIndexesAndConstraints,
            Change::DropCheck {
                table: table.clone(),
                check: c.clone(),
            },
        )
    },
    add: |table, c| {
        (
            Phase::AddIndexesAndConstraints,
            Change::AddCheck {
                table: table.clone(),
                check: c.clone(),
            },
        )
    },
};

const FOREIGN_KEYS: Kind<ForeignKey> = Kind {
    name: |c| &c.name,
    comment: |c| c.comment.as_ref(),
    key: |c| ForeignKey {
        name: String::new(),
        comment: None,
        not_valid: false,
        ..c.clone()
    },
    validity: |c| Some(ValidatedConstraint::ForeignKey(c.clone())),
    drop: |table, c| {
        (
            Phase::DropForeignKeys,
            Change::DropForeignKey {
                table: table.clone(),
                foreign_key: c.clone(),
            },
        )
    },
    add: |table, c| {
        (
            Phase::AddForeignKeys,
            Change::AddForeignKey {
                table: table.clone(),
                foreign_key: c.clone(),
            },
        )
    },
};
