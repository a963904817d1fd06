//! Triggers, row-level security and policies of tables. A trigger or policy whose definition
//! names a column that is retyped or dropped is dropped before the column changes and created
//! again after (PostgreSQL refuses to change a column they use). Everything on a dropped table
//! is dropped explicitly first, so that the down migration (the reverse) creates it again.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{
    Policy, QualifiedName, RowLevelSecurity, Schema, Table, Trigger, TriggerEnabled,
};

/// Diffs the triggers, row-level security and policies of every table.
pub(super) fn diff_table_access(from: &Schema, to: &Schema, phases: &mut Phases) {
    let rebuilt = super::table::rebuilt_tables(from, to);
    let empty = |name: &QualifiedName| Table::new(name.clone());
    for new in &to.tables {
        let old = from
            .table(&new.name)
            .filter(|_| !rebuilt.contains(&new.name));
        match old {
            Some(old) => diff_one(old, new, Phase::CreatePolicies, phases),
            None => diff_one(&empty(&new.name), new, Phase::CreatePolicies, phases),
        }
    }
    for old in &from.tables {
        if to.table(&old.name).is_none() || rebuilt.contains(&old.name) {
            // Row-level security goes off before the table is dropped.
            diff_one(old, &empty(&old.name), Phase::DropPolicies, phases);
        }
    }
}

/// Columns of `old` that `new` drops or retypes.
fn changed_columns(old: &Table, new: &Table) -> Vec<String> {
    old.columns
        .iter()
        .filter(|c| {
            new.column(&c.name)
                .is_none_or(|n| n.data_type != c.data_type)
        })
        .map(|c| c.name.clone())
        .collect()
}

/// `rls_phase`: where row-level security changes (before the drop for a table that goes).
fn diff_one(old: &Table, new: &Table, rls_phase: Phase, phases: &mut Phases) {
    let table = &new.name;
    // A table that exists on both sides (same name) but whose columns are empty on one side is
    // created or dropped: nothing of it is "changed" then.
    let changed = if new.columns.is_empty() || old.columns.is_empty() {
        Vec::new()
    } else {
        changed_columns(old, new)
    };
    for trigger in &new.triggers {
        let before = old.triggers.iter().find(|t| t.name == trigger.name);
        match before {
            None => create_trigger(table, trigger, phases),
            Some(before) if changed.iter().any(|c| before.mentions_column(c)) => {
                drop_trigger(table, before, phases);
                create_trigger(table, trigger, phases);
            }
            Some(before) if before != trigger => phases.push(
                Phase::CreateTriggers,
                Change::AlterTrigger {
                    table: table.clone(),
                    from: before.clone(),
                    to: trigger.clone(),
                },
            ),
            Some(_) => {}
        }
    }
    for trigger in &old.triggers {
        if !new.triggers.iter().any(|t| t.name == trigger.name) {
            drop_trigger(table, trigger, phases);
        }
    }
    if old.row_level_security != new.row_level_security {
        phases.push(
            rls_phase,
            Change::SetRowLevelSecurity {
                table: table.clone(),
                from: old.row_level_security,
                to: new.row_level_security,
            },
        );
    }
    for policy in &new.policies {
        let before = old.policies.iter().find(|p| p.name == policy.name);
        match before {
            None => create_policy(table, policy, phases),
            Some(before)
                if changed.iter().any(|c| before.mentions_column(c))
                    || !alterable(before, policy) =>
            {
                drop_policy(table, before, phases);
                create_policy(table, policy, phases);
            }
            Some(before) if before != policy => phases.push(
                Phase::CreatePolicies,
                Change::AlterPolicy {
                    table: table.clone(),
                    from: before.clone(),
                    to: policy.clone(),
                },
            ),
            Some(_) => {}
        }
    }
    for policy in &old.policies {
        if !new.policies.iter().any(|p| p.name == policy.name) {
            drop_policy(table, policy, phases);
        }
    }
}

/// True when `ALTER POLICY` turns one into the other, both ways: same command and kind, and
/// USING / WITH CHECK present on both sides or on neither (ALTER POLICY cannot remove one).
fn alterable(from: &Policy, to: &Policy) -> bool {
    from.command == to.command
        && from.restrictive == to.restrictive
        && from.using.is_some() == to.using.is_some()
        && from.with_check.is_some() == to.with_check.is_some()
}

fn create_trigger(table: &QualifiedName, trigger: &Trigger, phases: &mut Phases) {
    phases.push(
        Phase::CreateTriggers,
        Change::CreateTrigger {
            table: table.clone(),
            trigger: trigger.clone(),
        },
    );
}

fn drop_trigger(table: &QualifiedName, trigger: &Trigger, phases: &mut Phases) {
    phases.push(
        Phase::DropTriggers,
        Change::DropTrigger {
            table: table.clone(),
            trigger: trigger.clone(),
        },
    );
}

fn create_policy(table: &QualifiedName, policy: &Policy, phases: &mut Phases) {
    phases.push(
        Phase::CreatePolicies,
        Change::CreatePolicy {
            table: table.clone(),
            policy: policy.clone(),
        },
    );
}

fn drop_policy(table: &QualifiedName, policy: &Policy, phases: &mut Phases) {
    phases.push(
        Phase::DropPolicies,
        Change::DropPolicy {
            table: table.clone(),
            policy: policy.clone(),
        },
    );
}

/// What differs between two versions of a trigger (for descriptions).
pub(crate) fn delta(from: &Trigger, to: &Trigger) -> String {
    let mut parts = Vec::new();
    if from.definition() != to.definition() {
        parts.push("definition changed".to_string());
    }
    if from.enabled != to.enabled {
        parts.push(format!(
            "enabled {} -> {}",
            from.enabled.toml(),
            to.enabled.toml()
        ));
    }
    if from.comment != to.comment {
        parts.push("comment changed".to_string());
    }
    if parts.is_empty() {
        parts.push("changed".to_string());
    }
    parts.join(", ")
}

/// `off`, `on`, `forced`.
pub(crate) fn rls_text(rls: RowLevelSecurity) -> &'static str {
    match rls {
        RowLevelSecurity::Off => "off",
        RowLevelSecurity::On => "on",
        RowLevelSecurity::Forced => "forced",
    }
}

/// True when the trigger stops firing in ordinary sessions.
pub(crate) fn stops_firing(from: TriggerEnabled, to: TriggerEnabled) -> bool {
    let fires = |e: TriggerEnabled| matches!(e, TriggerEnabled::Origin | TriggerEnabled::Always);
    fires(from) && !fires(to)
}
