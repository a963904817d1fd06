//! The typed change set between two models: the contract between the differ and the renderer.
//!
//! Every variant carries whole objects (a drop holds the entire old object), so a change can be
//! rendered, and reversed, without either model at hand. [`Change::reverse`] gives the change
//! that undoes it: the down migration is the reverse of each up change, in reverse order,
//! rendered by the same code that renders the up.
//!
//! Rendering contract: `CreateTable` creates the table with its columns, primary key, unique and
//! check constraints, and the table and column comments. Its foreign keys and indexes are *not*
//! part of it: the differ emits them as separate `AddForeignKey` / `CreateIndex` changes so that
//! every table exists before any foreign key points at it. Likewise `DropTable` drops only the
//! table; the differ first emits `DropForeignKey` for the keys that point at it.

use crate::schema::model::{
    Aggregate, Check, Column, ColumnName, CompositeType, Domain, Enum, Extension, ForeignKey,
    Function, GrantTarget, Index, Namespace, PartitionOf, Policy, PrimaryKey, QualifiedName,
    RowLevelSecurity, Sequence, Trigger, UniqueConstraint, View,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// One schema change.
// A change list holds a few hundred values at most per migration and is walked once to render
// it: boxing the large variants (two columns, a whole foreign key) would buy nothing measurable
// and make every pattern in the differ and renderer noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    CreateExtension {
        extension: Extension,
    },
    DropExtension {
        extension: Extension,
    },
    /// A new schema or version of an extension (`SET SCHEMA`, `UPDATE TO`).
    AlterExtension {
        from: Extension,
        to: Extension,
    },
    CreateSchema {
        schema: Namespace,
    },
    DropSchema {
        schema: Namespace,
    },
    SetSchemaComment {
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// `CREATE SEQUENCE`, without its owner: the owning column may not exist yet, so
    /// `SetSequenceOwner` follows once it does.
    CreateSequence {
        sequence: Sequence,
    },
    DropSequence {
        sequence: Sequence,
    },
    RenameSequence {
        from: QualifiedName,
        to: QualifiedName,
    },
    /// Type, options or comment of a sequence.
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    /// `OWNED BY`: set after the owning column exists, cleared before it goes (dropping a
    /// column or table drops the sequences it owns).
    SetSequenceOwner {
        sequence: QualifiedName,
        from: Option<ColumnName>,
        to: Option<ColumnName>,
    },
    CreateDomain {
        domain: Domain,
    },
    DropDomain {
        domain: Domain,
    },
    /// Default, NOT NULL, checks or comment of a domain (its base type is fixed).
    AlterDomain {
        from: Domain,
        to: Domain,
    },
    /// A new base type or collation: the domain is recreated and its columns converted, as an
    /// enum is.
    RecreateDomain {
        from: Domain,
        to: Domain,
        usages: Vec<ColumnRef>,
    },
    CreateComposite {
        composite: CompositeType,
    },
    DropComposite {
        composite: CompositeType,
    },
    /// Attributes added, dropped or retyped, or the comment, on a type no column uses.
    AlterComposite {
        from: CompositeType,
        to: CompositeType,
    },
    /// New attributes for a type that columns use (PostgreSQL refuses to alter it then): the
    /// type is recreated and each column converted, attribute by attribute.
    RecreateComposite {
        from: CompositeType,
        to: CompositeType,
        usages: Vec<ColumnRef>,
    },
    /// The comment of an object that has no change of its own for it.
    SetComment {
        target: CommentTarget,
        from: Option<String>,
        to: Option<String>,
    },
    /// `ALTER TABLE parent ATTACH PARTITION table FOR VALUES ..`.
    AttachPartition {
        table: QualifiedName,
        partition: PartitionOf,
    },
    DetachPartition {
        table: QualifiedName,
        partition: PartitionOf,
    },
    CreateEnum {
        enum_type: Enum,
    },
    DropEnum {
        enum_type: Enum,
    },
    RenameEnum {
        from: QualifiedName,
        to: QualifiedName,
    },
    /// `ALTER TYPE .. ADD VALUE`: `values_after` is the full value list once it is added, so the
    /// position (`BEFORE`/`AFTER`) can be read off it and the reverse can rebuild the type.
    AddEnumValue {
        enum_type: QualifiedName,
        value: String,
        values_before: Vec<String>,
        values_after: Vec<String>,
        /// Columns using the enum, needed when the reverse has to recreate the type.
        usages: Vec<ColumnRef>,
        /// Checks and indexes the reverse rebuilds around the recreate.
        dependents: Vec<Dependent>,
        /// The enum's comment, which the reverse's new type must carry too.
        comment: Option<String>,
    },
    RenameEnumValue {
        enum_type: QualifiedName,
        from: String,
        to: String,
    },
    /// Removing or reordering values: the type is recreated and the columns that use it are
    /// converted through `text`.
    RecreateEnum {
        from: Enum,
        to: Enum,
        usages: Vec<ColumnRef>,
        /// Checks and indexes that use the type: dropped before and added after the recreate.
        dependents: Vec<Dependent>,
    },
    CreateTable {
        table: crate::schema::model::Table,
    },
    DropTable {
        table: crate::schema::model::Table,
    },
    RenameTable {
        from: QualifiedName,
        to: QualifiedName,
    },
    SetTableComment {
        table: QualifiedName,
        from: Option<String>,
        to: Option<String>,
    },
    AddColumn {
        table: QualifiedName,
        column: Column,
    },
    DropColumn {
        table: QualifiedName,
        column: Column,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    /// Any change of one column's type, nullability, default, identity, generated expression
    /// or comment; the renderer emits one statement per property that differs.
    AlterColumn {
        table: QualifiedName,
        from: Column,
        to: Column,
    },
    AddPrimaryKey {
        table: QualifiedName,
        primary_key: PrimaryKey,
    },
    DropPrimaryKey {
        table: QualifiedName,
        primary_key: PrimaryKey,
    },
    AddUnique {
        table: QualifiedName,
        unique: UniqueConstraint,
    },
    DropUnique {
        table: QualifiedName,
        unique: UniqueConstraint,
    },
    AddCheck {
        table: QualifiedName,
        check: Check,
    },
    DropCheck {
        table: QualifiedName,
        check: Check,
    },
    AddForeignKey {
        table: QualifiedName,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: QualifiedName,
        foreign_key: ForeignKey,
    },
    /// `CREATE INDEX`; with `concurrently` (the index's `concurrently = true` hint) it is built
    /// without blocking writes, outside a transaction.
    CreateIndex {
        table: QualifiedName,
        index: Index,
        #[serde(skip_serializing_if = "crate::schema::model::is_false")]
        concurrently: bool,
    },
    DropIndex {
        table: QualifiedName,
        index: Index,
        #[serde(skip_serializing_if = "crate::schema::model::is_false")]
        concurrently: bool,
    },
    /// A key, check or foreign key renamed in place (`RENAME CONSTRAINT`): a table rename
    /// changes the default names of what it holds, and dropping and adding them again would
    /// fail where other objects depend on them, and rebuild or re-validate for nothing.
    RenameConstraint {
        table: QualifiedName,
        from: String,
        to: String,
    },
    RenameIndex {
        table: QualifiedName,
        from: String,
        to: String,
    },
    SetConstraintComment {
        table: QualifiedName,
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
    SetIndexComment {
        table: QualifiedName,
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// A check or foreign key that becomes valid (`VALIDATE CONSTRAINT`) or, in reverse, is
    /// added again `NOT VALID`. `constraint` is its state after the change.
    SetConstraintValidity {
        table: QualifiedName,
        constraint: ValidatedConstraint,
    },
    /// `CREATE FUNCTION` / `CREATE PROCEDURE`, with its comment.
    CreateFunction {
        function: Function,
    },
    DropFunction {
        function: Function,
    },
    /// `CREATE OR REPLACE`: same arguments and return type, new body or options (or only a
    /// new comment).
    ReplaceFunction {
        from: Function,
        to: Function,
    },
    /// Drop and create: the argument list or return type changes, which `CREATE OR REPLACE`
    /// cannot do (the `recreates-function` hazard).
    RecreateFunction {
        from: Function,
        to: Function,
    },
    CreateAggregate {
        aggregate: Aggregate,
    },
    DropAggregate {
        aggregate: Aggregate,
    },
    ReplaceAggregate {
        from: Aggregate,
        to: Aggregate,
    },
    /// A new state type or final function (a new result type): drop and create.
    RecreateAggregate {
        from: Aggregate,
        to: Aggregate,
    },
    /// `SET LOGGED` / `SET UNLOGGED`.
    SetTableLogged {
        table: QualifiedName,
        unlogged: bool,
    },
    /// `CREATE [MATERIALIZED] VIEW` with its options, comment and (materialized) indexes.
    CreateView {
        view: View,
    },
    DropView {
        view: View,
    },
    /// `CREATE OR REPLACE VIEW`: only emitted when the new query keeps the old columns and
    /// appends new ones; the reverse, which would remove columns, drops and creates.
    ReplaceView {
        from: View,
        to: View,
    },
    RenameView {
        from: QualifiedName,
        to: QualifiedName,
        materialized: bool,
    },
    /// Storage parameters of a table or (with `index`) of one of its indexes.
    SetStorage {
        table: QualifiedName,
        index: Option<String>,
        from: BTreeMap<String, String>,
        to: BTreeMap<String, String>,
    },
    /// `CREATE TRIGGER`, then its enabled state and comment when not the defaults.
    CreateTrigger {
        table: QualifiedName,
        trigger: Trigger,
    },
    DropTrigger {
        table: QualifiedName,
        trigger: Trigger,
    },
    /// `CREATE OR REPLACE TRIGGER` when the definition changes, then the enabled state and the
    /// comment when they change.
    AlterTrigger {
        table: QualifiedName,
        from: Trigger,
        to: Trigger,
    },
    /// `ENABLE`/`DISABLE`, `FORCE`/`NO FORCE ROW LEVEL SECURITY`.
    SetRowLevelSecurity {
        table: QualifiedName,
        from: RowLevelSecurity,
        to: RowLevelSecurity,
    },
    CreatePolicy {
        table: QualifiedName,
        policy: Policy,
    },
    DropPolicy {
        table: QualifiedName,
        policy: Policy,
    },
    /// `ALTER POLICY`: roles, USING, WITH CHECK (each present on both sides) or the comment.
    AlterPolicy {
        table: QualifiedName,
        from: Policy,
        to: Policy,
    },
    /// `GRANT privileges ON target TO grantee`.
    Grant {
        target: GrantTarget,
        grantee: String,
        privileges: Vec<String>,
    },
    /// `REVOKE privileges ON target FROM grantee`.
    Revoke {
        target: GrantTarget,
        grantee: String,
        privileges: Vec<String>,
    },
}

/// What a [`Change::SetComment`] comments on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum CommentTarget {
    /// An enum (`COMMENT ON TYPE`).
    Type(QualifiedName),
    View(QualifiedName),
    MaterializedView(QualifiedName),
    /// A column of a view or materialized view (`COMMENT ON COLUMN`).
    ViewColumn(QualifiedName, String),
}

impl std::fmt::Display for CommentTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommentTarget::Type(name) => write!(f, "type {name}"),
            CommentTarget::View(name) => write!(f, "view {name}"),
            CommentTarget::MaterializedView(name) => write!(f, "materialized view {name}"),
            CommentTarget::ViewColumn(name, column) => write!(f, "view column {name}.{column}"),
        }
    }
}

/// A constraint that can be `NOT VALID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValidatedConstraint {
    Check(Check),
    ForeignKey(ForeignKey),
}

impl ValidatedConstraint {
    /// The constraint's name.
    pub fn name(&self) -> &str {
        match self {
            ValidatedConstraint::Check(c) => &c.name,
            ValidatedConstraint::ForeignKey(f) => &f.name,
        }
    }

    /// True when it was added `NOT VALID` and not validated since.
    pub fn not_valid(&self) -> bool {
        match self {
            ValidatedConstraint::Check(c) => c.not_valid,
            ValidatedConstraint::ForeignKey(f) => f.not_valid,
        }
    }

    /// The same constraint with the other validity.
    pub fn toggled(&self) -> Self {
        match self.clone() {
            ValidatedConstraint::Check(mut c) => {
                c.not_valid = !c.not_valid;
                ValidatedConstraint::Check(c)
            }
            ValidatedConstraint::ForeignKey(mut f) => {
                f.not_valid = !f.not_valid;
                ValidatedConstraint::ForeignKey(f)
            }
        }
    }
}

/// A check or index that holds constants of an enum type, rebuilt around a recreate of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dependent {
    Check { table: QualifiedName, check: Check },
    Index { table: QualifiedName, index: Index },
}

/// A column of a table, as a reference (for enum usages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    pub table: QualifiedName,
    pub column: String,
    /// The column's type as written in the model: the enum name, or `name[]` for arrays.
    pub data_type: String,
    /// The column's default, re-applied after a type conversion.
    pub default: Option<crate::schema::model::DefaultValue>,
}

impl Change {
    /// The change that undoes this one.
    pub fn reverse(&self) -> Change {
        use Change::*;
        match self.clone() {
            CreateExtension { extension } => DropExtension { extension },
            DropExtension { extension } => CreateExtension { extension },
            AlterExtension { from, to } => AlterExtension { from: to, to: from },
            CreateSchema { schema } => DropSchema { schema },
            DropSchema { schema } => CreateSchema { schema },
            SetSchemaComment { name, from, to } => SetSchemaComment {
                name,
                from: to,
                to: from,
            },
            CreateSequence { sequence } => DropSequence { sequence },
            DropSequence { sequence } => CreateSequence { sequence },
            RenameSequence { from, to } => RenameSequence { from: to, to: from },
            AlterSequence { from, to } => AlterSequence { from: to, to: from },
            SetSequenceOwner { sequence, from, to } => SetSequenceOwner {
                sequence,
                from: to,
                to: from,
            },
            CreateDomain { domain } => DropDomain { domain },
            DropDomain { domain } => CreateDomain { domain },
            AlterDomain { from, to } => AlterDomain { from: to, to: from },
            RecreateDomain { from, to, usages } => RecreateDomain {
                from: to,
                to: from,
                usages,
            },
            CreateComposite { composite } => DropComposite { composite },
            DropComposite { composite } => CreateComposite { composite },
            AlterComposite { from, to } => AlterComposite { from: to, to: from },
            RecreateComposite { from, to, usages } => RecreateComposite {
                from: to,
                to: from,
                usages,
            },
            SetComment { target, from, to } => SetComment {
                target,
                from: to,
                to: from,
            },
            AttachPartition { table, partition } => DetachPartition { table, partition },
            DetachPartition { table, partition } => AttachPartition { table, partition },
            CreateEnum { enum_type } => DropEnum { enum_type },
            DropEnum { enum_type } => CreateEnum { enum_type },
            RenameEnum { from, to } => RenameEnum { from: to, to: from },
            AddEnumValue {
                enum_type,
                values_before,
                values_after,
                usages,
                dependents,
                comment,
                ..
            } => RecreateEnum {
                from: Enum {
                    name: enum_type.clone(),
                    values: values_after,
                    comment: comment.clone(),
                },
                to: Enum {
                    name: enum_type,
                    values: values_before,
                    comment,
                },
                usages,
                dependents,
            },
            RenameEnumValue {
                enum_type,
                from,
                to,
            } => RenameEnumValue {
                enum_type,
                from: to,
                to: from,
            },
            RecreateEnum {
                from,
                to,
                usages,
                dependents,
            } => RecreateEnum {
                from: to,
                to: from,
                usages,
                dependents,
            },
            CreateTable { table } => DropTable { table },
            DropTable { table } => CreateTable { table },
            RenameTable { from, to } => RenameTable { from: to, to: from },
            SetTableComment { table, from, to } => SetTableComment {
                table,
                from: to,
                to: from,
            },
            AddColumn { table, column } => DropColumn { table, column },
            DropColumn { table, column } => AddColumn { table, column },
            RenameColumn { table, from, to } => RenameColumn {
                table,
                from: to,
                to: from,
            },
            AlterColumn { table, from, to } => AlterColumn {
                table,
                from: to,
                to: from,
            },
            AddPrimaryKey { table, primary_key } => DropPrimaryKey { table, primary_key },
            DropPrimaryKey { table, primary_key } => AddPrimaryKey { table, primary_key },
            AddUnique { table, unique } => DropUnique { table, unique },
            DropUnique { table, unique } => AddUnique { table, unique },
            AddCheck { table, check } => DropCheck { table, check },
            DropCheck { table, check } => AddCheck { table, check },
            AddForeignKey { table, foreign_key } => DropForeignKey { table, foreign_key },
            DropForeignKey { table, foreign_key } => AddForeignKey { table, foreign_key },
            CreateIndex {
                table,
                index,
                concurrently,
            } => DropIndex {
                table,
                index,
                concurrently,
            },
            DropIndex {
                table,
                index,
                concurrently,
            } => CreateIndex {
                table,
                index,
                concurrently,
            },
            RenameConstraint { table, from, to } => RenameConstraint {
                table,
                from: to,
                to: from,
            },
            RenameIndex { table, from, to } => RenameIndex {
                table,
                from: to,
                to: from,
            },
            SetConstraintComment {
                table,
                name,
                from,
                to,
            } => SetConstraintComment {
                table,
                name,
                from: to,
                to: from,
            },
            SetIndexComment {
                table,
                name,
                from,
                to,
            } => SetIndexComment {
                table,
                name,
                from: to,
                to: from,
            },
            SetConstraintValidity { table, constraint } => SetConstraintValidity {
                table,
                constraint: constraint.toggled(),
            },
            CreateFunction { function } => DropFunction { function },
            DropFunction { function } => CreateFunction { function },
            ReplaceFunction { from, to } => ReplaceFunction { from: to, to: from },
            RecreateFunction { from, to } => RecreateFunction { from: to, to: from },
            CreateAggregate { aggregate } => DropAggregate { aggregate },
            DropAggregate { aggregate } => CreateAggregate { aggregate },
            ReplaceAggregate { from, to } => ReplaceAggregate { from: to, to: from },
            RecreateAggregate { from, to } => RecreateAggregate { from: to, to: from },
            SetTableLogged { table, unlogged } => SetTableLogged {
                table,
                unlogged: !unlogged,
            },
            CreateView { view } => DropView { view },
            DropView { view } => CreateView { view },
            ReplaceView { from, to } => ReplaceView { from: to, to: from },
            RenameView {
                from,
                to,
                materialized,
            } => RenameView {
                from: to,
                to: from,
                materialized,
            },
            SetStorage {
                table,
                index,
                from,
                to,
            } => SetStorage {
                table,
                index,
                from: to,
                to: from,
            },
            CreateTrigger { table, trigger } => DropTrigger { table, trigger },
            DropTrigger { table, trigger } => CreateTrigger { table, trigger },
            AlterTrigger { table, from, to } => AlterTrigger {
                table,
                from: to,
                to: from,
            },
            SetRowLevelSecurity { table, from, to } => SetRowLevelSecurity {
                table,
                from: to,
                to: from,
            },
            CreatePolicy { table, policy } => DropPolicy { table, policy },
            DropPolicy { table, policy } => CreatePolicy { table, policy },
            AlterPolicy { table, from, to } => AlterPolicy {
                table,
                from: to,
                to: from,
            },
            Grant {
                target,
                grantee,
                privileges,
            } => Revoke {
                target,
                grantee,
                privileges,
            },
            Revoke {
                target,
                grantee,
                privileges,
            } => Grant {
                target,
                grantee,
                privileges,
            },
        }
    }
}

/// The down change list for an up change list: each change reversed, in reverse order.
pub fn reverse_all(changes: &[Change]) -> Vec<Change> {
    changes.iter().rev().map(Change::reverse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::Table;

    #[test]
    fn reverse_is_an_involution_for_create_table() {
        let change = Change::CreateTable {
            table: Table::new(QualifiedName::public("t")),
        };
        assert!(matches!(change.reverse(), Change::DropTable { .. }));
        assert_eq!(change.reverse().reverse(), change);
    }

    #[test]
    fn reverse_all_reverses_order() {
        let schema = Namespace {
            grants: Default::default(),
            name: "a".into(),
            comment: None,
        };
        let changes = vec![
            Change::CreateSchema {
                schema: schema.clone(),
            },
            Change::CreateExtension {
                extension: Extension::named("b"),
            },
        ];
        let down = reverse_all(&changes);
        assert_eq!(
            down[0],
            Change::DropExtension {
                extension: Extension::named("b")
            }
        );
        assert_eq!(down[1], Change::DropSchema { schema });
    }
}
