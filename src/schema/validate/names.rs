//! Names and texts PostgreSQL would reject or silently change: empty names, control
//! characters (a line break in a name once became a statement in a migration's header), names
//! longer than the 63 bytes PostgreSQL keeps (it truncates them, so the database would never
//! match the schema), and NUL, which no PostgreSQL string can hold.

use crate::schema::model::{Literal, QualifiedName};
use crate::schema::names::MAX_IDENTIFIER_BYTES;
use crate::schema::parse::{Loc, Located, RawSchema, Reporter};

/// Checks every name and comment of the raw schema.
pub(super) fn check_names(raw: &RawSchema, r: &mut Reporter) {
    for schema in &raw.schemas {
        check_name(r, schema.at, "schema", &schema.name);
        check_text(r, schema.at, "comment", schema.comment.as_deref());
    }
    for extension in &raw.extensions {
        check_name(r, extension.name.at, "extension", &extension.name.value);
        if let Some(schema) = &extension.schema {
            check_name(r, schema.at, "schema", &schema.value);
        }
        if let Some(version) = &extension.version {
            check_label(r, version.at, &version.value);
        }
    }
    for domain in &raw.domains {
        check_qualified(r, domain.at, "domain", &domain.name);
        check_text(r, domain.at, "comment", domain.comment.as_deref());
        for check in &domain.checks {
            check_name(r, check.at, "check", &check.name);
        }
        if let Some(collation) = &domain.collation {
            check_name(r, collation.at, "collation", &collation.value);
        }
    }
    for composite in &raw.composites {
        check_qualified(r, composite.at, "type", &composite.name);
        check_text(r, composite.at, "comment", composite.comment.as_deref());
        for attribute in &composite.attributes {
            check_name(r, attribute.at, "attribute", &attribute.name);
        }
    }
    for sequence in &raw.sequences {
        check_qualified(r, sequence.at, "sequence", &sequence.name);
        check_text(r, sequence.at, "comment", sequence.comment.as_deref());
    }
    for e in &raw.enums {
        check_qualified(r, e.at, "enum", &e.name);
        for value in &e.values {
            check_label(r, value.at, &value.value);
        }
        check_renamed_from(r, &e.renamed_from);
    }
    for table in &raw.tables {
        check_qualified(r, table.at, "table", &table.name);
        check_renamed_from(r, &table.renamed_from);
        check_text(r, table.at, "comment", table.comment.as_deref());
        if let Some(pk) = &table.primary_key {
            if let Some(name) = &pk.value.name {
                check_name(r, name.at, "primary key", &name.value);
            }
            check_text(r, pk.at, "comment", pk.value.comment.as_deref());
        }
        for column in &table.columns {
            check_name(r, column.at, "column", &column.name);
            check_renamed_from(r, &column.renamed_from);
            if let Some(collation) = &column.collation {
                check_name(r, collation.at, "collation", &collation.value);
            }
            check_text(r, column.at, "comment", column.comment.as_deref());
            if let Some(Located {
                value: Literal::String(s),
                at,
            }) = &column.default
            {
                check_text(r, *at, "default", Some(s));
            }
        }
        for check in &table.checks {
            check_name(r, check.at, "check", &check.name);
            check_text(r, check.at, "comment", check.comment.as_deref());
        }
        for unique in &table.uniques {
            check_name(r, unique.at, "unique constraint", &unique.name);
            check_text(r, unique.at, "comment", unique.comment.as_deref());
        }
        for fk in &table.foreign_keys {
            check_name(r, fk.at, "foreign key", &fk.name);
            check_text(r, fk.at, "comment", fk.comment.as_deref());
        }
        for index in &table.indexes {
            check_name(r, index.at, "index", &index.name);
            check_text(r, index.at, "comment", index.comment.as_deref());
        }
    }
}

/// A schema-qualified name: both parts.
pub(super) fn check_qualified(r: &mut Reporter, at: Loc, what: &str, name: &QualifiedName) {
    check_name(r, at, &format!("{what} schema"), &name.schema);
    check_name(r, at, what, &name.name);
}

fn check_renamed_from(r: &mut Reporter, from: &Option<Located<String>>) {
    if let Some(from) = from {
        check_name(r, from.at, "renamed_from", &from.value);
    }
}

/// One identifier.
pub(super) fn check_name(r: &mut Reporter, at: Loc, what: &str, name: &str) {
    if name.is_empty() {
        // "an index", "an enum", "an extension"; "a table", "a renamed_from".
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        r.error(at, format!("{article} {what} name cannot be empty"));
    } else if let Some(c) = name.chars().find(|c| c.is_control()) {
        r.error(
            at,
            // Written raw: the diagnostic escapes its whole message when it is shown.
            format!("{what} name `{name}` contains the control character {c}: names may not"),
        );
    } else if name.len() > MAX_IDENTIFIER_BYTES {
        r.error(
            at,
            format!(
                "{what} name `{name}` is {} bytes; PostgreSQL keeps only {MAX_IDENTIFIER_BYTES} \
                 (it would truncate the name, and the database would never match the schema)",
                name.len()
            ),
        );
    }
}

/// An enum label: not empty (checked with the enum), no control character, at most 63 bytes.
fn check_label(r: &mut Reporter, at: Loc, label: &str) {
    if !label.is_empty() {
        check_name(r, at, "enum value", label);
    }
}

/// Free text (comments, string defaults): anything but NUL.
pub(super) fn check_text(r: &mut Reporter, at: Loc, what: &str, text: Option<&str>) {
    if text.is_some_and(|t| t.contains('\0')) {
        r.error(
            at,
            format!("PostgreSQL cannot store a NUL character (\\u0000) in a {what}"),
        );
    }
}
