//! Tables: columns, primary keys, uniques and indexes as written, with their own checks.

use super::expressions::check_expression;
use super::index::build_index;
use super::relations::table_level_unique_loc;
use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Loc, Located, RawColumn, RawTable, Reporter};
use crate::schema::types::{self, TypeKind};

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
    build_primary_key(raw, &mut table, r);
    build_uniques(raw, &mut table, r);
    check_duplicate_keys(raw, &table, r);
    for check in &raw.checks {
        let (name, expression) = &check.value;
        check_expression(r, check.at, &format!("check `{name}`"), expression);
        table.checks.push(Check {
            name: name.clone(),
            expression: expression.trim().to_string(),
        });
    }
    for index in &raw.indexes {
        if let Some(index) = build_index(raw, &table, index, r) {
            table.indexes.push(index);
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
    }
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

fn build_primary_key(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    let column_level: Vec<&RawColumn> = raw.columns.iter().filter(|c| c.primary_key).collect();
    let mut declared: Vec<Loc> = column_level.iter().map(|c| c.at).collect();
    if let Some(pk) = &raw.primary_key {
        declared.push(pk.at);
    }
    if declared.len() > 1 {
        let first = r.place(declared[0]);
        r.error(
            declared[1],
            format!(
                "table `{}` has two primary keys (the first at {first}); use one table-level \
                 primary_key = [..] for a composite key",
                raw.name
            ),
        );
        return;
    }
    let columns: Vec<String> = match (&raw.primary_key, column_level.first()) {
        (Some(pk), _) => {
            for column in &pk.value {
                require_column(raw, column, "primary key", r);
            }
            pk.value.iter().map(|c| c.value.clone()).collect()
        }
        (None, Some(column)) => vec![column.name.clone()],
        (None, None) => return,
    };
    for column in &mut table.columns {
        if columns.contains(&column.name) {
            column.not_null = true;
        }
    }
    table.primary_key = Some(PrimaryKey {
        name: names::primary_key(&raw.name.name),
        columns,
    });
}

fn build_uniques(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    for column in raw.columns.iter().filter(|c| c.unique) {
        let columns = vec![column.name.clone()];
        table.uniques.push(UniqueConstraint {
            name: names::unique(&raw.name.name, &columns),
            columns,
            nulls_not_distinct: false,
        });
    }
    for unique in &raw.uniques {
        let (name, columns) = &unique.value;
        if columns.is_empty() {
            r.error(
                unique.at,
                format!("unique constraint `{name}` needs at least one column"),
            );
        }
        for column in columns {
            require_column(raw, column, "unique constraint", r);
        }
        table.uniques.push(UniqueConstraint {
            name: name.clone(),
            columns: columns.iter().map(|c| c.value.clone()).collect(),
            nulls_not_distinct: false,
        });
    }
}

/// `CREATE TABLE` keeps only the first of several key constraints on the same columns in the
/// same order (the primary key first) and drops the others without a word: a model holding
/// both could never match its database, and `verify` would report drift forever.
fn check_duplicate_keys(raw: &RawTable, table: &Table, r: &mut Reporter) {
    let mut seen: Vec<(&[String], String)> = table
        .primary_key
        .iter()
        .map(|pk| (pk.columns.as_slice(), "the primary key".to_string()))
        .collect();
    for unique in &table.uniques {
        let columns = unique.columns.as_slice();
        match seen.iter().find(|(other, _)| *other == columns) {
            Some((_, first)) => r.error(
                declared_unique_loc(raw, unique),
                format!(
                    "unique constraint `{}` on ({}) duplicates {first}: PostgreSQL would not \
                     create it; remove one of them",
                    unique.name,
                    columns.join(", ")
                ),
            ),
            None => seen.push((columns, format!("unique constraint `{}`", unique.name))),
        }
    }
}

/// Where a unique constraint was declared: its table-level entry, its column's `unique = true`,
/// else the table.
fn declared_unique_loc(raw: &RawTable, unique: &UniqueConstraint) -> Loc {
    if let Some(at) = table_level_unique_loc(raw, &unique.name) {
        return at;
    }
    raw.columns
        .iter()
        .find(|c| c.unique && unique.columns == [c.name.as_str()])
        .map_or(raw.at, |c| c.at)
}

/// Reports a column that the table does not have.
fn require_column(raw: &RawTable, column: &Located<String>, what: &str, r: &mut Reporter) {
    if !raw.columns.iter().any(|c| c.name == column.value) {
        r.error(
            column.at,
            format!(
                "{what} names column `{}`, which table `{}` does not have",
                column.value, raw.name
            ),
        );
    }
}
