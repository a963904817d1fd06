//! Reading `[table.NAME]` definitions and their columns; keys, checks and foreign keys are in
//! `constraint.rs`, indexes in `index.rs`.

use super::constraint::{RawCheck, RawForeignKey, RawPrimaryKey, RawUnique};
use super::index::RawIndex;
use super::trigger::{RawGrant, RawPolicy, RawRowLevelSecurity, RawTrigger};
use super::{FileReader, Item, Loc, Located, Reporter, Table, entries};
use crate::schema::model::{Literal, QualifiedName, Rare, StaticDefault};
use toml::de::DeValue;

/// A table as written.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub name: QualifiedName,
    pub at: Loc,
    pub comment: Option<String>,
    pub renamed_from: Option<Located<String>>,
    pub primary_key: Option<Located<RawPrimaryKey>>,
    pub columns: Vec<RawColumn>,
    pub indexes: Vec<RawIndex>,
    pub checks: Vec<RawCheck>,
    pub uniques: Vec<RawUnique>,
    pub foreign_keys: Vec<RawForeignKey>,
    pub unlogged: bool,
    /// `with = { fillfactor = 70 }`: storage parameters as text.
    pub storage: Vec<Located<(String, String)>>,
    /// `partition_by = "range (created_at)"`.
    pub partition_by: Option<Located<String>>,
    /// `partition_of = "parent"` and its `bounds`.
    pub partition_of: Option<Located<String>>,
    pub bounds: Option<Located<String>>,
    pub triggers: Vec<RawTrigger>,
    pub policies: Vec<RawPolicy>,
    pub row_level_security: Option<Located<RawRowLevelSecurity>>,
    pub grants: Vec<RawGrant>,
}

/// A column as written.
#[derive(Debug, Clone)]
pub struct RawColumn {
    pub name: String,
    pub at: Loc,
    pub data_type: Option<Located<String>>,
    pub not_null: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub default: Option<Located<Literal>>,
    pub default_sql: Option<Located<String>>,
    pub references: Option<Located<String>>,
    pub on_delete: Option<Located<String>>,
    pub on_update: Option<Located<String>>,
    /// `"always"`, `"by default"`, or the `mode` of the table form.
    pub identity: Option<Located<String>>,
    /// The sequence options of `identity = { mode = .., start = .. }` (168 bytes inline, on
    /// a handful of the columns: see [`Rare`]).
    pub identity_options: Rare<RawSequenceOptions>,
    pub generated: Option<Located<String>>,
    pub collation: Option<Located<String>>,
    pub comment: Option<String>,
    pub renamed_from: Option<Located<String>>,
    pub grants: Vec<RawGrant>,
}

/// Sequence options as written (`start`, `increment`, `min_value`, `max_value`, `cache`,
/// `cycle`), for sequences and identity columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSequenceOptions {
    pub start: Option<Located<i64>>,
    pub increment: Option<Located<i64>>,
    pub min_value: Option<Located<i64>>,
    pub max_value: Option<Located<i64>>,
    pub cache: Option<Located<i64>>,
    pub cycle: bool,
}

impl StaticDefault for RawSequenceOptions {
    fn static_default() -> &'static Self {
        static DEFAULT: RawSequenceOptions = RawSequenceOptions {
            start: None,
            increment: None,
            min_value: None,
            max_value: None,
            cache: None,
            cycle: false,
        };
        &DEFAULT
    }
}

/// The keys of sequence options.
pub(super) const SEQUENCE_OPTION_KEYS: &[&str] = &[
    "start",
    "increment",
    "min_value",
    "max_value",
    "cache",
    "cycle",
];

const TABLE_KEYS: &[&str] = &[
    "columns",
    "primary_key",
    "indexes",
    "checks",
    "uniques",
    "foreign_keys",
    "comment",
    "renamed_from",
    "unlogged",
    "with",
    "partition_by",
    "partition_of",
    "bounds",
    "triggers",
    "policies",
    "row_level_security",
    "grants",
];
pub(super) const COLUMN_KEYS: &[&str] = &[
    "type",
    "not_null",
    "primary_key",
    "unique",
    "default",
    "default_sql",
    "references",
    "on_delete",
    "on_update",
    "identity",
    "generated",
    "collation",
    "comment",
    "renamed_from",
    "grants",
];

impl FileReader {
    pub(super) fn read_table(
        &self,
        name: &str,
        table: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawTable {
        self.check_keys(table, TABLE_KEYS, || format!("table `{name}`"), r);
        let mut raw = RawTable {
            name: QualifiedName::parse(name),
            at,
            comment: self.string(table, "comment", r).map(|c| c.value),
            renamed_from: self.string(table, "renamed_from", r),
            primary_key: table.get("primary_key").map(|item| {
                let pk_at = self.item_loc(table, "primary_key");
                Located {
                    value: self.read_primary_key(item, pk_at, r),
                    at: pk_at,
                }
            }),
            columns: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            unlogged: self.boolean(table, "unlogged", r),
            storage: self.storage(table, r),
            partition_by: self.string(table, "partition_by", r),
            partition_of: self.string(table, "partition_of", r),
            bounds: self.string(table, "bounds", r),
            triggers: Vec::new(),
            policies: Vec::new(),
            row_level_security: self.read_row_level_security(table, r),
            grants: self.read_grants(table, r),
        };
        if let Some(item) = table.get("triggers") {
            self.each_table(table, "triggers", item, r, &mut |name, t, at, r| {
                raw.triggers.push(self.read_trigger(name, t, at, r));
            });
        }
        if let Some(item) = table.get("policies") {
            self.each_table(table, "policies", item, r, &mut |name, t, at, r| {
                raw.policies.push(self.read_policy(name, t, at, r));
            });
        }
        if let Some(item) = table.get("columns") {
            // Sized once: grown by doubling, a 2,000-table schema's raw columns took half as
            // much memory again as they use.
            raw.columns
                .reserve_exact(item.get_ref().as_table().map_or(0, |t| t.len()));
            self.each_table(table, "columns", item, r, &mut |col, t, at, r| {
                raw.columns.push(self.read_column(col, t, at, r));
            });
        } else if raw.partition_of.is_none() {
            r.error(
                at,
                format!("table `{name}` needs a [table.{name}.columns] section"),
            );
        }
        if let Some(item) = table.get("indexes") {
            self.each_table(table, "indexes", item, r, &mut |index, t, at, r| {
                raw.indexes.push(self.read_index(index, t, at, r));
            });
        }
        if let Some(item) = table.get("foreign_keys") {
            self.each_table(table, "foreign_keys", item, r, &mut |fk, t, at, r| {
                raw.foreign_keys.push(self.read_foreign_key(fk, t, at, r));
            });
        }
        self.read_named_values(table, "checks", r, |check, item, at, r| {
            if let Some(check) = self.read_check(check, item, at, r) {
                raw.checks.push(check);
            }
        });
        self.read_named_values(table, "uniques", r, |unique, item, at, r| {
            raw.uniques.push(self.read_unique(unique, item, at, r));
        });
        raw
    }

    /// One pass over the column's keys: a 2,000-table schema has 20,000 columns, and a lookup
    /// per possible key (most absent) was a third of the reading time.
    fn read_column(&self, name: &str, t: &Table, at: Loc, r: &mut Reporter) -> RawColumn {
        let mut column = RawColumn {
            name: name.to_string(),
            at,
            data_type: None,
            not_null: false,
            primary_key: false,
            unique: false,
            default: None,
            default_sql: None,
            references: None,
            on_delete: None,
            on_update: None,
            identity: None,
            identity_options: Rare::default(),
            generated: None,
            collation: None,
            comment: None,
            renamed_from: None,
            grants: Vec::new(),
        };
        let mut has_type = false;
        for (key, item) in entries(t) {
            let value_at = self.loc(Some(item.span()));
            let string = |r: &mut Reporter| self.string_item(key, item, value_at, r);
            match key {
                "type" => {
                    has_type = true;
                    column.data_type = string(r);
                }
                "not_null" => column.not_null = self.boolean_item(key, item, value_at, r),
                "primary_key" => column.primary_key = self.boolean_item(key, item, value_at, r),
                "unique" => column.unique = self.boolean_item(key, item, value_at, r),
                "default" => {
                    column.default = self.literal(item, value_at, r).map(|value| Located {
                        value,
                        at: value_at,
                    })
                }
                "default_sql" => column.default_sql = string(r),
                "references" => column.references = string(r),
                "on_delete" => column.on_delete = string(r),
                "on_update" => column.on_update = string(r),
                "identity" => self.read_identity(name, item, value_at, &mut column, r),
                "generated" => column.generated = string(r),
                "collation" => column.collation = string(r),
                "comment" => column.comment = string(r).map(|c| c.value),
                "renamed_from" => column.renamed_from = string(r),
                "grants" => column.grants = self.grants_item(item, value_at, r),
                _ => self.unknown_key(t, key, COLUMN_KEYS, || format!("column `{name}`"), r),
            }
        }
        if !has_type {
            r.error(at, format!("column `{name}` needs a `type`"));
        }
        column
    }

    /// `identity = "by default"`, or `identity = { mode = "always", start = 100, .. }`.
    fn read_identity(
        &self,
        column: &str,
        item: &Item,
        at: Loc,
        raw: &mut RawColumn,
        r: &mut Reporter,
    ) {
        let Some(table) = item.get_ref().as_table() else {
            raw.identity = self.string_item("identity", item, at, r);
            return;
        };
        let mut allowed = vec!["mode"];
        allowed.extend_from_slice(SEQUENCE_OPTION_KEYS);
        self.check_keys(table, &allowed, || format!("the identity of `{column}`"), r);
        raw.identity = match self.string(table, "mode", r) {
            Some(mode) => Some(mode),
            None => {
                r.error(
                    at,
                    "an identity table needs `mode = \"always\"` or `mode = \"by default\"`",
                );
                None
            }
        };
        raw.identity_options = self.sequence_options(table, r).into();
    }

    /// The sequence options of a table (unknown keys are the caller's to report).
    pub(super) fn sequence_options(&self, t: &Table, r: &mut Reporter) -> RawSequenceOptions {
        RawSequenceOptions {
            start: self.integer(t, "start", r),
            increment: self.integer(t, "increment", r),
            min_value: self.integer(t, "min_value", r),
            max_value: self.integer(t, "max_value", r),
            cache: self.integer(t, "cache", r),
            cycle: self.boolean(t, "cycle", r),
        }
    }

    /// An optional integer value.
    pub(super) fn integer(&self, t: &Table, key: &str, r: &mut Reporter) -> Option<Located<i64>> {
        let item = t.get(key)?;
        let at = self.item_loc(t, key);
        match item.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(value) => Some(Located { value, at }),
                Err(_) => {
                    r.error(at, format!("`{key}` must fit in 64 bits"));
                    None
                }
            },
            _ => {
                r.error(at, format!("`{key}` must be an integer"));
                None
            }
        }
    }

    /// `with = { fillfactor = 70, autovacuum_enabled = false }`: storage parameters, each value
    /// kept as the text PostgreSQL stores.
    pub(super) fn storage(&self, t: &Table, r: &mut Reporter) -> Vec<Located<(String, String)>> {
        self.scalar_options(
            t,
            "with",
            "`with` must be a table of storage parameters, such as { fillfactor = 70 }",
            |key| format!("storage parameter `{key}` must be a number, boolean or string"),
            |b| if b { "true" } else { "false" },
            r,
        )
    }

    /// A table of named scalar options under `key` (`with`, a function's `set`), each value
    /// as text: numbers as written, booleans as `boolean` spells them, strings as they are.
    pub(super) fn scalar_options(
        &self,
        t: &Table,
        key: &str,
        not_a_table: &str,
        not_a_scalar: impl Fn(&str) -> String,
        boolean: fn(bool) -> &'static str,
        r: &mut Reporter,
    ) -> Vec<Located<(String, String)>> {
        let Some(item) = t.get(key) else {
            return Vec::new();
        };
        let Some(map) = item.get_ref().as_table() else {
            r.error(self.item_loc(t, key), not_a_table);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, value) in entries(map) {
            let at = self.loc(Some(value.span()));
            let text = match value.get_ref() {
                DeValue::Integer(i) => Some(i.as_str().to_string()),
                DeValue::Float(f) => Some(f.as_str().to_string()),
                DeValue::Boolean(b) => Some(boolean(*b).to_string()),
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            };
            match text {
                Some(text) => out.push(Located {
                    value: (name.to_string(), text),
                    at,
                }),
                None => r.error(at, not_a_scalar(name)),
            }
        }
        out
    }
}
