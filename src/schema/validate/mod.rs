//! Raw definitions to the canonical model, checking everything the database would reject
//! later (and some things it would accept silently): duplicate names, references to unknown
//! tables or columns, mismatched foreign-key types, defaults that do not fit, two primary keys.
//! Every problem is reported at its place; nothing stops at the first.

use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::parse::{Loc, RawSchema, Reporter};
use std::collections::BTreeMap;

mod constraint;
mod defaults;
mod enums;
mod expressions;
mod function;
mod grant;
mod index;
mod names;
mod namespace;
mod partition;
mod references;
mod relations;
mod sequence;
mod table;
mod trigger;
mod types;
mod view;

use defaults::check_defaults;
use enums::build_enums;
pub use index::{column_reference_tokens, column_references, read_part};
use references::check_references;
pub use references::parse_reference;
use relations::check_relation_names;
use table::build_table;

/// Builds the canonical model and the rename hints, reporting every problem.
pub fn build(raw: &RawSchema, r: &mut Reporter) -> (Schema, RenameHints) {
    let mut schema = Schema::default();
    let mut hints = RenameHints::default();
    names::check_names(raw, r);
    namespace::build_namespaces(raw, &mut schema, r);
    build_enums(raw, &mut schema, &mut hints, r);
    let known_types = types::KnownTypes::new(raw);
    types::build_domains(raw, &known_types, &mut schema, r);
    types::build_composites(raw, &known_types, &mut schema, r);
    sequence::build_sequences(raw, &mut schema, r);
    function::check_overload_keys(raw, r);
    function::build_functions(raw, &known_types, &mut schema, r);
    let mut seen_tables: BTreeMap<&QualifiedName, Loc> = BTreeMap::new();
    let mut implied_sequences = Vec::new();
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
        schema.tables.push(build_table(
            table,
            &known_types,
            &mut hints,
            &mut implied_sequences,
            r,
        ));
    }
    schema.sequences.extend(implied_sequences);
    // Sorted first: the checks below look tables up by name (binary search).
    schema.sort();
    partition::check_partitions(raw, &schema, r);
    sequence::check_owners(raw, &schema, r);
    check_references(raw, &mut schema, r);
    check_defaults(raw, &schema, r);
    check_relation_names(raw, &schema, r);
    view::build_views(raw, &mut schema, &mut hints, r);
    schema.normalize_schemas();
    schema.sort();
    (schema, hints)
}

#[cfg(test)]
mod tests {
    use super::*;

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
