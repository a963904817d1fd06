//! The differ: two canonical models in, an ordered list of typed changes out. It never writes
//! SQL (that is `sql`) and never guesses a rename silently.
//!
//! Passes: renames (hints, or asked), then enums, then tables, collected into fixed phases
//! (`order.rs`) so the output is in dependency order and deterministic.

pub mod change;
mod constraint;
pub mod describe;
mod enums;
pub(crate) mod function;
pub mod grant;
mod index;
mod namespace;
mod order;
mod rename;
mod sequence;
mod table;
pub(crate) mod trigger;
mod types;
mod view;

pub use change::{Change, ColumnRef, Dependent, reverse_all};
pub use enums::usages;
pub use view::view_replaceable;

use crate::schema::RenameHints;
use crate::schema::model::{QualifiedName, Schema};
use order::{Phase, Phases};
use std::fmt;

/// A drop and an add of the same shape that could be a rename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameQuestion {
    /// `table`, `column` or `enum`.
    pub kind: &'static str,
    /// The table, for a column.
    pub table: Option<QualifiedName>,
    pub from: String,
    pub to: String,
}

impl fmt::Display for RenameQuestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match &self.table {
            Some(table) => format!(
                "column {table}.{} was removed and {table}.{} of the same type added",
                self.from, self.to
            ),
            None => format!(
                "{} {} was removed and {} {} of the same shape added",
                self.kind, self.from, self.kind, self.to
            ),
        };
        // Names are escaped: this is printed on a terminal and in errors.
        f.write_str(&crate::sql::quote::escape_text(&text))
    }
}

impl RenameQuestion {
    /// The TOML hint that makes it a rename.
    pub fn hint(&self) -> String {
        let from = crate::schema::write::string(&self.from);
        match &self.table {
            Some(table) => format!(
                "add renamed_from = {from} to column {} of table {table}",
                self.to
            ),
            None => format!(
                "add renamed_from = {from} to [{}.{}]",
                self.kind,
                crate::schema::write::key(&self.to)
            ),
        }
    }
}

/// How the differ may resolve what it cannot decide alone.
#[derive(Clone, Copy, Default)]
pub struct DiffOptions<'a> {
    /// Take an unhinted drop + add of the same shape as drop + create instead of refusing.
    pub allow_destructive: bool,
    /// Asked about each unhinted drop + add of the same shape; true means rename.
    pub decide_rename: Option<&'a dyn Fn(&RenameQuestion) -> bool>,
}

/// Why the differ refused.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(
        "{0} (a rename or a drop and create?): {hint}, or pass --allow-destructive to drop and re-create",
        hint = .0.hint()
    )]
    AmbiguousRename(RenameQuestion),
}

/// The ordered changes that turn `from` into `to`.
pub fn diff(
    from: &Schema,
    to: &Schema,
    hints: &RenameHints,
    options: &DiffOptions,
) -> Result<Vec<Change>, DiffError> {
    let (mut from, enum_renames, renames) = rename::apply_renames(from, to, hints, options)?;
    // A sequence renamed in place (after its table, as `serial` names it) is called by its new
    // name in the defaults that use it: say so in the old model, so they read as unchanged.
    for (old, new) in sequence::renames(&from, to) {
        let (old_call, new_call) = (
            crate::schema::model::nextval(&old),
            crate::schema::model::nextval(&new),
        );
        for table in &mut from.to_mut().tables {
            for column in &mut table.columns {
                if column.default
                    == Some(crate::schema::model::DefaultValue::Expression(
                        old_call.clone(),
                    ))
                {
                    column.default = Some(crate::schema::model::DefaultValue::Expression(
                        new_call.clone(),
                    ));
                }
            }
        }
    }
    let mut phases = Phases::default();
    for change in enum_renames {
        phases.push(Phase::Enums, change);
    }
    for change in renames {
        phases.push(Phase::Renames, change);
    }
    namespace::diff_schemas(&from, to, &mut phases);
    namespace::diff_extensions(&from, to, &mut phases);
    enums::diff_enums(&from, to, &mut phases);
    types::diff_domains(&from, to, &mut phases);
    types::diff_composites(&from, to, &mut phases);
    sequence::diff_sequences(&from, to, &mut phases);
    let context = table::TableContext {
        retyped: table::retyped_columns(&from, to),
        hints,
    };
    table::diff_tables(&from, to, &context, &mut phases);
    function::diff_functions(&from, to, &mut phases);
    view::diff_views(&from, to, hints, &mut phases);
    trigger::diff_table_access(&from, to, &mut phases);
    grant::diff_all_grants(&from, to, &mut phases);
    Ok(phases.into_changes())
}
