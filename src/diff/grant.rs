//! Grants: for each object and grantee, the privileges added (`GRANT`, late, once the object
//! exists) and taken away (`REVOKE`, early, while it still exists). Grants on a dropped object
//! are revoked first, so that the down migration grants them again.
//!
//! [`diff_grants`] is the one entry point for any [`GrantTarget`]: views and functions call it
//! with their own targets.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{
    GRANT_OPTION, GrantTarget, Grants, QualifiedName, Schema, split_grant_option,
};

/// The changes that turn the grants `from` into `to` on one object. A privilege that only
/// gains or loses its grant option is granted or revoked as `GRANT OPTION FOR X` (the
/// privilege itself stays).
pub(crate) fn diff_grants(target: &GrantTarget, from: &Grants, to: &Grants, phases: &mut Phases) {
    let mut grantees: Vec<&String> = from.keys().chain(to.keys()).collect();
    grantees.sort();
    grantees.dedup();
    for grantee in grantees {
        let (old, new) = (states(from.get(grantee)), states(to.get(grantee)));
        let (mut granted, mut revoked) = (Vec::new(), Vec::new());
        for (base, option) in &new {
            match old.get(base) {
                None => granted.push(entry(base, *option)),
                Some(before) if before == option => {}
                Some(_) if *option => granted.push(format!("{OPTION_ONLY}{base}")),
                Some(_) => revoked.push(format!("{OPTION_ONLY}{base}")),
            }
        }
        for (base, option) in &old {
            if !new.contains_key(base) {
                revoked.push(entry(base, *option));
            }
        }
        if !granted.is_empty() {
            phases.push(
                Phase::Grants,
                Change::Grant {
                    target: target.clone(),
                    grantee: grantee.clone(),
                    privileges: granted,
                },
            );
        }
        if !revoked.is_empty() {
            phases.push(
                Phase::RevokeGrants,
                Change::Revoke {
                    target: target.clone(),
                    grantee: grantee.clone(),
                    privileges: revoked,
                },
            );
        }
    }
}

/// The prefix of a change's privilege entry that stands for the grant option alone.
pub const OPTION_ONLY: &str = "GRANT OPTION FOR ";

/// Privilege keyword -> whether it carries the grant option.
fn states(list: Option<&Vec<String>>) -> std::collections::BTreeMap<&str, bool> {
    list.into_iter()
        .flatten()
        .map(|p| split_grant_option(p))
        .collect()
}

fn entry(base: &str, option: bool) -> String {
    if option {
        format!("{base}{GRANT_OPTION}")
    } else {
        base.to_string()
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
