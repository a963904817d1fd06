//! Changes to SQL: quoting, one renderer per object kind, and migration files with headers.

use crate::diff::Change;

/// A migration rendered to SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationSql {
    /// The up file's full text: header comment, then statements each ending in `;`.
    pub up: String,
    /// The down file's full text.
    pub down: String,
    /// False when a statement cannot run inside a transaction.
    pub transactional: bool,
    /// One line per hazard, as printed by `generate` and written in the header.
    pub hazards: Vec<String>,
}

/// Renders a migration's up and down files. (Skeleton: implemented by the renderer work.)
pub fn render_migration(tag: &str, changes: &[Change]) -> MigrationSql {
    let _ = (tag, changes);
    unimplemented!("renderer")
}
