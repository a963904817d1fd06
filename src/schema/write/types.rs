//! Domains and composite types as TOML.

use super::table::default_entry;
use super::{key, string};
use crate::schema::model::*;
use std::fmt::Write as _;

/// `types.toml`: every domain and composite type; empty when there is none.
pub(super) fn types_file(schema: &Schema) -> String {
    let mut out = String::new();
    for domain in &schema.domains {
        if !out.is_empty() {
            out.push('\n');
        }
        let name = key(&domain.name.to_string());
        let _ = writeln!(out, "[domain.{name}]");
        let _ = writeln!(out, "type = {}", string(&domain.data_type));
        if domain.not_null {
            let _ = writeln!(out, "not_null = true");
        }
        if let Some(default) = &domain.default {
            let (entry, value) = default_entry(default);
            let _ = writeln!(out, "{entry} = {value}");
        }
        if let Some(collation) = &domain.collation {
            let _ = writeln!(out, "collation = {}", string(collation));
        }
        if let Some(comment) = &domain.comment {
            let _ = writeln!(out, "comment = {}", string(comment));
        }
        if !domain.checks.is_empty() {
            let _ = writeln!(out, "\n[domain.{name}.checks]");
            for check in &domain.checks {
                let _ = writeln!(
                    out,
                    "{} = {}",
                    key(&check.name),
                    super::table::check_value(check)
                );
            }
        }
    }
    for composite in &schema.composites {
        if !out.is_empty() {
            out.push('\n');
        }
        let name = key(&composite.name.to_string());
        let _ = writeln!(out, "[composite.{name}]");
        if let Some(comment) = &composite.comment {
            let _ = writeln!(out, "comment = {}", string(comment));
        }
        let _ = writeln!(out, "\n[composite.{name}.attributes]");
        for attribute in &composite.attributes {
            let value = match &attribute.collation {
                None => string(&attribute.data_type),
                Some(collation) => format!(
                    "{{ type = {}, collation = {} }}",
                    string(&attribute.data_type),
                    string(collation)
                ),
            };
            let _ = writeln!(out, "{} = {value}", key(&attribute.name));
        }
    }
    out
}
