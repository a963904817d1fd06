//! Domains: a base type with constraints, used as a column type.

use super::{Check, DefaultValue, QualifiedName};
use serde::{Deserialize, Serialize};

/// A domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub name: QualifiedName,
    /// The canonical base type.
    pub data_type: String,
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub not_null: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `CHECK (VALUE ...)` constraints, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
