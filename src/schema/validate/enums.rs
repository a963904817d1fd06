//! Enums: names, values, rename hints.

use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::parse::{Loc, RawSchema, Reporter};
use std::collections::BTreeMap;

pub(super) fn build_enums(
    raw: &RawSchema,
    schema: &mut Schema,
    hints: &mut RenameHints,
    r: &mut Reporter,
) {
    let mut seen: BTreeMap<&QualifiedName, Loc> = BTreeMap::new();
    for e in &raw.enums {
        if let Some(first) = seen.get(&e.name) {
            let place = r.place(*first);
            r.error(
                e.at,
                format!("enum `{}` is defined twice (also at {place})", e.name),
            );
            continue;
        }
        seen.insert(&e.name, e.at);
        if e.values.is_empty() {
            r.error(e.at, format!("enum `{}` needs at least one value", e.name));
        }
        let mut values: Vec<String> = Vec::new();
        for value in &e.values {
            if values.contains(&value.value) {
                r.error(
                    value.at,
                    format!("enum `{}` lists `{}` twice", e.name, value.value),
                );
            } else if value.value.is_empty() {
                r.error(value.at, "an enum value cannot be empty");
            } else {
                values.push(value.value.clone());
            }
        }
        if let Some(from) = &e.renamed_from {
            let old = QualifiedName::parse(&from.value);
            if old == e.name {
                r.error(
                    from.at,
                    format!("enum `{}` cannot be renamed from itself", e.name),
                );
            } else {
                hints.enums.insert(e.name.clone(), old);
            }
        }
        for renamed in &e.renamed_values {
            let (new, old) = &renamed.value;
            if !values.contains(new) {
                r.error(
                    renamed.at,
                    format!(
                        "renamed value `{new}` is not among the values of `{}`",
                        e.name
                    ),
                );
            }
            hints
                .enum_values
                .insert((e.name.clone(), new.clone()), old.clone());
        }
        schema.enums.push(Enum {
            name: e.name.clone(),
            values,
            comment: e.comment.clone(),
        });
    }
}
