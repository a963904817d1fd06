//! Sequence options (of sequences and of identity columns): within the type's range,
//! consistent with each other, and in canonical form (defaults left out).

use crate::schema::model::{SequenceOptions, SequenceSettings};
use crate::schema::parse::{Loc, RawSequenceOptions, Reporter};

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
