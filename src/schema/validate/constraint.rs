//! A table's keys and checks: the primary key (column shorthand or table-level, with its
//! name and deferrability), unique constraints, checks, and the key constraints PostgreSQL would
//! silently drop.

use super::expressions::check_expression;
use super::relations::table_level_unique_loc;
use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Loc, Located, RawColumn, RawTable, Reporter};

pub(super) fn build_primary_key(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
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
    let written = raw.primary_key.as_ref().map(|pk| &pk.value);
    let columns: Vec<String> = match (written, column_level.first()) {
        (Some(pk), _) => {
            if pk.columns.is_empty() {
                r.error(
                    raw.primary_key.as_ref().map_or(raw.at, |pk| pk.at),
                    format!(
                        "the primary key of table `{}` needs at least one column",
                        raw.name
                    ),
                );
                return;
            }
            for column in &pk.columns {
                require_column(raw, column, "primary key", r);
            }
            pk.columns.iter().map(|c| c.value.clone()).collect()
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
        name: written
            .and_then(|pk| pk.name.as_ref())
            .map_or_else(|| names::primary_key(&raw.name.name), |n| n.value.clone()),
        columns,
        deferrable: written.is_some_and(|pk| pk.deferrable || pk.initially_deferred),
        initially_deferred: written.is_some_and(|pk| pk.initially_deferred),
        comment: written.and_then(|pk| pk.comment.clone()),
    });
}

pub(super) fn build_uniques(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    for column in raw.columns.iter().filter(|c| c.unique) {
        let columns = vec![column.name.clone()];
        table.uniques.push(UniqueConstraint {
            name: names::unique(&raw.name.name, &columns),
            columns,
            ..UniqueConstraint::default()
        });
    }
    for unique in &raw.uniques {
        if unique.columns.is_empty() {
            r.error(
                unique.at,
                format!(
                    "unique constraint `{}` needs at least one column",
                    unique.name
                ),
            );
        }
        for column in &unique.columns {
            require_column(raw, column, "unique constraint", r);
        }
        table.uniques.push(UniqueConstraint {
            name: unique.name.clone(),
            columns: unique.columns.iter().map(|c| c.value.clone()).collect(),
            nulls_not_distinct: unique.nulls_not_distinct,
            deferrable: unique.deferrable || unique.initially_deferred,
            initially_deferred: unique.initially_deferred,
            comment: unique.comment.clone(),
        });
    }
}

/// `CREATE TABLE` keeps only the first of several key constraints on the same columns in the
/// same order (the primary key first) and drops the others without a word: a model holding
/// both could never match its database, and `verify` would report drift forever.
pub(super) fn check_duplicate_keys(raw: &RawTable, table: &Table, r: &mut Reporter) {
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
pub(super) fn require_column(
    raw: &RawTable,
    column: &Located<String>,
    what: &str,
    r: &mut Reporter,
) {
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

/// Check constraints: each one expression.
pub(super) fn build_checks(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    for check in &raw.checks {
        let what = format!("check `{}`", check.name);
        check_expression(r, check.expression.at, &what, &check.expression.value);
        table.checks.push(Check {
            name: check.name.clone(),
            expression: check.expression.value.trim().to_string(),
            not_valid: check.not_valid,
            comment: check.comment.clone(),
        });
    }
}
