//! Privileges granted on objects: `grants = { role = ["SELECT", "INSERT"], PUBLIC = [..] }` on a
//! table, a column, a sequence or a schema (views, materialized views and functions take the
//! same key). Ownership and default privileges are out of scope.
//!
//! Canonical form: grantee as written (`PUBLIC` for the pseudo-role), privileges upper case,
//! deduplicated and sorted, `ALL` expanded to the kind's list, grantees without privileges left
//! out. Privileges the owner holds are implicit and never listed.

use super::QualifiedName;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Grantee -> sorted privileges.
pub type Grants = BTreeMap<String, Vec<String>>;

/// The pseudo-role every role belongs to.
pub const PUBLIC: &str = "PUBLIC";

/// What a privilege is granted on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GrantTarget {
    Table {
        name: QualifiedName,
    },
    Column {
        table: QualifiedName,
        column: String,
    },
    Sequence {
        name: QualifiedName,
    },
    Schema {
        name: String,
    },
    View {
        name: QualifiedName,
    },
    MaterializedView {
        name: QualifiedName,
    },
    /// A function or procedure, by name and identity arguments as
    /// `pg_get_function_identity_arguments` prints them (`a integer, b text`).
    Function {
        name: QualifiedName,
        arguments: String,
        /// `ON PROCEDURE` rather than `ON FUNCTION`.
        #[serde(default, skip_serializing_if = "super::is_false")]
        procedure: bool,
    },
}

/// The kinds of privilege targets, for the list of privileges each accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    Table,
    Column,
    Sequence,
    Schema,
    Function,
}

impl GrantTarget {
    /// The kind, for its privilege list.
    pub fn kind(&self) -> GrantKind {
        match self {
            GrantTarget::Table { .. }
            | GrantTarget::View { .. }
            | GrantTarget::MaterializedView { .. } => GrantKind::Table,
            GrantTarget::Column { .. } => GrantKind::Column,
            GrantTarget::Sequence { .. } => GrantKind::Sequence,
            GrantTarget::Schema { .. } => GrantKind::Schema,
            GrantTarget::Function { .. } => GrantKind::Function,
        }
    }
}

impl std::fmt::Display for GrantTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrantTarget::Table { name } => write!(f, "table {name}"),
            GrantTarget::Column { table, column } => write!(f, "column {table}.{column}"),
            GrantTarget::Sequence { name } => write!(f, "sequence {name}"),
            GrantTarget::Schema { name } => write!(f, "schema {name}"),
            GrantTarget::View { name } => write!(f, "view {name}"),
            GrantTarget::MaterializedView { name } => write!(f, "materialized view {name}"),
            GrantTarget::Function {
                name,
                arguments,
                procedure,
            } => {
                let kind = if *procedure { "procedure" } else { "function" };
                write!(f, "{kind} {name}({arguments})")
            }
        }
    }
}

impl GrantKind {
    /// The privileges `ALL` stands for: those every supported server knows (`MAINTAIN`,
    /// PostgreSQL 17+, is written out when wanted).
    pub fn all(self) -> &'static [&'static str] {
        match self {
            GrantKind::Table => &[
                "DELETE",
                "INSERT",
                "REFERENCES",
                "SELECT",
                "TRIGGER",
                "TRUNCATE",
                "UPDATE",
            ],
            GrantKind::Column => &["INSERT", "REFERENCES", "SELECT", "UPDATE"],
            GrantKind::Sequence => &["SELECT", "UPDATE", "USAGE"],
            GrantKind::Schema => &["CREATE", "USAGE"],
            GrantKind::Function => &["EXECUTE"],
        }
    }

    /// Every privilege the kind accepts.
    pub fn accepts(self, privilege: &str) -> bool {
        self.all().contains(&privilege) || (self == GrantKind::Table && privilege == "MAINTAIN")
    }

    /// The canonical privileges of a written list (`ALL` expanded, upper case, sorted,
    /// deduplicated; `X WITH GRANT OPTION` kept as one entry, and a plain `X` left out next to
    /// it), or the first entry the kind does not accept.
    pub fn canonical(self, written: &[String]) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for privilege in written {
            let upper = privilege
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_uppercase();
            let (base, option) = match upper.strip_suffix(GRANT_OPTION) {
                Some(base) => (base.trim_end().to_string(), GRANT_OPTION),
                None => (upper.clone(), ""),
            };
            let base = base
                .strip_suffix(" PRIVILEGES")
                .unwrap_or(&base)
                .to_string();
            if base == "ALL" {
                out.extend(self.all().iter().map(|p| format!("{p}{option}")));
            } else if self.accepts(&base) {
                out.push(format!("{base}{option}"));
            } else {
                return Err(privilege.clone());
            }
        }
        out.sort();
        out.dedup();
        let grantable: Vec<String> = out
            .iter()
            .filter_map(|p| p.strip_suffix(GRANT_OPTION).map(str::to_string))
            .collect();
        out.retain(|p| !grantable.contains(p));
        Ok(out)
    }
}

/// The suffix of a privilege granted `WITH GRANT OPTION` (the grantee may grant it on).
pub const GRANT_OPTION: &str = " WITH GRANT OPTION";

/// The privilege keyword of a model entry, and whether it carries the grant option.
pub fn split_grant_option(privilege: &str) -> (&str, bool) {
    match privilege.strip_suffix(GRANT_OPTION) {
        Some(base) => (base, true),
        None => (privilege, false),
    }
}

/// The canonical spelling of a grantee: `PUBLIC` whatever its case, other roles as written.
pub fn grantee(name: &str) -> String {
    if name.eq_ignore_ascii_case(PUBLIC) {
        PUBLIC.to_string()
    } else {
        name.to_string()
    }
}

impl super::Table {
    /// The table without its triggers, row-level security, policies and grants (its own and
    /// its columns'): what `CREATE TABLE` makes; those have changes of their own.
    pub fn strip_access(&mut self) {
        self.triggers.clear();
        self.policies.clear();
        self.row_level_security = super::RowLevelSecurity::Off;
        self.grants.clear();
        for column in &mut self.columns {
            column.grants.clear();
        }
    }
}

impl super::Column {
    /// The column without its grants.
    pub fn without_grants(&self) -> super::Column {
        super::Column {
            grants: Grants::new(),
            ..self.clone()
        }
    }

    /// True when the columns differ at most by their grants.
    pub fn same_but_grants(&self, other: &super::Column) -> bool {
        self.without_grants() == other.without_grants()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_expands_and_privileges_sort() {
        let written = vec!["select".to_string(), "ALL".to_string()];
        assert_eq!(
            GrantKind::Sequence.canonical(&written).unwrap(),
            ["SELECT", "UPDATE", "USAGE"]
        );
        assert_eq!(
            GrantKind::Table
                .canonical(&["maintain".into(), "insert".into()])
                .unwrap(),
            ["INSERT", "MAINTAIN"]
        );
        assert_eq!(
            GrantKind::Schema.canonical(&["SELECT".into()]),
            Err("SELECT".to_string())
        );
        assert_eq!(grantee("public"), "PUBLIC");
        assert_eq!(
            GrantKind::Schema
                .canonical(&[
                    "usage".into(),
                    "usage  with grant option".into(),
                    "CREATE".into()
                ])
                .unwrap(),
            ["CREATE", "USAGE WITH GRANT OPTION"]
        );
        assert_eq!(
            GrantKind::Schema
                .canonical(&["ALL WITH GRANT OPTION".into()])
                .unwrap(),
            ["CREATE WITH GRANT OPTION", "USAGE WITH GRANT OPTION"]
        );
        assert_eq!(
            split_grant_option("SELECT WITH GRANT OPTION"),
            ("SELECT", true)
        );
    }
}
