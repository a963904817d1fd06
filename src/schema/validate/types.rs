//! Domains and composite types: their base and attribute types, defaults and checks.

use super::expressions::check_expression;
use crate::schema::model::*;
use crate::schema::parse::{Located, RawSchema, Reporter};
use crate::schema::types::{self, TypeKind};
use std::collections::BTreeMap;

/// The type names a schema may use beyond PostgreSQL's built-in ones.
pub(super) struct KnownTypes {
    /// The schema's own enums, domains and composites in display form (`audit.kind`).
    pub user: Vec<String>,
    /// Types the declared extensions create, as a column names them (qualified outside
    /// `public`): using them is no cause for a warning.
    pub from_extensions: Vec<String>,
}

/// Types created by well-known extensions. An extension not listed here still works: its
/// types only draw the "unknown type" warning.
const EXTENSION_TYPES: &[(&str, &[&str])] = &[
    ("citext", &["citext"]),
    ("cube", &["cube"]),
    ("earthdistance", &["earth"]),
    ("hstore", &["hstore"]),
    ("intarray", &["query_int"]),
    (
        "isn",
        &[
            "ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc",
        ],
    ),
    ("ltree", &["ltree", "lquery", "ltxtquery"]),
    ("pg_trgm", &["gtrgm"]),
    ("postgis", &["geometry", "geography", "box2d", "box3d"]),
    ("seg", &["seg"]),
    ("vector", &["vector", "halfvec", "sparsevec"]),
];

impl KnownTypes {
    pub(super) fn new(raw: &RawSchema) -> KnownTypes {
        // Every type the schema defines, whatever the order of the files: a domain over an
        // enum, a composite holding a domain, a column of any of them.
        let user = raw
            .enums
            .iter()
            .map(|e| &e.name)
            .chain(raw.domains.iter().map(|d| &d.name))
            .chain(raw.composites.iter().map(|c| &c.name))
            .map(|n| n.to_string())
            .collect();
        let mut from_extensions = Vec::new();
        for extension in &raw.extensions {
            let Some((_, names)) = EXTENSION_TYPES
                .iter()
                .find(|(name, _)| *name == extension.name.value)
            else {
                continue;
            };
            let schema = extension.schema.as_ref().map(|s| s.value.as_str());
            // Where the extension puts them: unqualified in `public`, else qualified (an
            // unqualified name would not resolve on the default search_path).
            for name in names.iter() {
                match schema.filter(|s| *s != "public") {
                    Some(schema) => {
                        from_extensions.push(QualifiedName::new(schema, *name).to_string())
                    }
                    None => from_extensions.push(name.to_string()),
                }
            }
        }
        KnownTypes {
            user,
            from_extensions,
        }
    }
}

/// A column, domain or attribute type: canonical, or reported (an unknown but well-formed
/// name is a warning, unless a declared extension creates it).
pub(super) fn resolve_type(
    written: &Located<String>,
    known: &KnownTypes,
    r: &mut Reporter,
) -> String {
    match types::canonicalize(&written.value, &known.user) {
        Ok((canonical, kind)) => {
            let base = types::split_array(&canonical).0;
            let base = base.split_once('(').map_or(base, |(name, _)| name);
            if kind == TypeKind::Unknown && !known.from_extensions.iter().any(|t| t == base) {
                r.warn(
                    written.at,
                    format!(
                        "unknown type `{canonical}`: strata cannot check it (a domain or \
                         extension type?); make sure the database has it"
                    ),
                );
            }
            canonical
        }
        Err(e) => {
            r.error(written.at.within_string(e.offset), e.message);
            String::new()
        }
    }
}

pub(super) fn build_domains(
    raw: &RawSchema,
    known: &KnownTypes,
    schema: &mut Schema,
    r: &mut Reporter,
) {
    let mut seen = BTreeMap::new();
    for written in &raw.domains {
        if let Some(first) = seen.insert(&written.name, written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "domain `{}` is defined twice (also at {place})",
                    written.name
                ),
            );
            continue;
        }
        let data_type = written
            .data_type
            .as_ref()
            .map(|t| resolve_type(t, known, r))
            .unwrap_or_default();
        let default = match (&written.default, &written.default_sql) {
            (Some(_), Some(sql)) => {
                r.error(sql.at, "set either `default` or `default_sql`, not both");
                None
            }
            (Some(literal), None) => Some(DefaultValue::Literal(literal.value.clone())),
            (None, Some(sql)) => {
                check_expression(
                    r,
                    sql.at,
                    &format!("domain `{}` default_sql", written.name),
                    &sql.value,
                );
                Some(DefaultValue::Expression(sql.value.trim().to_string()))
            }
            (None, None) => None,
        };
        let mut checks = Vec::new();
        for check in &written.checks {
            let what = format!("check `{}` of domain `{}`", check.name, written.name);
            check_expression(r, check.expression.at, &what, &check.expression.value);
            checks.push(Check {
                name: check.name.clone(),
                expression: check.expression.value.trim().to_string(),
                not_valid: check.not_valid,
                comment: check.comment.clone(),
            });
        }
        schema.domains.push(Domain {
            name: written.name.clone(),
            data_type,
            not_null: written.not_null,
            default,
            collation: written.collation.as_ref().map(|c| c.value.clone()),
            checks,
            comment: written.comment.clone(),
        });
    }
}

pub(super) fn build_composites(
    raw: &RawSchema,
    known: &KnownTypes,
    schema: &mut Schema,
    r: &mut Reporter,
) {
    let mut seen = BTreeMap::new();
    for written in &raw.composites {
        if let Some(first) = seen.insert(&written.name, written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!("type `{}` is defined twice (also at {place})", written.name),
            );
            continue;
        }
        if written.attributes.is_empty() {
            r.error(
                written.at,
                format!("type `{}` needs at least one attribute", written.name),
            );
        }
        let own = written.name.to_string();
        let mut attributes = Vec::new();
        for attribute in &written.attributes {
            let Some(data_type) = &attribute.data_type else {
                r.error(
                    attribute.at,
                    format!("attribute `{}` needs a `type`", attribute.name),
                );
                continue;
            };
            let data_type = resolve_type(data_type, known, r);
            if types::split_array(&data_type).0 == own {
                r.error(attribute.at, format!("type `{own}` cannot contain itself"));
            }
            attributes.push(Attribute {
                name: attribute.name.clone(),
                data_type,
                collation: attribute.collation.as_ref().map(|c| c.value.clone()),
            });
        }
        schema.composites.push(CompositeType {
            name: written.name.clone(),
            attributes,
            comment: written.comment.clone(),
        });
    }
}
