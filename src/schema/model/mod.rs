//! The canonical schema model: the hub every representation converts through.
//!
//! TOML parses into it, snapshots serialise it, introspection builds it, the differ compares two
//! of them and the renderer turns their differences into SQL. It is plain data: no I/O, no SQL.
//!
//! A model is *canonical* once [`Schema::sort`] has run: objects sorted by name, type names
//! canonicalised, every constraint and index named. Two canonical models are equal exactly when
//! they describe the same database, so "is there a change" is `from != to`.

use serde::{Deserialize, Serialize};
use std::fmt;

mod composite;
mod domain;
mod enums;
mod function;
mod grant;
mod namespace;
mod policy;
mod rare;
mod sequence;
mod table;
mod trigger;
mod view;

pub use composite::*;
pub use domain::*;
pub use enums::*;
pub use function::*;
pub use grant::*;
pub use namespace::*;
pub use policy::*;
pub use rare::*;
pub use sequence::*;
pub use table::*;
pub use trigger::*;
pub use view::*;

/// The name of a schema-level object (table, enum): its PostgreSQL schema and its own name.
///
/// Ordered by `(schema, name)`, which is the deterministic tie-break everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// A whole database schema as strata manages it. Every list is sorted by name. Kinds added
/// after the first snapshot format are left out of the JSON while empty, so older snapshots
/// keep their ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Schemas other than `public` that are declared for themselves: empty ones, or ones with
    /// a comment (see [`Schema::normalize_schemas`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<Namespace>,
    pub extensions: Vec<Extension>,
    pub enums: Vec<Enum>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    pub tables: Vec<Table>,
    /// Views and materialized views.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Functions and procedures, sorted by name and argument types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregates: Vec<Aggregate>,
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

    /// The sequence with this name, if any.
    pub fn sequence(&self, name: &QualifiedName) -> Option<&Sequence> {
        self.sequences.iter().find(|s| &s.name == name)
    }

    /// The view or materialized view with this name, if any.
    pub fn view(&self, name: &QualifiedName) -> Option<&View> {
        self.views.iter().find(|v| &v.name == name)
    }

    /// The function or procedure with this name and identity argument types, if any.
    pub fn function(&self, key: &(QualifiedName, Vec<String>)) -> Option<&Function> {
        self.functions.iter().find(|f| &f.key() == key)
    }

    /// The aggregate with this name and identity argument types, if any.
    pub fn aggregate(&self, key: &(QualifiedName, Vec<String>)) -> Option<&Aggregate> {
        self.aggregates.iter().find(|a| &a.key() == key)
    }

    /// The domain with this name, if any.
    pub fn domain(&self, name: &QualifiedName) -> Option<&Domain> {
        self.domains.iter().find(|d| &d.name == name)
    }

    /// The composite type with this name, if any.
    pub fn composite(&self, name: &QualifiedName) -> Option<&CompositeType> {
        self.composites.iter().find(|c| &c.name == name)
    }

    /// The declared schema with this name, if any.
    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.schemas.iter().find(|n| n.name == name)
    }

    /// The names of the schema's own types (enums, domains, composites) as column types name
    /// them (`mood`, `audit.kind`).
    pub fn user_types(&self) -> Vec<String> {
        self.enums
            .iter()
            .map(|e| &e.name)
            .chain(self.domains.iter().map(|d| &d.name))
            .chain(self.composites.iter().map(|c| &c.name))
            .map(|n| n.to_string())
            .collect()
    }

    /// The schemas other than `public` that hold at least one object, sorted.
    pub fn occupied_namespaces(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .tables
            .iter()
            .map(|t| &t.name)
            .chain(self.enums.iter().map(|e| &e.name))
            .chain(self.domains.iter().map(|d| &d.name))
            .chain(self.composites.iter().map(|c| &c.name))
            .chain(self.sequences.iter().map(|s| &s.name))
            .chain(self.views.iter().map(|v| &v.name))
            .chain(self.functions.iter().map(|f| &f.name))
            .chain(self.aggregates.iter().map(|a| &a.name))
            .filter(|n| !n.is_public())
            .map(|n| n.schema.clone())
            .chain(self.extensions.iter().filter_map(|e| e.schema.clone()))
            .filter(|n| n != "public")
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every schema other than `public` the model needs: those holding an object and those
    /// declared, sorted.
    pub fn namespaces(&self) -> Vec<String> {
        let mut names = self.occupied_namespaces();
        names.extend(self.schemas.iter().map(|n| n.name.clone()));
        names.sort();
        names.dedup();
        names
    }

    /// The canonical list of declared schemas: a schema that holds an object and has no
    /// comment is implied by that object and left out, so that a TOML file that declares it
    /// and one that does not, and a database (which has it either way), compare equal.
    pub fn normalize_schemas(&mut self) {
        let occupied = self.occupied_namespaces();
        self.schemas.retain(|n| {
            n.name != "public"
                && (n.comment.is_some() || !n.grants.is_empty() || !occupied.contains(&n.name))
        });
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        self.schemas.dedup_by(|a, b| a.name == b.name);
    }

    /// True when both models describe the same database. Column order is ignored: PostgreSQL
    /// cannot reorder columns, so a column moved in the TOML is no change (new columns are
    /// always added at the end of the table).
    pub fn equivalent(&self, other: &Schema) -> bool {
        // Destructured so that a new field cannot be forgotten here.
        let Schema {
            schemas,
            extensions,
            enums,
            domains,
            composites,
            sequences,
            tables,
            views,
            functions,
            aggregates,
        } = self;
        schemas == &other.schemas
            && extensions == &other.extensions
            && enums == &other.enums
            && domains == &other.domains
            && composites == &other.composites
            && sequences == &other.sequences
            && views.len() == other.views.len()
            && views.iter().zip(&other.views).all(|(a, b)| a.equivalent(b))
            && functions == &other.functions
            && aggregates == &other.aggregates
            && tables.len() == other.tables.len()
            && tables
                .iter()
                .zip(&other.tables)
                .all(|(a, b)| a.equivalent(b))
    }

    /// True when the model is in the order [`Schema::sort`] gives.
    pub fn is_sorted(&self) -> bool {
        self.schemas.is_sorted_by(|a, b| a.name <= b.name)
            && self.extensions.is_sorted_by(|a, b| a.name < b.name)
            && self.enums.is_sorted_by(|a, b| a.name <= b.name)
            && self.domains.is_sorted_by(|a, b| a.name <= b.name)
            && self.composites.is_sorted_by(|a, b| a.name <= b.name)
            && self.sequences.is_sorted_by(|a, b| a.name <= b.name)
            && self.tables.is_sorted_by(|a, b| a.name <= b.name)
            && self.views.is_sorted_by(|a, b| a.name <= b.name)
            && self
                .views
                .iter()
                .all(|v| v.indexes.is_sorted_by(|a, b| a.name <= b.name))
            && self.functions.is_sorted_by_key(Function::key)
            && self.aggregates.is_sorted_by_key(Aggregate::key)
            && self.tables.iter().all(|t| {
                t.uniques.is_sorted_by(|a, b| a.name <= b.name)
                    && t.foreign_keys.is_sorted_by(|a, b| a.name <= b.name)
                    && t.checks.is_sorted_by(|a, b| a.name <= b.name)
                    && t.indexes.is_sorted_by(|a, b| a.name <= b.name)
                    && t.triggers.is_sorted_by(|a, b| a.name <= b.name)
                    && t.policies.is_sorted_by(|a, b| a.name <= b.name)
            })
            && self
                .domains
                .iter()
                .all(|d| d.checks.is_sorted_by(|a, b| a.name <= b.name))
    }

    /// Puts the model in canonical order: every list sorted by name, and each table's
    /// constraint and index lists too. Column, attribute and enum value order are kept,
    /// because they are meaningful. Idempotent.
    pub fn sort(&mut self) {
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.extensions.dedup_by(|a, b| a.name == b.name);
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.domains.sort_by(|a, b| a.name.cmp(&b.name));
        for domain in &mut self.domains {
            domain.checks.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self.composites.sort_by(|a, b| a.name.cmp(&b.name));
        self.sequences.sort_by(|a, b| a.name.cmp(&b.name));
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        self.views.sort_by(|a, b| a.name.cmp(&b.name));
        for view in &mut self.views {
            view.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self.functions.sort_by_cached_key(Function::key);
        self.aggregates.sort_by_cached_key(Aggregate::key);
        for table in &mut self.tables {
            table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            table.checks.sort_by(|a, b| a.name.cmp(&b.name));
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            table.triggers.sort_by(|a, b| a.name.cmp(&b.name));
            table.policies.sort_by(|a, b| a.name.cmp(&b.name));
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
}
