//! Phases: the fixed order in which changes are emitted. Foreign keys are dropped before
//! anything they depend on and added after every table exists, so cycles cannot occur; within
//! a phase, changes keep the (schema, name) order in which the differ visits the models.

use crate::diff::Change;

/// The phases, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Schemas before the extensions installed in them.
    CreateSchemas,
    CreateExtensions,
    /// Views recreated in a migration that renames tables, columns or views they read: dropped
    /// before the renames, so that the down migration creates them again after renaming back.
    DropViewsBeforeRenames,
    /// Renames come before every drop and alter, which name objects by their new names.
    Renames,
    /// Privileges taken away, while the objects still exist.
    RevokeGrants,
    /// Policies, then triggers, then views (dependents first) go before anything they use
    /// changes: a view reading a column that is retyped or dropped is dropped here and created
    /// again in `CreateViews`.
    DropPolicies,
    DropTriggers,
    DropViews,
    /// Functions whose signature or body needs a table or view (row types, `BEGIN ATOMIC`
    /// bodies) go before those relations change.
    DropRelationFunctions,
    /// Sequences let go of their owning columns before those columns or tables are dropped
    /// (dropping them would drop the sequences too).
    DisownSequences,
    /// Drops come before enum changes: a check comparing a column with an enum constant must
    /// be gone before the enum is rebuilt (in the down migration, it comes back after).
    DropForeignKeys,
    DropIndexesAndConstraints,
    Enums,
    /// Domains and composite types, after the enums they may use.
    Types,
    /// Sequences, before the defaults that call them.
    Sequences,
    /// Functions, procedures and aggregates that need no table or view: before the defaults,
    /// checks, generated columns and indexes that call them. Bodies are not checked at
    /// creation (`check_function_bodies = off`, as pg_dump does), so a body may read tables
    /// created later in the migration.
    CreateFunctions,
    /// Tables dropped to be created again (a new partition key), before they are.
    DropRebuiltTables,
    CreateTables,
    AddColumns,
    AlterColumns,
    DropColumns,
    /// Partitions are detached once their parent's columns changed (they follow it while
    /// attached), and attached again, with new bounds, after.
    DetachPartitions,
    /// Before enums are recreated: a dropped table may still use the old type.
    DropTables,
    RecreateEnums,
    AttachPartitions,
    AddIndexesAndConstraints,
    AddForeignKeys,
    /// `OWNED BY` once the owning columns exist.
    OwnSequences,
    /// Functions over tables' row types, or with bodies parsed at creation.
    CreateRelationFunctions,
    /// Views and materialized views (with their indexes), each after what it reads.
    CreateViews,
    CreateTriggers,
    /// Row-level security switched on or off, and policies.
    CreatePolicies,
    Grants,
    DropSequences,
    /// Functions no longer declared: after the defaults, checks and triggers that called them.
    DropFunctions,
    DropTypes,
    DropEnums,
    DropExtensions,
    DropSchemas,
}

/// Changes collected per phase.
#[derive(Debug, Default)]
pub struct Phases {
    buckets: std::collections::BTreeMap<Phase, Vec<Change>>,
}

impl Phases {
    /// Adds a change to a phase (after the ones already there).
    pub fn push(&mut self, phase: Phase, change: Change) {
        self.buckets.entry(phase).or_default().push(change);
    }

    /// Every change collected so far, in phase order.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.buckets.values().flatten()
    }

    /// All changes in phase order.
    pub fn into_changes(self) -> Vec<Change> {
        self.buckets.into_values().flatten().collect()
    }

    /// All changes with their phase, in phase order.
    pub fn into_phased(self) -> Vec<(Phase, Change)> {
        self.buckets
            .into_iter()
            .flat_map(|(phase, changes)| changes.into_iter().map(move |c| (phase, c)))
            .collect()
    }
}
