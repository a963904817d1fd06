//! Names that share a namespace: relations (tables, indexes, key constraints) per schema,
//! constraints per table.

use crate::schema::model::*;
use crate::schema::parse::{Loc, RawSchema, RawTable, Reporter};
use std::collections::{BTreeMap, BTreeSet};

/// Index, primary-key and unique names share one namespace per PostgreSQL schema; checks and
/// foreign keys must be unique within their table.
pub(super) fn check_relation_names(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    // Nearly every schema has no clash, and one sort of the names shows it (at 2,000 tables a
    // sort costs a fifth of placing every name in a map); the maps below, which find the first
    // place of each clash, run only when there is one.
    if has_duplicate(relation_keys(raw, schema)) {
        place_relation_clashes(raw, schema, r);
    }
    if has_duplicate(raw_type_names(raw).map(|(name, ..)| name)) {
        check_type_names(raw, r);
    }
    for raw_table in &raw.tables {
        if let Some(table) = schema.table(&raw_table.name) {
            check_constraint_names(raw_table, table, r);
        }
    }
}

/// True when an item occurs twice.
fn has_duplicate<T: Ord>(items: impl Iterator<Item = T>) -> bool {
    let mut items: Vec<T> = items.collect();
    items.sort_unstable();
    items.windows(2).any(|pair| pair[0] == pair[1])
}

/// Every name in the relation namespace, as (schema, name): the names
/// [`place_relation_clashes`] places.
fn relation_keys<'a>(
    raw: &'a RawSchema,
    schema: &'a Schema,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let tables = raw
        .tables
        .iter()
        .map(|t| (t.name.schema.as_str(), t.name.name.as_str()));
    let sequences = schema
        .sequences
        .iter()
        .map(|s| (s.name.schema.as_str(), s.name.name.as_str()));
    let index_like = raw.tables.iter().flat_map(move |raw_table| {
        let table = schema.table(&raw_table.name);
        table.into_iter().flat_map(move |table| {
            let schema_name = table.name.schema.as_str();
            let pk = table.primary_key.iter().map(|pk| pk.name.as_str());
            let uniques = table.uniques.iter().map(|u| u.name.as_str());
            let indexes = raw_table.indexes.iter().map(|i| i.name.as_str());
            pk.chain(uniques)
                .chain(indexes)
                .map(move |name| (schema_name, name))
        })
    });
    tables.chain(sequences).chain(index_like)
}

/// Reports each relation name used twice, at the second place, naming the first.
fn place_relation_clashes(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    let mut relations: BTreeMap<(&str, &str), Loc> = BTreeMap::new();
    for table in &raw.tables {
        relations.insert((&table.name.schema, &table.name.name), table.at);
    }
    // Sequences are relations too, and so are the ones `serial` columns imply.
    for sequence in &schema.sequences {
        let written = raw
            .sequences
            .iter()
            .find(|s| s.name == sequence.name)
            .map(|s| s.at);
        let implied = sequence
            .owned_by
            .as_ref()
            .and_then(|o| raw.tables.iter().find(|t| t.name == o.table))
            .map(|t| t.at);
        let at = written.or(implied).unwrap_or_default();
        let key = (sequence.name.schema.as_str(), sequence.name.name.as_str());
        if let Some(first) = relations.get(&key) {
            if *first != at || written.is_some() {
                let place = r.place(*first);
                r.error(
                    at,
                    format!(
                        "name `{}` is already used in schema `{}` (at {place}); sequences and \
                         tables share one namespace",
                        sequence.name.name, sequence.name.schema
                    ),
                );
            }
        } else {
            relations.insert(key, at);
        }
    }
    for raw_table in &raw.tables {
        let Some(table) = schema.table(&raw_table.name) else {
            continue;
        };
        let index_like = table
            .primary_key
            .iter()
            .map(|pk| (pk.name.as_str(), raw_table.at))
            .chain(
                table
                    .uniques
                    .iter()
                    .map(|u| (u.name.as_str(), unique_loc(raw_table, &u.name))),
            )
            .chain(raw_table.indexes.iter().map(|i| (i.name.as_str(), i.at)));
        for (name, at) in index_like {
            let key = (table.name.schema.as_str(), name);
            if let Some(first) = relations.get(&key) {
                let place = r.place(*first);
                r.error(at, format!("name `{name}` is already used in schema `{}` (at {place}); indexes, tables and key constraints share one namespace", table.name.schema));
            } else {
                relations.insert(key, at);
            }
        }
    }
}

/// A table's constraint names are unique within it.
fn check_constraint_names(raw_table: &RawTable, table: &Table, r: &mut Reporter) {
    let all = table
        .primary_key
        .iter()
        .map(|p| p.name.as_str())
        .chain(table.uniques.iter().map(|u| u.name.as_str()))
        .chain(table.checks.iter().map(|c| c.name.as_str()))
        .chain(table.foreign_keys.iter().map(|f| f.name.as_str()));
    if !has_duplicate(all.clone()) {
        return;
    }
    let mut constraints: BTreeSet<&str> = BTreeSet::new();
    for name in all {
        if !constraints.insert(name) {
            r.error(
                raw_table.at,
                format!("table `{}` has two constraints named `{name}`", table.name),
            );
        }
    }
}

/// Where a unique constraint was declared (its table-level entry, else the table).
fn unique_loc(raw: &RawTable, name: &str) -> Loc {
    table_level_unique_loc(raw, name).unwrap_or(raw.at)
}

/// The table-level `uniques` entry named `name`, if the unique was declared there.
pub(super) fn table_level_unique_loc(raw: &RawTable, name: &str) -> Option<Loc> {
    raw.uniques.iter().find(|u| u.name == name).map(|u| u.at)
}

/// Enums, domains, composite types and tables (each table has a row type) share one type
/// namespace per schema.
fn check_type_names(raw: &RawSchema, r: &mut Reporter) {
    let mut types: BTreeMap<&QualifiedName, (Loc, &str)> = BTreeMap::new();
    for (name, at, kind) in raw_type_names(raw) {
        match types.get(name) {
            // Two of one kind are reported as defined twice by their own builder.
            Some((_, first_kind)) if *first_kind == kind => {}
            Some((first, first_kind)) => {
                let place = r.place(*first);
                r.error(
                    at,
                    format!(
                        "{kind} `{name}` has the name of {first_kind} `{name}` (at {place}); \
                         tables and types share one namespace"
                    ),
                );
            }
            None => {
                types.insert(name, (at, kind));
            }
        }
    }
}

/// Every name in the type namespace, with its place and kind.
fn raw_type_names(raw: &RawSchema) -> impl Iterator<Item = (&QualifiedName, Loc, &'static str)> {
    raw.tables
        .iter()
        .map(|t| (&t.name, t.at, "table"))
        .chain(raw.enums.iter().map(|e| (&e.name, e.at, "enum")))
        .chain(raw.domains.iter().map(|d| (&d.name, d.at, "domain")))
        .chain(raw.composites.iter().map(|c| (&c.name, c.at, "type")))
}
