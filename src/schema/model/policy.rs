//! Row-level security of a table (`row_level_security = true | "forced"`) and its policies
//! (`[table.NAME.policies]`).

use serde::{Deserialize, Serialize};

/// Whether row-level security applies to a table, and to its owner too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowLevelSecurity {
    #[default]
    Off,
    /// `ENABLE ROW LEVEL SECURITY`.
    On,
    /// `ENABLE` and `FORCE ROW LEVEL SECURITY` (the owner is subject to the policies too).
    Forced,
}

impl RowLevelSecurity {
    /// True for the default.
    pub fn is_off(&self) -> bool {
        *self == RowLevelSecurity::Off
    }

    /// From `relrowsecurity` and `relforcerowsecurity` (FORCE without ENABLE does nothing
    /// and reads as off).
    pub fn from_catalog(enabled: bool, forced: bool) -> Self {
        match (enabled, forced) {
            (false, _) => RowLevelSecurity::Off,
            (true, false) => RowLevelSecurity::On,
            (true, true) => RowLevelSecurity::Forced,
        }
    }
}

/// A policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    pub command: PolicyCommand,
    /// `AS RESTRICTIVE` (false: permissive, the default).
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub restrictive: bool,
    /// The roles it applies to, sorted; empty means `PUBLIC`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_check: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The command a policy applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    #[default]
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    /// The SQL spelling.
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }

    /// Reads the TOML spelling (any case).
    pub fn from_toml(text: &str) -> Option<Self> {
        [
            PolicyCommand::All,
            PolicyCommand::Select,
            PolicyCommand::Insert,
            PolicyCommand::Update,
            PolicyCommand::Delete,
        ]
        .into_iter()
        .find(|c| c.sql().eq_ignore_ascii_case(text.trim()))
    }

    /// `pg_policy.polcmd`.
    pub fn from_catalog(code: &str) -> Self {
        match code {
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        }
    }
}

impl Policy {
    /// True when the policy's expressions name this word (a column).
    pub fn mentions_column(&self, column: &str) -> bool {
        [&self.using, &self.with_check]
            .into_iter()
            .flatten()
            .any(|e| crate::sql::refs::Mentions::of(e).word(column))
    }
}
