//! Sequence options (of sequences and of identity columns): within the type's range,
//! consistent with each other, and in canonical form (defaults left out).

use crate::schema::model::{
    ColumnName, QualifiedName, Schema, Sequence, SequenceOptions, SequenceSettings,
};
use crate::schema::parse::{Loc, RawSchema, RawSequenceOptions, Reporter};
use std::collections::BTreeMap;

/// The types a sequence can have.
const SEQUENCE_TYPES: &[&str] = &["smallint", "integer", "bigint"];

/// Free-standing sequences (`[sequence.NAME]`); their owners are checked once the tables exist
/// ([`check_owners`]).
pub(super) fn build_sequences(raw: &RawSchema, schema: &mut Schema, r: &mut Reporter) {
    let mut seen = BTreeMap::new();
    for written in &raw.sequences {
        if let Some(first) = seen.insert(&written.name, written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "sequence `{}` is defined twice (also at {place})",
                    written.name
                ),
            );
            continue;
        }
        let data_type = match &written.data_type {
            None => "bigint".to_string(),
            Some(t) => match crate::schema::types::canonical_builtin(&t.value) {
                Some(canonical) if SEQUENCE_TYPES.contains(&canonical.as_str()) => canonical,
                _ => {
                    r.error(t.at, "a sequence's `type` is smallint, integer or bigint");
                    "bigint".to_string()
                }
            },
        };
        let owned_by = written
            .owned_by
            .as_ref()
            .and_then(|o| match owner(&o.value) {
                Some(owner) => Some(owner),
                None => {
                    r.error(
                        o.at,
                        "`owned_by` must be \"table.column\" or \"schema.table.column\"",
                    );
                    None
                }
            });
        schema.sequences.push(Sequence {
            grants: super::grant::build_grants(
                crate::schema::model::GrantKind::Sequence,
                &written.grants,
                r,
            ),
            options: build_sequence_options(&written.options, &data_type, written.at, r),
            name: written.name.clone(),
            data_type,
            owned_by,
            comment: written.comment.clone(),
        });
    }
}

/// `table.column` (in `public`) or `schema.table.column`.
fn owner(text: &str) -> Option<ColumnName> {
    let (table, column) = text.rsplit_once('.')?;
    if table.is_empty() || column.is_empty() {
        return None;
    }
    Some(ColumnName {
        table: QualifiedName::parse(table),
        column: column.to_string(),
    })
}

/// Every `owned_by` must name a column of a table of the model (in the sequence's schema:
/// PostgreSQL requires it).
pub(super) fn check_owners(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    for written in &raw.sequences {
        let Some(owned) = &written.owned_by else {
            continue;
        };
        let Some(owner) = owner(&owned.value) else {
            continue;
        };
        match schema.table(&owner.table) {
            None => r.error(
                owned.at,
                format!("`owned_by` names unknown table `{}`", owner.table),
            ),
            Some(table) if table.column(&owner.column).is_none() => r.error(
                owned.at,
                format!(
                    "`owned_by` names column `{}`, which table `{}` does not have",
                    owner.column, owner.table
                ),
            ),
            Some(_) if owner.table.schema != written.name.schema => r.error(
                owned.at,
                "a sequence and the table that owns it must be in the same schema",
            ),
            Some(_) => {}
        }
    }
}

/// The canonical options of `raw` for a sequence of `data_type`, reporting settings that
/// PostgreSQL would reject.
pub(super) fn build_sequence_options(
    raw: &RawSequenceOptions,
    data_type: &str,
    at: Loc,
    r: &mut Reporter,
) -> SequenceOptions {
    let written = SequenceOptions {
        start: raw.start.as_ref().map(|v| v.value),
        increment: raw.increment.as_ref().map(|v| v.value),
        min_value: raw.min_value.as_ref().map(|v| v.value),
        max_value: raw.max_value.as_ref().map(|v| v.value),
        cache: raw.cache.as_ref().map(|v| v.value),
        cycle: raw.cycle,
    };
    let place =
        |value: &Option<crate::schema::parse::Located<i64>>| value.as_ref().map_or(at, |v| v.at);
    if written.increment == Some(0) {
        r.error(place(&raw.increment), "`increment` cannot be 0");
        return SequenceOptions::default();
    }
    let settings: SequenceSettings = written.settings(data_type);
    let (type_min, type_max) = SequenceOptions::type_range(data_type);
    if settings.min < type_min || settings.max > type_max {
        r.error(
            place(&raw.min_value).min(place(&raw.max_value)),
            format!(
                "the range {}..{} does not fit {data_type}",
                settings.min, settings.max
            ),
        );
    } else if settings.min >= settings.max {
        r.error(
            place(&raw.min_value),
            format!(
                "`min_value` ({}) must be below `max_value` ({})",
                settings.min, settings.max
            ),
        );
    } else if !(settings.min..=settings.max).contains(&settings.start) {
        r.error(
            place(&raw.start),
            format!(
                "`start` ({}) must lie between `min_value` ({}) and `max_value` ({})",
                settings.start, settings.min, settings.max
            ),
        );
    }
    if settings.cache < 1 {
        r.error(place(&raw.cache), "`cache` must be at least 1");
    }
    settings.options(data_type)
}
