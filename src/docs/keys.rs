//! Which columns are keys: the PK/FK/UK badges of the diagram, the pages and the Mermaid
//! output, and whether a foreign key is one-to-one.

use crate::schema::model::{ForeignKey, Table};

/// True when `column` is part of the table's primary key (and so never null).
pub fn in_primary_key(table: &Table, column: &str) -> bool {
    table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| c == column))
}

/// `PK`, `FK`, `UK` or a combination such as `PK,FK`.
pub fn badge(table: &Table, column: &str) -> String {
    let mut parts = Vec::new();
    if in_primary_key(table, column) {
        parts.push("PK");
    }
    if table
        .foreign_keys
        .iter()
        .any(|fk| fk.columns.iter().any(|c| c == column))
    {
        parts.push("FK");
    }
    if table
        .uniques
        .iter()
        .any(|u| u.columns.iter().any(|c| c == column))
    {
        parts.push("UK");
    }
    parts.join(",")
}

/// True when the foreign key's columns are also the primary key or a unique constraint, so
/// each referenced row has at most one referencing row.
pub fn is_one_to_one(table: &Table, fk: &ForeignKey) -> bool {
    let same = |columns: &[String]| {
        let mut a: Vec<&String> = columns.iter().collect();
        let mut b: Vec<&String> = fk.columns.iter().collect();
        a.sort();
        b.sort();
        a == b
    };
    table
        .primary_key
        .as_ref()
        .is_some_and(|pk| same(&pk.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
}
