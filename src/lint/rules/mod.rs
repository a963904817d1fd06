//! The rules, one per file.

mod access;
mod blocking_lock;
mod deletes_data;
pub mod lock_table;
mod needs_backfill;
pub mod rebuilds_materialized_view;
mod recreates_function;
mod table_rewrite;
mod validation_scan;

use super::{Hazard, LintContext};
use crate::diff::Change;

/// Every rule's hazards for one change.
pub fn check(change: &Change, context: &LintContext) -> Vec<Hazard> {
    [
        deletes_data::check(change),
        table_rewrite::check(change, context),
        blocking_lock::check(change, context),
        validation_scan::check(change, context),
        needs_backfill::check(change, context),
        recreates_function::check(change),
        access::check(change, context),
    ]
    .into_iter()
    .flatten()
    .collect()
}
