//! Triggers, policies, row-level security and grants as TOML.

use super::{key, string, string_array};
use crate::schema::model::*;

/// `{ role = ["SELECT"], PUBLIC = ["USAGE"] }`.
pub fn grants_value(grants: &Grants) -> String {
    let entries: Vec<String> = grants
        .iter()
        .map(|(grantee, privileges)| {
            let bases: Vec<String> = privileges
                .iter()
                .filter_map(|p| p.strip_suffix(GRANT_OPTION).map(str::to_string))
                .collect();
            if !privileges.is_empty() && bases.len() == privileges.len() {
                format!(
                    "{} = {{ privileges = {}, with_grant_option = true }}",
                    key(grantee),
                    string_array(&bases)
                )
            } else {
                format!("{} = {}", key(grantee), string_array(privileges))
            }
        })
        .collect();
    format!("{{ {} }}", entries.join(", "))
}

/// `row_level_security = ..` when not off.
pub(super) fn row_level_security_entry(rls: RowLevelSecurity) -> Option<String> {
    match rls {
        RowLevelSecurity::Off => None,
        RowLevelSecurity::On => Some("row_level_security = true".into()),
        RowLevelSecurity::Forced => Some("row_level_security = \"forced\"".into()),
    }
}

/// A trigger's inline table.
pub(super) fn trigger_value(trigger: &Trigger) -> String {
    let timing = match trigger.timing {
        TriggerTiming::Before => "before",
        TriggerTiming::After => "after",
        TriggerTiming::InsteadOf => "instead of",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|e| e.sql().to_ascii_lowercase())
        .collect();
    let mut parts = vec![
        format!("timing = {}", string(timing)),
        format!("events = {}", string_array(&events)),
    ];
    if !trigger.update_of.is_empty() {
        parts.push(format!("update_of = {}", string_array(&trigger.update_of)));
    }
    parts.push(format!(
        "for_each = {}",
        string(if trigger.for_each_row {
            "row"
        } else {
            "statement"
        })
    ));
    parts.push(format!("function = {}", string(&trigger.function)));
    if !trigger.arguments.is_empty() {
        parts.push(format!("arguments = {}", string_array(&trigger.arguments)));
    }
    if let Some(when) = &trigger.when {
        parts.push(format!("when = {}", string(when)));
    }
    if trigger.old_table.is_some() || trigger.new_table.is_some() {
        let mut referencing = Vec::new();
        if let Some(old) = &trigger.old_table {
            referencing.push(format!("old_table = {}", string(old)));
        }
        if let Some(new) = &trigger.new_table {
            referencing.push(format!("new_table = {}", string(new)));
        }
        parts.push(format!("referencing = {{ {} }}", referencing.join(", ")));
    }
    if !trigger.enabled.is_origin() {
        parts.push(format!("enabled = {}", string(trigger.enabled.toml())));
    }
    if let Some(comment) = &trigger.comment {
        parts.push(format!("comment = {}", string(comment)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A policy's inline table.
pub(super) fn policy_value(policy: &Policy) -> String {
    let mut parts = vec![format!(
        "command = {}",
        string(&policy.command.sql().to_ascii_lowercase())
    )];
    if policy.restrictive {
        parts.push("restrictive = true".into());
    }
    if !policy.roles.is_empty() {
        parts.push(format!("roles = {}", string_array(&policy.roles)));
    }
    if let Some(using) = &policy.using {
        parts.push(format!("using = {}", string(using)));
    }
    if let Some(check) = &policy.with_check {
        parts.push(format!("with_check = {}", string(check)));
    }
    if let Some(comment) = &policy.comment {
        parts.push(format!("comment = {}", string(comment)));
    }
    format!("{{ {} }}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::schema::parse::parse_str;

    #[test]
    fn access_round_trips_through_toml() {
        let toml = r#"
[schema.shop]
grants = { app = ["usage"], PUBLIC = ["CREATE"] }
[sequence."shop.no"]
grants = { app = ["ALL"] }
[table."shop.orders"]
row_level_security = "forced"
grants = { "odd role" = ["SELECT", "maintain"], app = ["ALL"], boss = { privileges = ["select", "insert"], with_grant_option = true }, mixed = ["SELECT with grant option", "INSERT", "insert WITH GRANT OPTION", "UPDATE"] }
[table."shop.orders".columns]
id = { type = "bigint", primary_key = true }
status = { type = "text", grants = { support = ["UPDATE"] } }
[table."shop.orders".triggers]
t1 = { timing = "before", events = ["update", "insert"], update_of = ["status"], for_each = "row", function = "public.touch", arguments = ["a", "b'c"], when = "OLD.status <> NEW.status", enabled = "replica", comment = "c" }
t2 = { timing = "after", events = ["delete"], function = "audit.log", referencing = { old_table = "gone" } }
[table."shop.orders".policies]
p1 = { command = "update", roles = ["app", "support"], using = "true", with_check = "status <> 'x'", restrictive = true, comment = "p" }
p2 = { roles = ["PUBLIC", "app"], using = "true" }
"#;
        let parsed = parse_str(toml).unwrap();
        let table = &parsed.schema.tables[0];
        assert_eq!(table.triggers[0].function, "touch");
        assert!(table.policies[1].roles.is_empty(), "PUBLIC covers all");
        assert_eq!(
            table.grants["app"],
            [
                "DELETE",
                "INSERT",
                "REFERENCES",
                "SELECT",
                "TRIGGER",
                "TRUNCATE",
                "UPDATE"
            ]
        );
        crate::schema::write::assert_reads_back(&parsed.schema);
    }

    #[test]
    fn bad_access_definitions_are_errors_at_their_place() {
        let cases = [
            (
                "[table.t]\ngrants = { app = [\"SELEKT\"] }\n[table.t.columns]\na = { type = \"int\" }\n",
                "s.toml:2:19: unknown privilege `SELEKT`",
            ),
            (
                "[schema.s]\ngrants = { app = [\"SELECT\"] }\n",
                "unknown privilege `SELECT`",
            ),
            (
                "[table.t.columns]\na = { type = \"int\" }\n[table.t.triggers]\nx = { timing = \"before\", events = [\"update\"], function = \"f\", when = \"true); DROP TABLE t; --\" }\n",
                "trigger `x` when",
            ),
            (
                "[table.t.columns]\na = { type = \"int\" }\n[table.t.policies]\np = { using = \"true; DELETE FROM t\" }\n",
                "policy `p` using",
            ),
            (
                "[table.t.columns]\na = { type = \"int\" }\n[table.t.triggers]\nx = { timing = \"before\", events = [\"update\"], update_of = [\"b\"], function = \"f\" }\n",
                "`update_of` names column `b`",
            ),
            (
                "[table.t.columns]\na = { type = \"int\" }\n[table.t.policies]\np = { command = \"insert\", using = \"true\" }\n",
                "takes `with_check` only",
            ),
            (
                "[schema.s]\ngrants = { public = { privileges = [\"USAGE\"], with_grant_option = true } }\n",
                "PUBLIC cannot hold a grant option",
            ),
            (
                "[table.t]\nrow_level_security = \"maybe\"\n[table.t.columns]\na = { type = \"int\" }\n",
                "`row_level_security` must be",
            ),
        ];
        for (toml, expected) in cases {
            let error = parse_str(toml).unwrap_err().to_string();
            assert!(error.contains(expected), "{toml}\n{error}");
        }
    }
}
