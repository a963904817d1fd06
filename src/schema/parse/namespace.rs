//! Reading `[schema.NAME]`, `extensions = [..]` and `[extension.NAME]`.

use super::{FileReader, Loc, Located, Reporter, Table};

/// A schema declared for itself.
#[derive(Debug, Clone)]
pub struct RawNamespace {
    pub name: String,
    pub at: Loc,
    pub comment: Option<String>,
    pub grants: Vec<super::RawGrant>,
}

/// An extension: from the `extensions` list (a name) or an `[extension.NAME]` table.
#[derive(Debug, Clone)]
pub struct RawExtension {
    pub name: Located<String>,
    pub schema: Option<Located<String>>,
    pub version: Option<Located<String>>,
}

const SCHEMA_KEYS: &[&str] = &["comment", "grants"];
const EXTENSION_KEYS: &[&str] = &["schema", "version"];

impl FileReader {
    pub(super) fn read_namespace(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawNamespace {
        self.check_keys(t, SCHEMA_KEYS, || format!("schema `{name}`"), r);
        RawNamespace {
            name: name.to_string(),
            at,
            comment: self.string(t, "comment", r).map(|c| c.value),
            grants: self.read_grants(t, r),
        }
    }

    pub(super) fn read_extension(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawExtension {
        self.check_keys(t, EXTENSION_KEYS, || format!("extension `{name}`"), r);
        RawExtension {
            name: Located {
                value: name.to_string(),
                at,
            },
            schema: self.string(t, "schema", r),
            version: self.string(t, "version", r),
        }
    }
}
