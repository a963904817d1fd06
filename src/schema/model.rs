//! The canonical schema model: the hub every representation converts through.
//!
//! TOML parses into it, snapshots serialise it, introspection builds it, the differ compares two
//! of them and the renderer turns their differences into SQL. It is plain data: no I/O, no SQL.
//!
//! A model is *canonical* once [`Schema::normalize`] has run: objects sorted by name, type names
//! canonicalised, every constraint and index named. Two canonical models are equal exactly when
//! they describe the same database, so "is there a change" is `from != to`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The name of a schema-level object (table, enum): its PostgreSQL schema and its own name.
///
/// Ordered by `(schema, name)`, which is the deterministic tie-break everywhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

impl QualifiedName {
    /// A name in the given schema.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// A name in `public`.
    pub fn public(name: impl Into<String>) -> Self {
        QualifiedName::new("public", name)
    }

    /// Splits `"audit.logs"` into schema `audit` and name `logs`; a name without a dot is in
    /// `public`. Only the first dot separates, so `"a.b.c"` is schema `a`, name `b.c`.
    pub fn parse(text: &str) -> Self {
        match text.split_once('.') {
            Some((schema, name)) if !schema.is_empty() && !name.is_empty() => {
                QualifiedName::new(schema, name)
            }
            _ => QualifiedName::public(text),
        }
    }

    /// True when the object lives in `public`.
    pub fn is_public(&self) -> bool {
        self.schema == "public"
    }
}

/// Displays the name as a user writes it in TOML: `logs` in public, `audit.logs` elsewhere.
impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_public() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}.{}", self.schema, self.name)
        }
    }
}

/// A whole database schema as strata manages it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Extension names (`CREATE EXTENSION IF NOT EXISTS`), sorted.
    pub extensions: Vec<String>,
    /// Enum types, sorted by name.
    pub enums: Vec<Enum>,
    /// Tables, sorted by name.
    pub tables: Vec<Table>,
}

/// An enum type; the order of its values is meaningful.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    pub name: QualifiedName,
    pub values: Vec<String>,
}

impl Enum {
    /// The values of this enum that `other` no longer has, in this enum's order.
    pub fn values_missing_from(&self, other: &Enum) -> Vec<&str> {
        self.values
            .iter()
            .filter(|v| !other.values.contains(v))
            .map(String::as_str)
            .collect()
    }
}

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
}

/// A column default: a literal value, or a raw SQL expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    /// A value written as a TOML literal; rendered as a SQL literal of the column's type.
    Literal(Literal),
    /// A raw SQL expression such as `now()` or `gen_random_uuid()`.
    Expression(String),
}

/// A literal default value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    String(String),
    Integer(i64),
    /// A float or numeric value kept as its decimal text, so equality is exact.
    Number(String),
    Boolean(bool),
    Array(Vec<Literal>),
    Null,
}

/// An identity column's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

/// A primary key constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    pub name: String,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
}

/// A foreign key constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub referenced_table: QualifiedName,
    pub referenced_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    /// The boolean expression, without the surrounding `CHECK (...)`.
    pub expression: String,
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
}

/// One key of an index: a column or an expression, with its sort order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPart {
    pub key: IndexKey,
    pub descending: bool,
    /// Always explicit in the canonical model: PostgreSQL's default is NULLS LAST for ASC and
    /// NULLS FIRST for DESC, and normalisation fills it in so both spellings compare equal.
    pub nulls_first: bool,
}

/// What an index part indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    Column(String),
    Expression(String),
}

impl Schema {
    /// The table with this name, if any. A binary search on the canonical order (tables
    /// sorted by name), falling back to a scan on a miss so an unsorted model is still answered
    /// correctly; lookups in a loop over every table would otherwise be quadratic.
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        match self.tables.binary_search_by(|t| t.name.cmp(name)) {
            Ok(i) => Some(&self.tables[i]),
            Err(_) => self.tables.iter().find(|t| &t.name == name),
        }
    }

    /// The enum with this name, if any (binary search, as [`Schema::table`]).
    pub fn enum_type(&self, name: &QualifiedName) -> Option<&Enum> {
        match self.enums.binary_search_by(|e| e.name.cmp(name)) {
            Ok(i) => Some(&self.enums[i]),
            Err(_) => self.enums.iter().find(|e| &e.name == name),
        }
    }

    /// The schemas other than `public` that hold at least one object, sorted.
    pub fn namespaces(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .tables
            .iter()
            .map(|t| &t.name)
            .chain(self.enums.iter().map(|e| &e.name))
            .filter(|n| !n.is_public())
            .map(|n| n.schema.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// True when both models describe the same database. Column order is ignored: PostgreSQL
    /// cannot reorder columns, so a column moved in the TOML is no change (new columns are
    /// always added at the end of the table).
    pub fn equivalent(&self, other: &Schema) -> bool {
        self.extensions == other.extensions
            && self.enums == other.enums
            && self.tables.len() == other.tables.len()
            && self
                .tables
                .iter()
                .zip(&other.tables)
                .all(|(a, b)| a.equivalent(b))
    }

    /// True when the model is in the order [`Schema::sort`] gives.
    pub fn is_sorted(&self) -> bool {
        self.extensions.windows(2).all(|w| w[0] < w[1])
            && self.enums.is_sorted_by(|a, b| a.name <= b.name)
            && self.tables.is_sorted_by(|a, b| a.name <= b.name)
            && self.tables.iter().all(|t| {
                t.uniques.is_sorted_by(|a, b| a.name <= b.name)
                    && t.foreign_keys.is_sorted_by(|a, b| a.name <= b.name)
                    && t.checks.is_sorted_by(|a, b| a.name <= b.name)
                    && t.indexes.is_sorted_by(|a, b| a.name <= b.name)
            })
    }

    /// Puts the model in canonical order: extensions, enums, tables and each table's
    /// constraint and index lists sorted by name. Column order and enum value order are kept,
    /// because they are meaningful. Idempotent.
    pub fn sort(&mut self) {
        self.extensions.sort();
        self.extensions.dedup();
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        for table in &mut self.tables {
            table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            table.checks.sort_by(|a, b| a.name.cmp(&b.name));
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
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
        }
    }

    /// True when both describe the same table, whatever the order of their columns (see
    /// [`Schema::equivalent`]). Compares in place: copying two 2,000-table models to sort
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
        } = self;
        if name != &other.name
            || primary_key != &other.primary_key
            || uniques != &other.uniques
            || foreign_keys != &other.foreign_keys
            || checks != &other.checks
            || indexes != &other.indexes
            || comment != &other.comment
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
    fn equivalence_ignores_column_order_only() {
        let mut table = Table::new(QualifiedName::public("t"));
        table.columns = vec![Column::new("a", "text"), Column::new("b", "integer")];
        let schema = Schema {
            tables: vec![table],
            ..Schema::default()
        };
        let mut reordered = schema.clone();
        reordered.tables[0].columns.reverse();
        assert!(schema.equivalent(&reordered));

        let mut retyped = reordered.clone();
        retyped.tables[0].columns[0].data_type = "bigint".into();
        assert!(!schema.equivalent(&retyped));
        let mut commented = schema.clone();
        commented.tables[0].comment = Some("c".into());
        assert!(!schema.equivalent(&commented));
        let mut renamed = reordered.clone();
        renamed.tables[0].columns[1].name = "c".into();
        assert!(!schema.equivalent(&renamed));
        let mut more = schema.clone();
        more.tables.push(Table::new(QualifiedName::public("u")));
        assert!(!schema.equivalent(&more) && !more.equivalent(&schema));
    }

    #[test]
    fn qualified_name_parses_schema_prefix() {
        assert_eq!(QualifiedName::parse("logs"), QualifiedName::public("logs"));
        assert_eq!(
            QualifiedName::parse("audit.logs"),
            QualifiedName::new("audit", "logs")
        );
        assert_eq!(QualifiedName::parse("audit.logs").to_string(), "audit.logs");
        assert_eq!(QualifiedName::parse(".x"), QualifiedName::public(".x"));
    }

    #[test]
    fn referential_action_reads_toml_spelling() {
        assert_eq!(
            ReferentialAction::from_toml("SET NULL"),
            Some(ReferentialAction::SetNull)
        );
        assert_eq!(ReferentialAction::from_toml("explode"), None);
    }

    #[test]
    fn sort_orders_tables_and_keeps_columns() {
        let mut schema = Schema::default();
        let mut b = Table::new(QualifiedName::public("b"));
        b.columns = vec![Column::new("z", "text"), Column::new("a", "text")];
        schema.tables = vec![b, Table::new(QualifiedName::public("a"))];
        assert!(!schema.is_sorted());
        schema.sort();
        assert!(schema.is_sorted());
        assert_eq!(schema.tables[0].name.name, "a");
        assert_eq!(schema.tables[1].columns[0].name, "z");
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
