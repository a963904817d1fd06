//! Hazards of a change set, computed from typed changes (never from SQL text): data loss,
//! table rewrites, long locks, full validation scans. One rule per file under `rules/`; each
//! message says what is risky in production and what to do instead.

mod rules;

use crate::diff::Change;
use crate::schema::model::QualifiedName;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// The kind of a hazard; its kebab-case name is stable (headers, `--json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HazardKind {
    /// Rows or values are deleted and the down migration cannot bring them back.
    DeletesData,
    /// PostgreSQL rewrites the whole table (and its indexes) under an exclusive lock.
    TableRewrite,
    /// The statement holds a lock that blocks reads or writes while it scans or builds.
    BlockingLock,
    /// Every existing row is read to validate a new constraint while writes are blocked.
    ValidationScan,
    /// The migration needs more locks than a default server holds in one transaction.
    LockTable,
    /// The migration fails on a table that has rows unless they are filled first.
    NeedsBackfill,
    /// A materialized view is dropped and created again: its rows are recomputed.
    RebuildsMaterializedView,
    /// A function or aggregate is dropped and created again: what uses it must be too.
    RecreatesFunction,
    /// A trigger stops firing (disabled, or replica-only): what it enforced is no longer done.
    DisablesTrigger,
    /// Row-level security is switched off or no longer forced, or a restrictive policy goes:
    /// rows become visible or writable to more roles.
    WidensAccess,
    /// Privileges are taken away: roles that used them start failing.
    RevokesAccess,
}

impl HazardKind {
    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            HazardKind::DeletesData => "deletes-data",
            HazardKind::TableRewrite => "table-rewrite",
            HazardKind::BlockingLock => "blocking-lock",
            HazardKind::ValidationScan => "validation-scan",
            HazardKind::LockTable => "lock-table",
            HazardKind::NeedsBackfill => "needs-backfill",
            HazardKind::RebuildsMaterializedView => "rebuilds-materialized-view",
            HazardKind::RecreatesFunction => "recreates-function",
            HazardKind::DisablesTrigger => "disables-trigger",
            HazardKind::WidensAccess => "widens-access",
            HazardKind::RevokesAccess => "revokes-access",
        }
    }
}

/// One hazard of one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hazard {
    pub kind: HazardKind,
    /// What the change does and why it is risky, with what to do instead.
    pub message: String,
}

impl Hazard {
    /// True when the hazard loses data: `generate` asks, or needs `--allow-destructive`.
    pub fn is_destructive(&self) -> bool {
        self.kind == HazardKind::DeletesData
    }
}

/// One line, with the names inside it escaped (`sql::quote::escape_text`): hazards are written
/// into `--` comments of migration files and to the terminal, where a line break in a name
/// would start a statement or forge output.
impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.kind.name(),
            crate::sql::quote::escape_text(&self.message)
        )
    }
}

/// What a rule may need to know about the whole change set.
#[derive(Default)]
pub struct LintContext {
    /// Tables created by this migration: changes to them are harmless (they are empty).
    pub new_tables: BTreeSet<QualifiedName>,
    /// Tables dropped by this migration: what goes with them (triggers, policies, grants) is
    /// no hazard of its own.
    pub dropped_tables: BTreeSet<QualifiedName>,
    /// Columns dropped by this migration (their grants go with them).
    pub dropped_columns: BTreeSet<(QualifiedName, String)>,
    /// Views and materialized views dropped by this migration (their grants go with them).
    pub dropped_views: BTreeSet<QualifiedName>,
    /// Every (object, grantee, privilege) this migration grants: a revoke of one of them is
    /// taken back in the same migration (a view dropped and created again around a change).
    pub granted: BTreeSet<(crate::schema::model::GrantTarget, String, String)>,
    /// Functions and procedures created or dropped by this migration, as grant targets: their
    /// grants going from or back to PostgreSQL's default are no hazard.
    pub new_or_dropped_functions: BTreeSet<crate::schema::model::GrantTarget>,
}

/// Every hazard of a change set, in change order.
pub fn hazards(changes: &[Change]) -> Vec<Hazard> {
    let context = LintContext {
        new_tables: changes
            .iter()
            .filter_map(|c| match c {
                Change::CreateTable { table } => Some(table.name.clone()),
                _ => None,
            })
            .collect(),
        dropped_tables: changes
            .iter()
            .filter_map(|c| match c {
                Change::DropTable { table } => Some(table.name.clone()),
                _ => None,
            })
            .collect(),
        dropped_columns: changes
            .iter()
            .filter_map(|c| match c {
                Change::DropColumn { table, column } => Some((table.clone(), column.name.clone())),
                _ => None,
            })
            .collect(),
        dropped_views: changes
            .iter()
            .filter_map(|c| match c {
                Change::DropView { view } => Some(view.name.clone()),
                _ => None,
            })
            .collect(),
        new_or_dropped_functions: changes
            .iter()
            .filter_map(|c| match c {
                Change::CreateFunction { function } | Change::DropFunction { function } => {
                    Some(function.grant_target())
                }
                _ => None,
            })
            .collect(),
        granted: changes
            .iter()
            .flat_map(|c| match c {
                Change::Grant {
                    target,
                    grantee,
                    privileges,
                } => privileges
                    .iter()
                    .map(|p| (target.clone(), grantee.clone(), p.clone()))
                    .collect(),
                _ => Vec::new(),
            })
            .collect(),
    };
    let mut found: Vec<Hazard> = changes
        .iter()
        .flat_map(|change| rules::check(change, &context))
        .collect();
    found.extend(rules::lock_table::check_all(changes));
    found.extend(rules::rebuilds_materialized_view::check_all(changes));
    found
}
