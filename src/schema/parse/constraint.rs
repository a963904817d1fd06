//! Reading a table's keys and constraints: `primary_key`, `uniques`, `checks` and
//! `foreign_keys`, each in its short form (a list of columns, an expression) or as a table
//! with the options that the short form cannot say (a name, deferrability, `NOT VALID`, a
//! comment).

use super::{FileReader, Item, Loc, Located, Reporter, Table};

/// A table-level primary key as written.
#[derive(Debug, Clone, Default)]
pub struct RawPrimaryKey {
    pub columns: Vec<Located<String>>,
    pub name: Option<Located<String>>,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub comment: Option<String>,
}

/// A unique constraint as written.
#[derive(Debug, Clone)]
pub struct RawUnique {
    pub name: String,
    pub at: Loc,
    pub columns: Vec<Located<String>>,
    pub nulls_not_distinct: bool,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub comment: Option<String>,
}

/// A check constraint as written.
#[derive(Debug, Clone)]
pub struct RawCheck {
    pub name: String,
    pub at: Loc,
    pub expression: Located<String>,
    pub not_valid: bool,
    pub comment: Option<String>,
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
    pub not_valid: bool,
    pub comment: Option<String>,
}

const PRIMARY_KEY_KEYS: &[&str] = &[
    "columns",
    "name",
    "deferrable",
    "initially_deferred",
    "comment",
];
const UNIQUE_KEYS: &[&str] = &[
    "columns",
    "nulls_not_distinct",
    "deferrable",
    "initially_deferred",
    "comment",
];
const CHECK_KEYS: &[&str] = &["expression", "not_valid", "comment"];
const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "on_delete",
    "on_update",
    "deferrable",
    "initially_deferred",
    "not_valid",
    "comment",
];

impl FileReader {
    /// `primary_key = ["a", "b"]` or `primary_key = { columns = [..], name = "..", .. }`.
    pub(super) fn read_primary_key(&self, item: &Item, at: Loc, r: &mut Reporter) -> RawPrimaryKey {
        let Some(t) = item.get_ref().as_table() else {
            return RawPrimaryKey {
                columns: self.string_list(item, at, "primary_key", r),
                ..RawPrimaryKey::default()
            };
        };
        self.check_keys(t, PRIMARY_KEY_KEYS, || "the primary key".to_string(), r);
        RawPrimaryKey {
            columns: self.columns(t, at, "the primary key", r),
            name: self.string(t, "name", r),
            deferrable: self.boolean(t, "deferrable", r),
            initially_deferred: self.boolean(t, "initially_deferred", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
        }
    }

    /// `name = ["a", "b"]` or `name = { columns = [..], nulls_not_distinct = true, .. }`.
    pub(super) fn read_unique(
        &self,
        name: &str,
        item: &Item,
        at: Loc,
        r: &mut Reporter,
    ) -> RawUnique {
        let mut unique = RawUnique {
            name: name.to_string(),
            at,
            columns: Vec::new(),
            nulls_not_distinct: false,
            deferrable: false,
            initially_deferred: false,
            comment: None,
        };
        let Some(t) = item.get_ref().as_table() else {
            unique.columns = self.string_list(item, at, "a unique constraint", r);
            return unique;
        };
        let what = || format!("unique constraint `{name}`");
        self.check_keys(t, UNIQUE_KEYS, what, r);
        unique.columns = self.columns(t, at, &what(), r);
        unique.nulls_not_distinct = self.boolean(t, "nulls_not_distinct", r);
        unique.deferrable = self.boolean(t, "deferrable", r);
        unique.initially_deferred = self.boolean(t, "initially_deferred", r);
        unique.comment = self.string(t, "comment", r).map(|c| c.value);
        unique
    }

    /// `name = "expression"` or `name = { expression = "..", not_valid = true, comment = ".." }`.
    pub(super) fn read_check(
        &self,
        name: &str,
        item: &Item,
        at: Loc,
        r: &mut Reporter,
    ) -> Option<RawCheck> {
        let value_at = self.loc(Some(item.span()));
        let Some(t) = item.get_ref().as_table() else {
            let Some(expression) = item.get_ref().as_str() else {
                r.error(
                    at,
                    format!("check `{name}` must be a string (the expression) or a table"),
                );
                return None;
            };
            return Some(RawCheck {
                name: name.to_string(),
                at,
                expression: Located {
                    value: expression.to_string(),
                    at: value_at,
                },
                not_valid: false,
                comment: None,
            });
        };
        self.check_keys(t, CHECK_KEYS, || format!("check `{name}`"), r);
        let Some(expression) = self.string(t, "expression", r) else {
            r.error(at, format!("check `{name}` needs `expression = \"...\"`"));
            return None;
        };
        Some(RawCheck {
            name: name.to_string(),
            at,
            expression,
            not_valid: self.boolean(t, "not_valid", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
        })
    }

    pub(super) fn read_foreign_key(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawForeignKey {
        let what = || format!("foreign key `{name}`");
        self.check_keys(t, FOREIGN_KEY_KEYS, what, r);
        let columns = self.columns(t, at, &what(), r);
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
            not_valid: self.boolean(t, "not_valid", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
        }
    }

    /// The required `columns = [..]` of a constraint or index table.
    pub(super) fn columns(
        &self,
        t: &Table,
        at: Loc,
        what: &str,
        r: &mut Reporter,
    ) -> Vec<Located<String>> {
        match t.get("columns") {
            Some(item) => self.string_list(item, self.item_loc(t, "columns"), "columns", r),
            None => {
                r.error(at, format!("{what} needs `columns = [...]`"));
                Vec::new()
            }
        }
    }
}
