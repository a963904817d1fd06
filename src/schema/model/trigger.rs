//! Triggers of a table: `[table.NAME.triggers]`. The trigger function is named as text
//! (`fn` or `schema.fn`; one in `public` or `pg_catalog` is written bare).

use serde::{Deserialize, Serialize};

/// A trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub timing: TriggerTiming,
    /// Sorted: insert, update, delete, truncate.
    pub events: Vec<TriggerEvent>,
    /// `UPDATE OF` columns, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub update_of: Vec<String>,
    /// `FOR EACH ROW` (true) or `FOR EACH STATEMENT`.
    pub for_each_row: bool,
    /// The function: `name` (found on the search path) or `schema.name`.
    pub function: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// The `WHEN` condition, without `WHEN ( )`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// `REFERENCING OLD TABLE AS ..`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_table: Option<String>,
    /// `REFERENCING NEW TABLE AS ..`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_table: Option<String>,
    #[serde(default, skip_serializing_if = "TriggerEnabled::is_origin")]
    pub enabled: TriggerEnabled,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// When a trigger fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

impl TriggerTiming {
    /// The SQL (and, lower case, TOML) spelling.
    pub fn sql(self) -> &'static str {
        match self {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf => "INSTEAD OF",
        }
    }
}

/// What fires a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    Insert,
    Update,
    Delete,
    Truncate,
}

impl TriggerEvent {
    /// The SQL spelling.
    pub fn sql(self) -> &'static str {
        match self {
            TriggerEvent::Insert => "INSERT",
            TriggerEvent::Update => "UPDATE",
            TriggerEvent::Delete => "DELETE",
            TriggerEvent::Truncate => "TRUNCATE",
        }
    }

    /// Reads the TOML spelling (any case).
    pub fn from_toml(text: &str) -> Option<Self> {
        [
            TriggerEvent::Insert,
            TriggerEvent::Update,
            TriggerEvent::Delete,
            TriggerEvent::Truncate,
        ]
        .into_iter()
        .find(|e| e.sql().eq_ignore_ascii_case(text.trim()))
    }
}

/// `ALTER TABLE .. ENABLE [REPLICA | ALWAYS] | DISABLE TRIGGER`: when the trigger fires with
/// respect to `session_replication_role`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEnabled {
    /// Fires in `origin` and `local` mode (the default).
    #[default]
    Origin,
    Replica,
    Always,
    Disabled,
}

impl TriggerEnabled {
    /// True for the default.
    pub fn is_origin(&self) -> bool {
        *self == TriggerEnabled::Origin
    }

    /// The TOML spelling.
    pub fn toml(self) -> &'static str {
        match self {
            TriggerEnabled::Origin => "origin",
            TriggerEnabled::Replica => "replica",
            TriggerEnabled::Always => "always",
            TriggerEnabled::Disabled => "disabled",
        }
    }

    /// Reads the TOML spelling.
    pub fn from_toml(text: &str) -> Option<Self> {
        [
            TriggerEnabled::Origin,
            TriggerEnabled::Replica,
            TriggerEnabled::Always,
            TriggerEnabled::Disabled,
        ]
        .into_iter()
        .find(|e| e.toml().eq_ignore_ascii_case(text.trim()))
    }

    /// `pg_trigger.tgenabled`.
    pub fn from_catalog(code: &str) -> Self {
        match code {
            "D" => TriggerEnabled::Disabled,
            "R" => TriggerEnabled::Replica,
            "A" => TriggerEnabled::Always,
            _ => TriggerEnabled::Origin,
        }
    }
}

impl Trigger {
    /// The same trigger with what `CREATE OR REPLACE TRIGGER` leaves alone (enabled state,
    /// comment) cleared: two triggers whose definitions are equal need no replace.
    pub fn definition(&self) -> Trigger {
        Trigger {
            enabled: TriggerEnabled::Origin,
            comment: None,
            ..self.clone()
        }
    }

    /// The table columns the trigger's definition names (`UPDATE OF`, words of `WHEN`).
    pub fn mentions_column(&self, column: &str) -> bool {
        self.update_of.iter().any(|c| c == column)
            || self
                .when
                .as_deref()
                .is_some_and(|w| crate::sql::refs::Mentions::of(w).word(column))
    }
}

/// The canonical spelling of a trigger function's name: the schema left out for `public` and
/// `pg_catalog` (both on every search path).
pub fn trigger_function(name: &str) -> String {
    match name.split_once('.') {
        Some(("public" | "pg_catalog", rest)) if !rest.is_empty() => rest.to_string(),
        _ => name.to_string(),
    }
}
