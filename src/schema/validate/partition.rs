//! Partitions: the parent must be a partitioned table of the schema, and a table cannot be
//! its own ancestor.

use crate::schema::model::Schema;
use crate::schema::parse::{RawSchema, Reporter};

pub(super) fn check_partitions(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    check_unique_keys(raw, schema, r);
    for written in &raw.tables {
        let (Some(parent_at), Some(table)) = (&written.partition_of, schema.table(&written.name))
        else {
            continue;
        };
        let Some(partition) = &table.partition_of else {
            continue;
        };
        match schema.table(&partition.parent) {
            None => r.error(
                parent_at.at,
                format!("`partition_of` names unknown table `{}`", partition.parent),
            ),
            Some(parent) if parent.partition_by.is_none() => r.error(
                parent_at.at,
                format!(
                    "`partition_of`: table `{}` is not partitioned (give it `partition_by`)",
                    partition.parent
                ),
            ),
            Some(_) => {
                // Walk up: a cycle would never end.
                let mut seen = vec![&table.name];
                let mut current = &partition.parent;
                while let Some(next) = schema.table(current).and_then(|t| t.partition_of.as_ref()) {
                    if seen.contains(&&next.parent) || next.parent == table.name {
                        r.error(
                            parent_at.at,
                            format!("table `{}` would be its own partition", table.name),
                        );
                        break;
                    }
                    seen.push(current);
                    current = &next.parent;
                }
            }
        }
    }
}

/// PostgreSQL refuses a primary key, unique constraint or unique index on a partitioned table
/// that does not hold every column of the partition key (checked when the key is plain
/// columns).
fn check_unique_keys(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    for written in &raw.tables {
        let Some(table) = schema.table(&written.name) else {
            continue;
        };
        let Some(key) = &table.partition_by else {
            continue;
        };
        let Some(key_columns) = key_columns(key) else {
            continue;
        };
        let keys = table
            .primary_key
            .iter()
            .map(|pk| (pk.name.as_str(), pk.columns.clone()))
            .chain(
                table
                    .uniques
                    .iter()
                    .map(|u| (u.name.as_str(), u.columns.clone())),
            )
            .chain(table.indexes.iter().filter(|i| i.unique).map(|i| {
                let columns = i
                    .parts
                    .iter()
                    .filter_map(|p| match &p.key {
                        crate::schema::model::IndexKey::Column(c) => Some(c.clone()),
                        crate::schema::model::IndexKey::Expression(_) => None,
                    })
                    .collect();
                (i.name.as_str(), columns)
            }));
        for (name, columns) in keys {
            if let Some(missing) = key_columns.iter().find(|c| !columns.contains(c)) {
                r.error(
                    written.at,
                    format!(
                        "`{name}` on partitioned table `{}` must include the partition key \
                         column `{missing}` (PostgreSQL refuses a unique key without it)",
                        table.name
                    ),
                );
            }
        }
    }
}

/// The columns of a partition key made of plain names: `RANGE (a, b)` gives `a`, `b`.
fn key_columns(key: &str) -> Option<Vec<String>> {
    let inner = key.split_once('(')?.1.strip_suffix(')')?;
    let names: Vec<String> = inner
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect();
    names
        .iter()
        .all(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then_some(names)
}
