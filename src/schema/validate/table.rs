//! Tables: columns, primary keys, uniques and indexes as written, with their own checks.

use super::relations::table_level_unique_loc;
use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Loc, Located, RawColumn, RawIndex, RawTable, Reporter};
use crate::schema::types::{self, TypeKind};

pub(super) fn build_table(
    raw: &RawTable,
    enum_names: &[String],
    hints: &mut RenameHints,
    r: &mut Reporter,
) -> Table {
    let mut table = Table::new(raw.name.clone());
    table.comment = raw.comment.clone();
    if raw.name.name.is_empty() {
        r.error(raw.at, "a table name cannot be empty");
    }
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
    if raw.name.is_empty() {
        r.error(raw.at, "a column name cannot be empty");
    }
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
        let (canonical, kind) = types::canonicalize(&written.value, enum_names);
        if kind == TypeKind::Unknown && !types::is_serial(&written.value) {
            r.warn(
                written.at,
                format!(
                    "unknown type `{}` is passed through as written (a domain or extension type?)",
                    written.value
                ),
            );
        }
        column.data_type = canonical;
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

fn build_index(raw: &RawTable, table: &Table, index: &RawIndex, r: &mut Reporter) -> Option<Index> {
    if index.columns.is_empty() {
        r.error(
            index.at,
            format!("index `{}` needs at least one column", index.name),
        );
        return None;
    }
    let mut parts = Vec::new();
    for column in &index.columns {
        let part = parse_index_part(&column.value);
        if let IndexKey::Column(name) = &part.key
            && table.column(name).is_none()
        {
            r.error(
                column.at,
                format!(
                    "index `{}` names column `{name}`, which table `{}` does not have",
                    index.name, raw.name
                ),
            );
        }
        parts.push(part);
    }
    for column in &index.include {
        require_column(raw, column, &format!("index `{}` include", index.name), r);
    }
    let method = match &index.using {
        None => "btree".to_string(),
        Some(using) => {
            let method = using.value.trim().to_ascii_lowercase();
            if !["btree", "hash", "gin", "gist", "brin", "spgist"].contains(&method.as_str()) {
                r.error(
                    using.at,
                    "`using` must be one of btree, hash, gin, gist, brin, spgist",
                );
            }
            method
        }
    };
    Some(Index {
        name: index.name.clone(),
        parts,
        unique: index.unique,
        method,
        predicate: index.predicate.as_ref().map(|p| p.trim().to_string()),
        include: index.include.iter().map(|c| c.value.clone()).collect(),
        nulls_not_distinct: index.nulls_not_distinct,
    })
}

/// Reads `"createdAt DESC NULLS LAST"`: a key (a plain name is a column, anything else an
/// expression) followed by optional direction and NULLS order.
pub fn parse_index_part(text: &str) -> IndexPart {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut descending = false;
    let mut nulls_first = None;
    let upper = |w: &str| w.to_ascii_uppercase();
    if words.len() >= 3 && upper(words[words.len() - 2]) == "NULLS" {
        match upper(words[words.len() - 1]).as_str() {
            "FIRST" => nulls_first = Some(true),
            "LAST" => nulls_first = Some(false),
            _ => {}
        }
        if nulls_first.is_some() {
            words.truncate(words.len() - 2);
        }
    }
    if words.len() >= 2 {
        match upper(words[words.len() - 1]).as_str() {
            "DESC" => {
                descending = true;
                words.pop();
            }
            "ASC" => {
                words.pop();
            }
            _ => {}
        }
    }
    let key_text = words.join(" ");
    let key = if is_plain_name(&key_text) {
        IndexKey::Column(key_text)
    } else {
        IndexKey::Expression(key_text)
    };
    IndexPart {
        key,
        descending,
        nulls_first: nulls_first.unwrap_or(descending),
    }
}

/// A plain column name: no parentheses, operators, quotes or spaces.
fn is_plain_name(text: &str) -> bool {
    !text.is_empty()
        && !text.chars().any(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | ')'
                        | '+'
                        | '-'
                        | '*'
                        | '/'
                        | '|'
                        | '\''
                        | '"'
                        | ':'
                        | ','
                        | '='
                        | '<'
                        | '>'
                )
        })
}
