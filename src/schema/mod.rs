//! The schema stage: the canonical model, the TOML format, validation and snapshots.

pub mod model;
pub mod names;
pub mod parse;
pub mod snapshot;
pub mod types;
pub mod validate;
pub mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use model::*;

/// One problem in a schema file, located as `path:line:col` (1-based, columns in characters)
/// so that editors can jump to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The message quotes what the user wrote (keys, names): escaped, so that a line break
        // or a terminal escape in a name cannot forge output.
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            crate::sql::quote::escape_text(&self.message)
        )
    }
}

/// Every error found in a schema directory (all of them, not only the first). Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// `renamed_from` hints from the TOML. They steer the differ and are not part of the model
/// (a snapshot describes state, not how it was reached).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenameHints {
    /// New table name -> old table name.
    pub tables: BTreeMap<QualifiedName, QualifiedName>,
    /// (table as named in the new model, new column name) -> old column name.
    pub columns: BTreeMap<(QualifiedName, String), String>,
    /// New enum name -> old enum name.
    pub enums: BTreeMap<QualifiedName, QualifiedName>,
    /// (enum as named in the new model, new value) -> old value; from the enum's
    /// `renamed_values = { NEW = "OLD" }` key.
    pub enum_values: BTreeMap<(QualifiedName, String), String>,
    /// (table, index) of indexes to build and drop `CONCURRENTLY` (`concurrently = true`).
    pub concurrent_indexes: std::collections::BTreeSet<(QualifiedName, String)>,
    /// New view name -> old view name (views and materialized views).
    pub views: BTreeMap<QualifiedName, QualifiedName>,
}

/// The result of reading a schema directory: the canonical model, rename hints and warnings
/// (such as a type name strata does not know, passed through as written).
#[derive(Debug, Clone, Default)]
pub struct ParsedSchema {
    pub schema: Schema,
    pub hints: RenameHints,
    pub warnings: Vec<Diagnostic>,
}
