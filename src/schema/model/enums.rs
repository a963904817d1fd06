//! Enum types.

use super::QualifiedName;
use serde::{Deserialize, Serialize};

/// An enum type; the order of its values is meaningful.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    pub name: QualifiedName,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Enum {
    /// The values of this enum that `other` no longer has, in this enum's order.
    pub fn values_missing_from(&self, other: &Enum) -> Vec<&str> {
        self.values
            .iter()
            .filter(|v| !other.values.contains(v))
            .map(String::as_str)
            .collect()
    }
}
