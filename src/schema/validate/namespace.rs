//! Schemas and extensions: each declared once.

use crate::schema::model::{Extension, Namespace, Schema};
use crate::schema::parse::{Loc, RawSchema, Reporter};
use std::collections::BTreeMap;

pub(super) fn build_namespaces(raw: &RawSchema, schema: &mut Schema, r: &mut Reporter) {
    let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
    for declared in &raw.schemas {
        if let Some(first) = seen.insert(&declared.name, declared.at) {
            let place = r.place(first);
            r.error(
                declared.at,
                format!(
                    "schema `{}` is declared twice (also at {place})",
                    declared.name
                ),
            );
            continue;
        }
        if declared.name == "public" && declared.comment.is_some() {
            r.error(
                declared.at,
                "strata does not manage the comment of schema `public`",
            );
        }
        if declared.name == "public" && !declared.grants.is_empty() {
            r.error(
                declared.at,
                "strata does not manage the privileges of schema `public`",
            );
        }
        schema.schemas.push(Namespace {
            grants: super::grant::build_grants(
                crate::schema::model::GrantKind::Schema,
                &declared.grants,
                r,
            ),
            name: declared.name.clone(),
            comment: declared.comment.clone(),
        });
    }
    let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
    for extension in &raw.extensions {
        let name = extension.name.value.as_str();
        if let Some(first) = seen.insert(name, extension.name.at) {
            let place = r.place(first);
            r.error(
                extension.name.at,
                format!("extension `{name}` is listed twice (also at {place})"),
            );
            continue;
        }
        schema.extensions.push(Extension {
            name: name.to_string(),
            schema: extension
                .schema
                .as_ref()
                .map(|s| s.value.clone())
                .filter(|s| s != "public"),
            version: extension.version.as_ref().map(|v| v.value.clone()),
        });
    }
}
