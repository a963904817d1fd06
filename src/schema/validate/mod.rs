//! Raw definitions to the canonical model, checking everything the database would reject
//! later (and some things it would accept silently): duplicate names, references to unknown
//! tables or columns, mismatched foreign-key types, defaults that do not fit, two primary keys.
//! Every problem is reported at its place; nothing stops at the first.

use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::parse::{Loc, Located, RawSchema, Reporter};
use std::collections::BTreeMap;

mod defaults;
mod enums;
mod references;
mod relations;
mod table;

use defaults::check_defaults;
use enums::build_enums;
use references::check_references;
pub use references::parse_reference;
use relations::check_relation_names;
use table::build_table;
pub use table::parse_index_part;

/// Builds the canonical model and the rename hints, reporting every problem.
pub fn build(raw: &RawSchema, r: &mut Reporter) -> (Schema, RenameHints) {
    let mut schema = Schema::default();
    let mut hints = RenameHints::default();
    check_no_nul(raw, r);
    for ext in &raw.extensions {
        schema.extensions.push(ext.value.clone());
    }
    build_enums(raw, &mut schema, &mut hints, r);
    let enum_names: Vec<String> = schema.enums.iter().map(|e| e.name.to_string()).collect();
    let mut seen_tables: BTreeMap<&QualifiedName, Loc> = BTreeMap::new();
    for table in &raw.tables {
        if let Some(first) = seen_tables.get(&table.name) {
            let place = r.place(*first);
            r.error(
                table.at,
                format!("table `{}` is defined twice (also at {place})", table.name),
            );
            continue;
        }
        seen_tables.insert(&table.name, table.at);
        schema
            .tables
            .push(build_table(table, &enum_names, &mut hints, r));
    }
    // Sorted first: the checks below look tables up by name (binary search).
    schema.sort();
    check_references(raw, &mut schema, r);
    check_defaults(raw, &schema, r);
    check_relation_names(raw, &schema, r);
    schema.sort();
    (schema, hints)
}

/// PostgreSQL cannot store NUL in names or strings.
fn check_no_nul(raw: &RawSchema, r: &mut Reporter) {
    let mut bad = Vec::new();
    for table in &raw.tables {
        if table.name.name.contains('\0') || table.name.schema.contains('\0') {
            bad.push(table.at);
        }
        for column in &table.columns {
            if column.name.contains('\0') {
                bad.push(column.at);
            }
            if let Some(Located {
                value: Literal::String(s),
                at,
            }) = &column.default
                && s.contains('\0')
            {
                bad.push(*at);
            }
        }
    }
    for e in &raw.enums {
        for value in &e.values {
            if value.value.contains('\0') {
                bad.push(value.at);
            }
        }
    }
    for at in bad {
        r.error(
            at,
            "PostgreSQL cannot store a NUL character (\\u0000) in a name or string",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_parts() {
        let part = parse_index_part("createdAt DESC NULLS LAST");
        assert_eq!(part.key, IndexKey::Column("createdAt".into()));
        assert!(part.descending && !part.nulls_first);
        let part = parse_index_part("created_at desc");
        assert!(part.descending && part.nulls_first);
        let part = parse_index_part("lower(title)");
        assert_eq!(part.key, IndexKey::Expression("lower(title)".into()));
        assert!(!part.descending && !part.nulls_first);
        let part = parse_index_part("a ASC NULLS FIRST");
        assert_eq!(part.key, IndexKey::Column("a".into()));
        assert!(part.nulls_first);
    }

    #[test]
    fn references() {
        assert_eq!(
            parse_reference("audit.logs(a, b)"),
            Some((
                QualifiedName::new("audit", "logs"),
                vec!["a".into(), "b".into()]
            ))
        );
        assert_eq!(parse_reference("users"), None);
        assert_eq!(parse_reference("users()"), None);
    }
}
