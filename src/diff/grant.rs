//! Grants: for each object and grantee, the privileges added (`GRANT`, late, once the object
//! exists) and taken away (`REVOKE`, early, while it still exists). Grants on a dropped object
//! are revoked first, so that the down migration grants them again.
//!
//! [`diff_grants`] is the one entry point for any [`GrantTarget`]: views and functions call it
//! with their own targets.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{
    GRANT_OPTION, GrantTarget, Grants, QualifiedName, Schema, default_function_grants,
    split_grant_option,
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

/// The changes of [`diff_grants`], every one in `phase`: the grants of an object created
/// (late, once it exists) or dropped (early, while it still exists), whatever their kind.
pub(crate) fn diff_grants_in(
    phase: Phase,
    target: &GrantTarget,
    from: &Grants,
    to: &Grants,
    phases: &mut Phases,
) {
    let mut own = Phases::default();
    diff_grants(target, from, to, &mut own);
    for change in own.into_changes() {
        phases.push(phase, change);
    }
}

/// Grants of functions and procedures. A new one starts with PostgreSQL's default (`PUBLIC`
/// may `EXECUTE`), so its grants go from that, late; a dropped one's go back to it, early. A
/// function dropped and created again (`RecreateFunction`) does both.
pub(super) fn diff_function_grants(from: &Schema, to: &Schema, phases: &mut Phases) {
    let default = default_function_grants();
    for new in &to.functions {
        let target = new.grant_target();
        match from.function(&new.key()) {
            Some(old) if !super::function::needs_recreate(old, new) => diff_grants(
                &target,
                &old.effective_grants(),
                &new.effective_grants(),
                phases,
            ),
            recreated => {
                if let Some(old) = recreated {
                    diff_grants_in(
                        Phase::RevokeGrants,
                        &old.grant_target(),
                        &old.effective_grants(),
                        &default,
                        phases,
                    );
                }
                diff_grants_in(
                    Phase::Grants,
                    &target,
                    &default,
                    &new.effective_grants(),
                    phases,
                );
            }
        }
    }
    for old in &from.functions {
        if to.function(&old.key()).is_none() {
            diff_grants_in(
                Phase::RevokeGrants,
                &old.grant_target(),
                &old.effective_grants(),
                &default,
                phases,
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
        let table_target = || GrantTarget::Table {
            name: new.name.clone(),
        };
        let before = old.map_or(&none, |o| &o.grants);
        diff_grants_if_any(table_target, before, &new.grants, phases);
        for column in &new.columns {
            let before = old
                .and_then(|o| o.column(&column.name))
                .map_or(&none, |c| &c.grants);
            let target = || column_target(&new.name, &column.name);
            diff_grants_if_any(target, before, &column.grants, phases);
        }
        if let Some(old) = old {
            for column in &old.columns {
                if new.column(&column.name).is_none() {
                    let target = || column_target(&new.name, &column.name);
                    diff_grants_if_any(target, &column.grants, &none, phases);
                }
            }
        }
    }
    for old in &from.tables {
        if to.table(&old.name).is_none() || rebuilt.contains(&old.name) {
            let target = || GrantTarget::Table {
                name: old.name.clone(),
            };
            diff_grants_if_any(target, &old.grants, &none, phases);
            for column in &old.columns {
                let target = || column_target(&old.name, &column.name);
                diff_grants_if_any(target, &column.grants, &none, phases);
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
    diff_function_grants(from, to, phases);
}

/// [`diff_grants`] for a target built only when either side has grants: nearly every table
/// and column has none, and building a target per column (three names copied) was most of
/// the cost of diffing the grants of a large schema.
fn diff_grants_if_any(
    target: impl FnOnce() -> GrantTarget,
    from: &Grants,
    to: &Grants,
    phases: &mut Phases,
) {
    if !from.is_empty() || !to.is_empty() {
        diff_grants(&target(), from, to, phases);
    }
}

fn column_target(table: &QualifiedName, column: &str) -> GrantTarget {
    GrantTarget::Column {
        table: table.clone(),
        column: column.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse::parse_str;

    fn model(toml: &str) -> Schema {
        parse_str(toml).unwrap_or_else(|e| panic!("{e}")).schema
    }

    fn function(returns: &str, grants: &str) -> Schema {
        model(&format!(
            "[function.f]\narguments = [\"a int DEFAULT 1\"]\nreturns = \"{returns}\"\n\
             language = \"sql\"\nbody = \"SELECT 1\"\n{grants}\n"
        ))
    }

    fn changes(from: &Schema, to: &Schema) -> Vec<(Phase, String)> {
        let mut phases = Phases::default();
        diff_function_grants(from, to, &mut phases);
        phases
            .into_phased()
            .into_iter()
            .map(|(phase, change)| (phase, change.to_string()))
            .collect()
    }

    #[test]
    fn written_default_grants_are_none_and_an_empty_list_is_kept() {
        let default = function("int", "grants = { public = [\"all\"] }");
        assert_eq!(default.functions[0].grants, None);
        assert_eq!(default, function("int", ""));
        let owner = function("int", "grants = {}");
        assert_eq!(owner.functions[0].grants, Some(Grants::new()));
    }

    #[test]
    fn function_grants_go_late_when_created_and_early_when_dropped() {
        let none = Schema::default();
        let owner = function("int", "grants = {}");
        let granted = function("int", "grants = { pg_monitor = [\"EXECUTE\"] }");
        let revoke_public = "function f(a int): EXECUTE revoked from PUBLIC".to_string();
        let grant_public = "function f(a int): EXECUTE granted to PUBLIC".to_string();
        assert_eq!(
            changes(&none, &owner),
            vec![(Phase::Grants, revoke_public.clone())]
        );
        assert_eq!(
            changes(&owner, &none),
            vec![(Phase::RevokeGrants, grant_public.clone())]
        );
        // Kept: revokes early, grants late.
        assert_eq!(
            changes(&owner, &granted),
            vec![(
                Phase::Grants,
                "function f(a int): EXECUTE granted to pg_monitor".to_string()
            )]
        );
        // Recreated (new return type): back to the default early, from it late.
        let retyped = function("bigint", "grants = {}");
        assert_eq!(
            changes(&owner, &retyped),
            vec![
                (Phase::RevokeGrants, grant_public),
                (Phase::Grants, revoke_public)
            ]
        );
        assert!(changes(&function("int", ""), &function("bigint", "")).is_empty());
    }

    #[test]
    fn only_execute_is_a_function_privilege() {
        let toml = "[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n\
                    grants = { app = [\"SELECT\"] }\n";
        let Err(err) = parse_str(toml) else {
            panic!("SELECT is no function privilege");
        };
        let err = err.to_string();
        assert!(
            err.contains("unknown privilege `SELECT`") && err.contains("EXECUTE"),
            "{err}"
        );
    }
}
