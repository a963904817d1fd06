//! Triggers, row-level security and policies of a table.

use super::expressions::check_expression;
use super::names::check_name;
use crate::schema::model::*;
use crate::schema::parse::{
    Located, RawPolicy, RawRowLevelSecurity, RawTable, RawTrigger, Reporter,
};
use std::collections::BTreeMap;

/// Builds the table's triggers, row-level security, policies and grants.
pub(super) fn build_table_access(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    let mut seen = BTreeMap::new();
    for written in &raw.triggers {
        if let Some(first) = seen.insert(written.name.as_str(), written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "trigger `{}` is defined twice (also at {place})",
                    written.name
                ),
            );
            continue;
        }
        if let Some(trigger) = build_trigger(table, written, r) {
            table.triggers.push(trigger);
        }
    }
    let mut seen = BTreeMap::new();
    for written in &raw.policies {
        if let Some(first) = seen.insert(written.name.as_str(), written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "policy `{}` is defined twice (also at {place})",
                    written.name
                ),
            );
            continue;
        }
        if let Some(policy) = build_policy(written, r) {
            table.policies.push(policy);
        }
    }
    if let Some(Located { value, at }) = &raw.row_level_security {
        table.row_level_security = match value {
            RawRowLevelSecurity::Flag(true) => RowLevelSecurity::On,
            RawRowLevelSecurity::Flag(false) => RowLevelSecurity::Off,
            RawRowLevelSecurity::Text(t) if t.eq_ignore_ascii_case("forced") => {
                RowLevelSecurity::Forced
            }
            RawRowLevelSecurity::Text(_) => {
                r.error(
                    *at,
                    "`row_level_security` must be true, false or \"forced\"",
                );
                RowLevelSecurity::Off
            }
        };
    }
    table.grants = super::grant::build_grants(GrantKind::Table, &raw.grants, r);
}

fn enum_value<T>(
    r: &mut Reporter,
    written: &Option<Located<String>>,
    what: &str,
    expected: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<Option<T>> {
    match written {
        None => Some(None),
        Some(w) => match parse(&w.value) {
            Some(v) => Some(Some(v)),
            None => {
                r.error(w.at, format!("`{what}` must be {expected}"));
                None
            }
        },
    }
}

fn build_trigger(table: &Table, raw: &RawTrigger, r: &mut Reporter) -> Option<Trigger> {
    check_name(r, raw.at, "trigger", &raw.name);
    let timing = enum_value(
        r,
        &raw.timing,
        "timing",
        "before, after or instead of",
        |t| match t.trim().to_ascii_lowercase().as_str() {
            "before" => Some(TriggerTiming::Before),
            "after" => Some(TriggerTiming::After),
            "instead of" => Some(TriggerTiming::InsteadOf),
            _ => None,
        },
    )?;
    let for_each_row = enum_value(
        r,
        &raw.for_each,
        "for_each",
        "row or statement",
        |t| match t.trim().to_ascii_lowercase().as_str() {
            "row" => Some(true),
            "statement" => Some(false),
            _ => None,
        },
    )?
    .unwrap_or(false);
    let enabled = enum_value(
        r,
        &raw.enabled,
        "enabled",
        "origin, replica, always or disabled",
        TriggerEnabled::from_toml,
    )?
    .unwrap_or_default();
    let mut events = Vec::new();
    for event in &raw.events {
        match TriggerEvent::from_toml(&event.value) {
            Some(e) => events.push(e),
            None => {
                r.error(
                    event.at,
                    "a trigger event is insert, update, delete or truncate",
                );
                return None;
            }
        }
    }
    events.sort();
    events.dedup();
    if events.is_empty() {
        r.error(
            raw.at,
            format!("trigger `{}` needs at least one event", raw.name),
        );
        return None;
    }
    let mut update_of = Vec::new();
    for column in &raw.update_of {
        if table.column(&column.value).is_none() && table.partition_of.is_none() {
            r.error(
                column.at,
                format!(
                    "`update_of` names column `{}`, which the table does not have",
                    column.value
                ),
            );
        }
        update_of.push(column.value.clone());
    }
    update_of.sort();
    update_of.dedup();
    if !update_of.is_empty() && !events.contains(&TriggerEvent::Update) {
        r.error(raw.at, "`update_of` needs the update event");
    }
    let function = raw.function.as_ref()?;
    for part in function.value.splitn(2, '.') {
        check_name(r, function.at, "function", part);
    }
    if let Some(when) = &raw.when {
        check_expression(
            r,
            when.at,
            &format!("trigger `{}` when", raw.name),
            &when.value,
        );
    }
    for name in [&raw.old_table, &raw.new_table].into_iter().flatten() {
        check_name(r, name.at, "transition table", &name.value);
    }
    let timing = timing?;
    if timing == TriggerTiming::InsteadOf {
        r.error(raw.at, "INSTEAD OF triggers exist only on views");
    }
    if events.contains(&TriggerEvent::Truncate) && for_each_row {
        r.error(raw.at, "a truncate trigger fires for each statement only");
    }
    if (raw.old_table.is_some() || raw.new_table.is_some()) && timing != TriggerTiming::After {
        r.error(raw.at, "`referencing` needs timing = \"after\"");
    }
    Some(Trigger {
        name: raw.name.clone(),
        timing,
        events,
        update_of,
        for_each_row,
        function: trigger_function(function.value.trim()),
        arguments: raw.arguments.iter().map(|a| a.value.clone()).collect(),
        when: raw.when.as_ref().map(|w| w.value.trim().to_string()),
        old_table: raw.old_table.as_ref().map(|n| n.value.clone()),
        new_table: raw.new_table.as_ref().map(|n| n.value.clone()),
        enabled,
        comment: raw.comment.clone(),
    })
}

fn build_policy(raw: &RawPolicy, r: &mut Reporter) -> Option<Policy> {
    check_name(r, raw.at, "policy", &raw.name);
    let command = enum_value(
        r,
        &raw.command,
        "command",
        "all, select, insert, update or delete",
        PolicyCommand::from_toml,
    )?
    .unwrap_or_default();
    let mut roles = Vec::new();
    for role in &raw.roles {
        check_name(r, role.at, "role", &role.value);
        roles.push(grantee(&role.value));
    }
    roles.sort();
    roles.dedup();
    if roles.iter().any(|role| role == PUBLIC) {
        // PUBLIC covers every role: the others add nothing.
        roles.clear();
    }
    for (key, expression) in [("using", &raw.using), ("with_check", &raw.with_check)] {
        if let Some(e) = expression {
            check_expression(r, e.at, &format!("policy `{}` {key}", raw.name), &e.value);
        }
    }
    if command == PolicyCommand::Insert
        && let Some(using) = &raw.using
    {
        r.error(
            using.at,
            "an insert policy takes `with_check` only, not `using`",
        );
    }
    if matches!(command, PolicyCommand::Select | PolicyCommand::Delete)
        && let Some(check) = &raw.with_check
    {
        r.error(
            check.at,
            "a select or delete policy takes `using` only, not `with_check`",
        );
    }
    Some(Policy {
        name: raw.name.clone(),
        command,
        restrictive: raw.restrictive,
        roles,
        using: raw.using.as_ref().map(|e| e.value.trim().to_string()),
        with_check: raw.with_check.as_ref().map(|e| e.value.trim().to_string()),
        comment: raw.comment.clone(),
    })
}
