//! Tables: columns, primary keys, uniques and indexes as written, with their own checks.

use super::constraint::{build_checks, build_primary_key, build_uniques, check_duplicate_keys};
use super::expressions::check_expression;
use super::index::build_index;
use super::sequence::build_sequence_options;
use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::parse::{Located, RawColumn, RawTable, Reporter};
use crate::schema::types::{self, TypeKind};
use std::collections::BTreeMap;

pub(super) fn build_table(
    raw: &RawTable,
    enum_names: &[String],
    hints: &mut RenameHints,
    r: &mut Reporter,
) -> Table {
    let mut table = Table::new(raw.name.clone());
    table.comment = raw.comment.clone();
    if let Some(from) = &raw.renamed_from {
        let old = QualifiedName::parse(&from.value);
        if old == raw.name {
            r.error(
                from.at,
                format!("table `{}` cannot be renamed from itself", raw.name),
            );
        } else {
            hints.tables.insert(raw.name.clone(), old);
        }
    }
    for column in &raw.columns {
        table
            .columns
            .push(build_column(raw, column, enum_names, hints, r));
    }
    table.unlogged = raw.unlogged;
    table.storage = storage_parameters(&raw.storage);
    build_primary_key(raw, &mut table, r);
    build_uniques(raw, &mut table, r);
    check_duplicate_keys(raw, &table, r);
    build_checks(raw, &mut table, r);
    for index in &raw.indexes {
        if let Some(built) = build_index(raw, &table, index, r) {
            if index.concurrently {
                hints
                    .concurrent_indexes
                    .insert((raw.name.clone(), built.name.clone()));
            }
            table.indexes.push(built);
        }
    }
    table
}

fn build_column(
    table: &RawTable,
    raw: &RawColumn,
    enum_names: &[String],
    hints: &mut RenameHints,
    r: &mut Reporter,
) -> Column {
    let mut column = Column::new(raw.name.clone(), "");
    if let Some(written) = &raw.data_type {
        if types::is_serial(&written.value) {
            r.error(
                written.at,
                format!(
                    "`{}` is not supported (it creates a sequence strata does not manage); \
                     use type = \"integer\" or \"bigint\" with identity = \"by default\"",
                    written.value
                ),
            );
        }
        if !types::is_serial(&written.value) {
            match types::canonicalize(&written.value, enum_names) {
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
                    column.data_type = canonical;
                }
                Err(e) => r.error(written.at.within_string(e.offset), e.message),
            }
        }
    }
    column.not_null = raw.not_null || raw.primary_key;
    column.comment = raw.comment.clone();
    if let Some(identity) = &raw.identity {
        column.identity = match identity.value.trim().to_ascii_lowercase().as_str() {
            "always" => Some(Identity::Always),
            "by default" => Some(Identity::ByDefault),
            _ => {
                r.error(
                    identity.at,
                    "`identity` must be \"always\" or \"by default\"",
                );
                None
            }
        };
        column.not_null = true;
        column.identity_options =
            build_sequence_options(&raw.identity_options, &column.data_type, identity.at, r);
        if !matches!(column.data_type.as_str(), "smallint" | "integer" | "bigint") {
            r.error(
                identity.at,
                format!(
                    "an identity column must be smallint, integer or bigint, not {}",
                    column.data_type
                ),
            );
        }
    }
    column.collation = raw.collation.as_ref().map(|c| c.value.clone());
    column.generated = raw.generated.as_ref().map(|g| g.value.trim().to_string());
    if let Some(generated) = &raw.generated {
        check_expression(
            r,
            generated.at,
            &format!("column `{}` generated", raw.name),
            &generated.value,
        );
    }
    if let Some(sql) = &raw.default_sql {
        check_expression(
            r,
            sql.at,
            &format!("column `{}` default_sql", raw.name),
            &sql.value,
        );
    }
    column.default = match (&raw.default, &raw.default_sql) {
        (Some(_), Some(sql)) => {
            r.error(sql.at, "set either `default` or `default_sql`, not both");
            None
        }
        (Some(literal), None) => Some(DefaultValue::Literal(literal.value.clone())),
        (None, Some(sql)) => Some(DefaultValue::Expression(sql.value.trim().to_string())),
        (None, None) => None,
    };
    let default_at = raw
        .default
        .as_ref()
        .map(|d| d.at)
        .or(raw.default_sql.as_ref().map(|d| d.at));
    if let Some(at) = default_at {
        if column.identity.is_some() {
            r.error(at, "an identity column cannot have a default");
        }
        if column.generated.is_some() {
            r.error(at, "a generated column cannot have a default");
        }
    }
    if let (Some(_), Some(generated)) = (&column.identity, &raw.generated) {
        r.error(
            generated.at,
            "a column cannot be both identity and generated",
        );
    }
    if let Some(from) = &raw.renamed_from {
        if from.value == raw.name {
            r.error(
                from.at,
                format!("column `{}` cannot be renamed from itself", raw.name),
            );
        } else {
            hints
                .columns
                .insert((table.name.clone(), raw.name.clone()), from.value.clone());
        }
    }
    column
}

/// Storage parameters (`with = { .. }`) as the model keeps them: names in lower case, as
/// PostgreSQL folds them.
pub(super) fn storage_parameters(
    written: &[Located<(String, String)>],
) -> BTreeMap<String, String> {
    written
        .iter()
        .map(|p| (p.value.0.to_lowercase(), p.value.1.clone()))
        .collect()
}
