//! Schemas (namespaces) and extensions.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A schema declared for itself (not only as the prefix of its objects' names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `GRANT USAGE, CREATE ON SCHEMA`.
    #[serde(default, skip_serializing_if = "super::Grants::is_empty")]
    pub grants: super::Grants,
}

/// An extension, with the schema its objects go in and its version when they are set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Extension {
    pub name: String,
    /// `WITH SCHEMA`; `None` is `public` (the first schema of the search path).
    pub schema: Option<String>,
    /// `VERSION`; `None` is the default version of the server's package.
    pub version: Option<String>,
}

impl Extension {
    /// An extension with nothing but a name.
    pub fn named(name: impl Into<String>) -> Self {
        Extension {
            name: name.into(),
            schema: None,
            version: None,
        }
    }
}

/// The long form of an extension in a snapshot.
#[derive(Serialize, Deserialize)]
struct ExtensionFields {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<String>,
}

/// Just the name when nothing else is set: what snapshots held before extensions had schemas
/// and versions, so their ids do not change.
impl Serialize for Extension {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.schema.is_none() && self.version.is_none() {
            return serializer.serialize_str(&self.name);
        }
        ExtensionFields {
            name: self.name.clone(),
            schema: self.schema.clone(),
            version: self.version.clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extension {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Name(String),
            Fields(ExtensionFields),
        }
        Ok(match Either::deserialize(deserializer)? {
            Either::Name(name) => Extension::named(name),
            Either::Fields(f) => Extension {
                name: f.name,
                schema: f.schema,
                version: f.version,
            },
        })
    }
}
