//! The differ: two canonical models in, an ordered list of typed changes out. It never writes
//! SQL (that is `sql`) and never guesses a rename silently.

pub mod change;
mod describe;

pub use change::{Change, ColumnRef, reverse_all};

use crate::schema::{RenameHints, Schema};

/// How the differ may resolve what it cannot decide alone.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Allow changes that lose data.
    pub allow_destructive: bool,
}

/// Why the differ refused.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{0}")]
    Unsupported(String),
}

/// The ordered changes that turn `from` into `to`. (Skeleton: implemented by the differ work.)
pub fn diff(
    from: &Schema,
    to: &Schema,
    hints: &RenameHints,
    options: &DiffOptions,
) -> Result<Vec<Change>, DiffError> {
    let _ = (from, to, hints, options);
    unimplemented!("differ")
}
