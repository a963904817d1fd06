//! Tables: columns, keys, checks, foreign keys and indexes.

use super::{
    DefaultValue, Grants, Policy, QualifiedName, Rare, RowLevelSecurity, SequenceOptions, Trigger,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A table with its columns (in declaration order) and constraints.
///
/// Single-column shorthands of the TOML (`primary_key = true`, `unique = true`, `references`)
/// are expanded into the table-level lists, so there is one place for each kind of constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualifiedName,
    /// Columns in declaration order (the order matters to `CREATE TABLE`).
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    /// Unique constraints, sorted by name.
    pub uniques: Vec<UniqueConstraint>,
    /// Foreign keys, sorted by name.
    pub foreign_keys: Vec<ForeignKey>,
    /// Check constraints, sorted by name.
    pub checks: Vec<Check>,
    /// Indexes, sorted by name. Indexes backing a primary key or unique constraint are not
    /// listed here: they belong to their constraint.
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    /// `UNLOGGED`: not written to the WAL (faster, emptied after a crash, not replicated).
    #[serde(default, skip_serializing_if = "is_false")]
    pub unlogged: bool,
    /// Storage parameters: `WITH (fillfactor = 70, autovacuum_enabled = false)`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<String, String>,
    /// A partitioned table's key, as PostgreSQL prints it: `RANGE (created_at)`,
    /// `LIST (region)`, `HASH (id)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// A partition: its parent and bounds. Its columns are the parent's (the model lists none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<PartitionOf>,
    /// Triggers, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    #[serde(default, skip_serializing_if = "RowLevelSecurity::is_off")]
    pub row_level_security: RowLevelSecurity,
    /// Policies, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    #[serde(default, skip_serializing_if = "Grants::is_empty")]
    pub grants: Grants,
}

/// The parent and bounds of a partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOf {
    pub parent: QualifiedName,
    /// As PostgreSQL prints it: `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
    /// `FOR VALUES IN ('eu')`, `FOR VALUES WITH (modulus 4, remainder 0)`, `DEFAULT`.
    pub bound: String,
}

/// Serde's `skip_serializing_if` for flags that are off by default: new fields are left out
/// of snapshots while they hold their default, so snapshots written before they existed keep
/// their ids.
pub fn is_false(value: &bool) -> bool {
    !*value
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The canonical type name (see `schema::types`), e.g. `integer`, `character varying(20)`,
    /// `timestamp with time zone`, `text[]`, or an enum's name as written.
    pub data_type: String,
    /// False when NULL is allowed. Primary-key columns are always not null.
    pub not_null: bool,
    pub default: Option<DefaultValue>,
    pub identity: Option<Identity>,
    /// The expression of a `GENERATED ALWAYS AS (...) STORED` column.
    pub generated: Option<String>,
    pub comment: Option<String>,
    /// `COLLATE ..` when it is not the type's default collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Options of an identity column's sequence that differ from their defaults.
    #[serde(default, skip_serializing_if = "Rare::is_default")]
    pub identity_options: Rare<SequenceOptions>,
    /// Column privileges (`GRANT UPDATE (col) ON ..`).
    #[serde(default, skip_serializing_if = "Grants::is_empty")]
    pub grants: Grants,
}

/// An identity column's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

/// A primary key constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deferrable: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub initially_deferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A unique constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    pub name: String,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deferrable: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub initially_deferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A foreign key constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub referenced_table: QualifiedName,
    pub referenced_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// Added `NOT VALID`: existing rows were not checked (new ones are).
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_valid: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    /// The SQL phrase (`NO ACTION`, `SET NULL`, ...).
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }

    /// The TOML spelling (`no action`, `set null`, ...).
    pub fn toml(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "no action",
            ReferentialAction::Restrict => "restrict",
            ReferentialAction::Cascade => "cascade",
            ReferentialAction::SetNull => "set null",
            ReferentialAction::SetDefault => "set default",
        }
    }

    /// Reads the TOML spelling, case-insensitively; `None` for anything else.
    pub fn from_toml(text: &str) -> Option<Self> {
        let all = [
            ReferentialAction::NoAction,
            ReferentialAction::Restrict,
            ReferentialAction::Cascade,
            ReferentialAction::SetNull,
            ReferentialAction::SetDefault,
        ];
        all.into_iter()
            .find(|action| action.toml().eq_ignore_ascii_case(text.trim()))
    }
}

/// A check constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    /// The boolean expression, without the surrounding `CHECK (...)`.
    pub expression: String,
    /// Added `NOT VALID`: existing rows were not checked (new ones are).
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_valid: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An index that is not the backing index of a constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub parts: Vec<IndexPart>,
    pub unique: bool,
    /// Access method, lower case: `btree`, `hash`, `gin`, `gist`, `brin`, `spgist`.
    pub method: String,
    /// The partial-index predicate, without `WHERE`.
    pub predicate: Option<String>,
    /// Columns of the `INCLUDE (...)` list.
    pub include: Vec<String>,
    pub nulls_not_distinct: bool,
    /// Storage parameters: `WITH (fillfactor = 70)`, `WITH (pages_per_range = 1)`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One key of an index: a column or an expression, with its sort order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPart {
    pub key: IndexKey,
    pub descending: bool,
    /// Always explicit in the canonical model: PostgreSQL's default is NULLS LAST for ASC and
    /// NULLS FIRST for DESC, and normalisation fills it in so both spellings compare equal.
    pub nulls_first: bool,
    /// `COLLATE ..` when it is not the key's own collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// The operator class when it is not the default for the key's type (`gin_trgm_ops`):
    /// a bare name in lower case, or `schema.name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

/// What an index part indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    Column(String),
    Expression(String),
}

fn columns_by_name(columns: &[Column]) -> Vec<&Column> {
    let mut sorted: Vec<&Column> = columns.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    sorted
}

impl Table {
    /// An empty table with this name.
    pub fn new(name: QualifiedName) -> Self {
        Table {
            name,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            unlogged: false,
            storage: BTreeMap::new(),
            partition_by: None,
            partition_of: None,
            triggers: Vec::new(),
            row_level_security: RowLevelSecurity::Off,
            policies: Vec::new(),
            grants: Grants::new(),
        }
    }

    /// True when both describe the same table, whatever the order of their columns (see
    /// [`super::Schema::equivalent`]). Compares in place: copying two 2,000-table models to sort
    /// their columns took longer than the diff itself.
    pub fn equivalent(&self, other: &Table) -> bool {
        // Destructured so that a new field cannot be forgotten here.
        let Table {
            name,
            columns,
            primary_key,
            uniques,
            foreign_keys,
            checks,
            indexes,
            comment,
            unlogged,
            storage,
            partition_by,
            partition_of,
            triggers,
            row_level_security,
            policies,
            grants,
        } = self;
        if name != &other.name
            || unlogged != &other.unlogged
            || storage != &other.storage
            || partition_by != &other.partition_by
            || partition_of != &other.partition_of
            || primary_key != &other.primary_key
            || uniques != &other.uniques
            || foreign_keys != &other.foreign_keys
            || checks != &other.checks
            || indexes != &other.indexes
            || comment != &other.comment
            || triggers != &other.triggers
            || row_level_security != &other.row_level_security
            || policies != &other.policies
            || grants != &other.grants
            || columns.len() != other.columns.len()
        {
            return false;
        }
        if columns == &other.columns {
            return true;
        }
        columns_by_name(columns) == columns_by_name(&other.columns)
    }

    /// The column with this name, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The index with this name, if any.
    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name == name)
    }

    /// The foreign key with this name, if any.
    pub fn foreign_key(&self, name: &str) -> Option<&ForeignKey> {
        self.foreign_keys.iter().find(|f| f.name == name)
    }
}

impl Column {
    /// A nullable column of the given (canonical) type with nothing else set.
    pub fn new(name: impl Into<String>, data_type: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            comment: None,
            collation: None,
            identity_options: Rare::default(),
            grants: Grants::new(),
        }
    }
}

impl IndexPart {
    /// An ascending part on a column, with PostgreSQL's default NULLS LAST.
    pub fn column(name: impl Into<String>) -> Self {
        IndexPart {
            key: IndexKey::Column(name.into()),
            descending: false,
            nulls_first: false,
            collation: None,
            opclass: None,
        }
    }

    /// True when the NULLS clause is PostgreSQL's default for the direction, so it need not
    /// be written.
    pub fn has_default_nulls(&self) -> bool {
        self.nulls_first == self.descending
    }

    /// ` DESC`, ` NULLS FIRST` ... as both SQL and the TOML write them after the key; empty for
    /// PostgreSQL's defaults.
    pub fn order_suffix(&self) -> &'static str {
        match (self.descending, self.has_default_nulls()) {
            (false, true) => "",
            (true, true) => " DESC",
            (false, false) => " NULLS FIRST",
            (true, false) => " DESC NULLS LAST",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referential_action_reads_toml_spelling() {
        assert_eq!(
            ReferentialAction::from_toml("SET NULL"),
            Some(ReferentialAction::SetNull)
        );
        assert_eq!(ReferentialAction::from_toml("explode"), None);
    }

    #[test]
    fn default_nulls_depend_on_direction() {
        let mut part = IndexPart::column("x");
        assert!(part.has_default_nulls());
        part.descending = true;
        assert!(!part.has_default_nulls());
        part.nulls_first = true;
        assert!(part.has_default_nulls());
        assert_eq!(part.order_suffix(), " DESC");
        part.nulls_first = false;
        assert_eq!(part.order_suffix(), " DESC NULLS LAST");
        part.descending = false;
        assert_eq!(part.order_suffix(), "");
        part.nulls_first = true;
        assert_eq!(part.order_suffix(), " NULLS FIRST");
    }
}
