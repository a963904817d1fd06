//! Domains and composite types: their base and attribute types, defaults and checks.

use super::expressions::check_expression;
use crate::schema::model::*;
use crate::schema::parse::{Located, RawSchema, Reporter};
use crate::schema::types::{self, TypeKind};
use std::collections::BTreeMap;

/// A column, domain or attribute type: canonical, or reported (an unknown but well-formed
/// name is a warning).
pub(super) fn resolve_type(
    written: &Located<String>,
    user_types: &[String],
    r: &mut Reporter,
) -> String {
    match types::canonicalize(&written.value, user_types) {
        Ok((canonical, kind)) => {
            if kind == TypeKind::Unknown {
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
    user_types: &[String],
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
            .map(|t| resolve_type(t, user_types, r))
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
    user_types: &[String],
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
            let data_type = resolve_type(data_type, user_types, r);
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
