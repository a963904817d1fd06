//! Reading `[table.NAME]` definitions: columns, keys, checks, foreign keys and indexes.

use super::{FileReader, Loc, Located, Reporter, Table, entries};
use crate::schema::model::{Literal, QualifiedName};

/// A table as written.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub name: QualifiedName,
    pub at: Loc,
    pub comment: Option<String>,
    pub renamed_from: Option<Located<String>>,
    pub primary_key: Option<Located<Vec<Located<String>>>>,
    pub columns: Vec<RawColumn>,
    pub indexes: Vec<RawIndex>,
    pub checks: Vec<Located<(String, String)>>,
    pub uniques: Vec<Located<(String, Vec<Located<String>>)>>,
    pub foreign_keys: Vec<RawForeignKey>,
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
    pub identity: Option<Located<String>>,
    pub generated: Option<Located<String>>,
    pub comment: Option<String>,
    pub renamed_from: Option<Located<String>>,
}

/// An index as written.
#[derive(Debug, Clone)]
pub struct RawIndex {
    pub name: String,
    pub at: Loc,
    pub columns: Vec<Located<String>>,
    pub unique: bool,
    pub using: Option<Located<String>>,
    pub predicate: Option<Located<String>>,
    pub include: Vec<Located<String>>,
    pub nulls_not_distinct: bool,
}

/// A table-level foreign key as written.
#[derive(Debug, Clone)]
pub struct RawForeignKey {
    pub name: String,
    pub at: Loc,
    pub columns: Vec<Located<String>>,
    pub references: Option<Located<String>>,
    pub on_delete: Option<Located<String>>,
    pub on_update: Option<Located<String>>,
    pub deferrable: bool,
    pub initially_deferred: bool,
}

const TABLE_KEYS: &[&str] = &[
    "columns",
    "primary_key",
    "indexes",
    "checks",
    "uniques",
    "foreign_keys",
    "comment",
    "renamed_from",
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
    "comment",
    "renamed_from",
];
const INDEX_KEYS: &[&str] = &[
    "columns",
    "unique",
    "using",
    "where",
    "include",
    "nulls_not_distinct",
];
const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "on_delete",
    "on_update",
    "deferrable",
    "initially_deferred",
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
                    value: self.string_list(item, pk_at, "primary_key", r),
                    at: pk_at,
                }
            }),
            columns: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
        };
        if let Some(item) = table.get("columns") {
            self.each_table(table, "columns", item, r, |col, t, at, r| {
                raw.columns.push(self.read_column(col, t, at, r));
            });
        } else {
            r.error(
                at,
                format!("table `{name}` needs a [table.{name}.columns] section"),
            );
        }
        if let Some(item) = table.get("indexes") {
            self.each_table(table, "indexes", item, r, |index, t, at, r| {
                raw.indexes.push(self.read_index(index, t, at, r));
            });
        }
        if let Some(item) = table.get("foreign_keys") {
            self.each_table(table, "foreign_keys", item, r, |fk, t, at, r| {
                raw.foreign_keys.push(self.read_foreign_key(fk, t, at, r));
            });
        }
        self.read_named_values(table, "checks", r, |check, item, at, r| {
            match item.get_ref().as_str() {
                Some(expr) => raw.checks.push(Located {
                    value: (check.to_string(), expr.to_string()),
                    at,
                }),
                None => r.error(
                    at,
                    format!("check `{check}` must be a string (the expression)"),
                ),
            }
        });
        self.read_named_values(table, "uniques", r, |unique, item, at, r| {
            let columns = self.string_list(item, at, "a unique constraint", r);
            raw.uniques.push(Located {
                value: (unique.to_string(), columns),
                at,
            });
        });
        raw
    }

    /// Calls `f` for every `name = value` of the sub-table `key`.
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
            generated: None,
            comment: None,
            renamed_from: None,
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
                "identity" => column.identity = string(r),
                "generated" => column.generated = string(r),
                "comment" => column.comment = string(r).map(|c| c.value),
                "renamed_from" => column.renamed_from = string(r),
                _ => self.unknown_key(t, key, COLUMN_KEYS, || format!("column `{name}`"), r),
            }
        }
        if !has_type {
            r.error(at, format!("column `{name}` needs a `type`"));
        }
        column
    }

    fn read_index(&self, name: &str, t: &Table, at: Loc, r: &mut Reporter) -> RawIndex {
        self.check_keys(t, INDEX_KEYS, || format!("index `{name}`"), r);
        let columns = match t.get("columns") {
            Some(item) => self.string_list(item, self.item_loc(t, "columns"), "columns", r),
            None => {
                r.error(at, format!("index `{name}` needs `columns = [...]`"));
                Vec::new()
            }
        };
        RawIndex {
            name: name.to_string(),
            at,
            columns,
            unique: self.boolean(t, "unique", r),
            using: self.string(t, "using", r),
            predicate: self.string(t, "where", r),
            include: t
                .get("include")
                .map(|item| self.string_list(item, self.item_loc(t, "include"), "include", r))
                .unwrap_or_default(),
            nulls_not_distinct: self.boolean(t, "nulls_not_distinct", r),
        }
    }

    fn read_foreign_key(&self, name: &str, t: &Table, at: Loc, r: &mut Reporter) -> RawForeignKey {
        self.check_keys(t, FOREIGN_KEY_KEYS, || format!("foreign key `{name}`"), r);
        let columns = match t.get("columns") {
            Some(item) => self.string_list(item, self.item_loc(t, "columns"), "columns", r),
            None => {
                r.error(at, format!("foreign key `{name}` needs `columns = [...]`"));
                Vec::new()
            }
        };
        let references = self.string(t, "references", r);
        if references.is_none() && t.get("references").is_none() {
            r.error(
                at,
                format!("foreign key `{name}` needs `references = \"table(column)\"`"),
            );
        }
        RawForeignKey {
            name: name.to_string(),
            at,
            columns,
            references,
            on_delete: self.string(t, "on_delete", r),
            on_update: self.string(t, "on_update", r),
            deferrable: self.boolean(t, "deferrable", r),
            initially_deferred: self.boolean(t, "initially_deferred", r),
        }
    }
}
