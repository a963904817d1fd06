//! Grants: for each object and grantee, the privileges added (`GRANT`, late, once the object
//! exists) and taken away (`REVOKE`, early, while it still exists). Grants on a dropped object
//! are revoked first, so that the down migration grants them again.
//!
//! [`diff_grants`] is the one entry point for any [`GrantTarget`]: views and functions call it
//! with their own targets.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{GrantTarget, Grants, QualifiedName, Schema};

/// The changes that turn the grants `from` into `to` on one object.
pub(crate) fn diff_grants(target: &GrantTarget, from: &Grants, to: &Grants, phases: &mut Phases) {
    for (grantee, privileges) in to {
        let before = from.get(grantee);
        let added: Vec<String> = privileges
            .iter()
            .filter(|p| before.is_none_or(|b| !b.contains(p)))
            .cloned()
            .collect();
        if !added.is_empty() {
            phases.push(
                Phase::Grants,
                Change::Grant {
                    target: target.clone(),
                    grantee: grantee.clone(),
                    privileges: added,
                },
            );
        }
    }
    for (grantee, privileges) in from {
        let after = to.get(grantee);
        let removed: Vec<String> = privileges
            .iter()
            .filter(|p| after.is_none_or(|a| !a.contains(p)))
            .cloned()
            .collect();
        if !removed.is_empty() {
            phases.push(
                Phase::RevokeGrants,
                Change::Revoke {
                    target: target.clone(),
                    grantee: grantee.clone(),
                    privileges: removed,
                },
            );
        }
    }
}

/// Grants of tables, their columns, sequences and declared schemas.
pub(super) fn diff_all_grants(from: &Schema, to: &Schema, phases: &mut Phases) {
    let none = Grants::new();
    let rebuilt = super::table::rebuilt_tables(from, to);
    for new in &to.tables {
        let old = from
            .table(&new.name)
            .filter(|_| !rebuilt.contains(&new.name));
        let target = GrantTarget::Table {
            name: new.name.clone(),
        };
        diff_grants(
            &target,
            old.map_or(&none, |o| &o.grants),
            &new.grants,
            phases,
        );
        for column in &new.columns {
            let before = old
                .and_then(|o| o.column(&column.name))
                .map_or(&none, |c| &c.grants);
            diff_grants(
                &column_target(&new.name, &column.name),
                before,
                &column.grants,
                phases,
            );
        }
        if let Some(old) = old {
            for column in &old.columns {
                if new.column(&column.name).is_none() {
                    diff_grants(
                        &column_target(&new.name, &column.name),
                        &column.grants,
                        &none,
                        phases,
                    );
                }
            }
        }
    }
    for old in &from.tables {
        if to.table(&old.name).is_none() || rebuilt.contains(&old.name) {
            let target = GrantTarget::Table {
                name: old.name.clone(),
            };
            diff_grants(&target, &old.grants, &none, phases);
            for column in &old.columns {
                diff_grants(
                    &column_target(&old.name, &column.name),
                    &column.grants,
                    &none,
                    phases,
                );
            }
        }
    }
    let renamed = super::sequence::renames(from, to);
    for new in &to.sequences {
        let old = from.sequence(&new.name).or_else(|| {
            renamed
                .iter()
                .find(|(_, n)| n == &new.name)
                .and_then(|(o, _)| from.sequence(o))
        });
        let target = GrantTarget::Sequence {
            name: new.name.clone(),
        };
        diff_grants(
            &target,
            old.map_or(&none, |o| &o.grants),
            &new.grants,
            phases,
        );
    }
    for old in &from.sequences {
        let gone = to.sequence(&old.name).is_none() && !renamed.iter().any(|(o, _)| o == &old.name);
        if gone {
            let target = GrantTarget::Sequence {
                name: old.name.clone(),
            };
            diff_grants(&target, &old.grants, &none, phases);
        }
    }
    let grants_of = |schema: &Schema, name: &str| {
        schema
            .namespace(name)
            .map(|n| n.grants.clone())
            .unwrap_or_default()
    };
    let mut names = from.namespaces();
    names.extend(to.namespaces());
    names.sort();
    names.dedup();
    for name in names {
        let target = GrantTarget::Schema { name: name.clone() };
        diff_grants(
            &target,
            &grants_of(from, &name),
            &grants_of(to, &name),
            phases,
        );
    }
}

fn column_target(table: &QualifiedName, column: &str) -> GrantTarget {
    GrantTarget::Column {
        table: table.clone(),
        column: column.to_string(),
    }
}
