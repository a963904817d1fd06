//! The differ: two canonical models in, an ordered list of typed changes out. It never writes
//! SQL (that is `sql`) and never guesses a rename silently.
//!
//! Passes: renames (hints, or asked), then enums, then tables, collected into fixed phases
//! (`order.rs`) so the output is in dependency order and deterministic.

pub mod change;
mod describe;
mod order;
mod rename;
mod table;

pub use change::{Change, ColumnRef, reverse_all};

use crate::schema::model::{Enum, QualifiedName, Schema};
use crate::schema::{RenameHints, types};
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
    let (from, enum_renames, renames) = rename::apply_renames(from, to, hints, options)?;
    let mut phases = Phases::default();
    for change in enum_renames {
        phases.push(Phase::Enums, change);
    }
    for change in renames {
        phases.push(Phase::Renames, change);
    }
    diff_extensions(&from, to, &mut phases);
    diff_namespaces(&from, to, &mut phases);
    let rebuilt = diff_enums(&from, to, &mut phases);
    table::diff_tables(&from, to, &rebuilt, &mut phases);
    Ok(phases.into_changes())
}

fn diff_extensions(from: &Schema, to: &Schema, phases: &mut Phases) {
    for name in &to.extensions {
        if !from.extensions.contains(name) {
            phases.push(
                Phase::CreateExtensions,
                Change::CreateExtension { name: name.clone() },
            );
        }
    }
    for name in &from.extensions {
        if !to.extensions.contains(name) {
            phases.push(
                Phase::DropExtensions,
                Change::DropExtension { name: name.clone() },
            );
        }
    }
}

fn diff_namespaces(from: &Schema, to: &Schema, phases: &mut Phases) {
    let (old, new) = (from.namespaces(), to.namespaces());
    for name in &new {
        if !old.contains(name) {
            phases.push(
                Phase::CreateSchemas,
                Change::CreateSchema { name: name.clone() },
            );
        }
    }
    for name in &old {
        if !new.contains(name) {
            phases.push(
                Phase::DropSchemas,
                Change::DropSchema { name: name.clone() },
            );
        }
    }
}

/// Enum changes; returns the enums rebuilt in the up or the down migration (recreated, or
/// gaining values whose reverse recreates them): checks on their columns are dropped and added
/// again around the change, since a check holds constants of the type it was created with.
fn diff_enums(from: &Schema, to: &Schema, phases: &mut Phases) -> Vec<QualifiedName> {
    let mut rebuilt = Vec::new();
    for new in &to.enums {
        match from.enum_type(&new.name) {
            None => phases.push(
                Phase::Enums,
                Change::CreateEnum {
                    enum_type: new.clone(),
                },
            ),
            Some(old) if old.values == new.values => {}
            Some(old) if is_subsequence(&old.values, &new.values) => {
                rebuilt.push(new.name.clone());
                add_values(old, new, from, phases)
            }
            Some(old) => {
                rebuilt.push(new.name.clone());
                phases.push(
                    Phase::RecreateEnums,
                    Change::RecreateEnum {
                        from: old.clone(),
                        to: new.clone(),
                        usages: usages(to, &new.name),
                    },
                );
            }
        }
    }
    for old in &from.enums {
        if to.enum_type(&old.name).is_none() {
            phases.push(
                Phase::DropEnums,
                Change::DropEnum {
                    enum_type: old.clone(),
                },
            );
        }
    }
    rebuilt
}

/// One `AddEnumValue` per new value, in the new order, each with the list before and after it.
/// Its usages are the old model's (renames applied): only the reverse (a recreate) needs them,
/// and it runs late in the down migration, when the columns are back as they were but before
/// the renames are undone.
fn add_values(old: &Enum, new: &Enum, from: &Schema, phases: &mut Phases) {
    let usages = usages(from, &new.name);
    let mut current = old.values.clone();
    for value in &new.values {
        if current.contains(value) {
            continue;
        }
        let before = current.clone();
        let mut after: Vec<String> = new
            .values
            .iter()
            .filter(|v| current.contains(v) || *v == value)
            .cloned()
            .collect();
        after.dedup();
        current = after.clone();
        phases.push(
            Phase::Enums,
            Change::AddEnumValue {
                enum_type: new.name.clone(),
                value: value.clone(),
                values_before: before,
                values_after: after,
                usages: usages.clone(),
            },
        );
    }
}

/// True when `small` appears in `large` in the same order.
fn is_subsequence(small: &[String], large: &[String]) -> bool {
    let mut rest = large.iter();
    small.iter().all(|s| rest.any(|l| l == s))
}

/// Every column of `schema` whose type is the enum or an array of it.
pub fn usages(schema: &Schema, enum_name: &QualifiedName) -> Vec<ColumnRef> {
    let name = enum_name.to_string();
    let mut out = Vec::new();
    for table in &schema.tables {
        for column in &table.columns {
            if types::split_array(&column.data_type).0 == name {
                out.push(ColumnRef {
                    table: table.name.clone(),
                    column: column.name.clone(),
                    data_type: column.data_type.clone(),
                    default: column.default.clone(),
                });
            }
        }
    }
    out
}
