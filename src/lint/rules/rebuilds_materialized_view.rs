//! `rebuilds-materialized-view`: a materialized view dropped and created again (a new query,
//! options, `WITH NO DATA`, or a column it reads changes) recomputes its rows while the
//! migration holds its locks, and is empty in between for its readers.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind};

/// One hazard per materialized view that the change set both drops and creates.
pub fn check_all(changes: &[Change]) -> Vec<Hazard> {
    let mut out = Vec::new();
    for change in changes {
        let Change::CreateView { view } = change else {
            continue;
        };
        if !view.materialized {
            continue;
        }
        let dropped = changes.iter().any(|c| {
            matches!(c, Change::DropView { view: old } if old.materialized && old.name == view.name)
        });
        if dropped {
            out.push(Hazard {
                kind: HazardKind::RebuildsMaterializedView,
                message: format!(
                    "materialized view {} is dropped and created again: its rows are recomputed \
                     {}; on a large view, schedule the migration off-peak",
                    view.name,
                    if view.no_data {
                        "only at the next REFRESH (it is created WITH NO DATA)"
                    } else {
                        "inside the migration, which holds its locks meanwhile"
                    }
                ),
            });
        }
    }
    out
}
