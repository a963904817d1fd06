//! Reading a table's `[table.NAME.indexes]`.

use super::{FileReader, Loc, Located, Reporter, Table};

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
    pub storage: Vec<Located<(String, String)>>,
    pub comment: Option<String>,
    /// `concurrently = true`: build (and drop) it with `CONCURRENTLY`. How to build, not what
    /// to build: a hint for the differ, not part of the model.
    pub concurrently: bool,
}

const INDEX_KEYS: &[&str] = &[
    "columns",
    "unique",
    "using",
    "where",
    "include",
    "nulls_not_distinct",
    "with",
    "comment",
    "concurrently",
];

impl FileReader {
    pub(super) fn read_index(&self, name: &str, t: &Table, at: Loc, r: &mut Reporter) -> RawIndex {
        let what = || format!("index `{name}`");
        self.check_keys(t, INDEX_KEYS, what, r);
        RawIndex {
            name: name.to_string(),
            at,
            columns: self.columns(t, at, &what(), r),
            unique: self.boolean(t, "unique", r),
            using: self.string(t, "using", r),
            predicate: self.string(t, "where", r),
            include: t
                .get("include")
                .map(|item| self.string_list(item, self.item_loc(t, "include"), "include", r))
                .unwrap_or_default(),
            nulls_not_distinct: self.boolean(t, "nulls_not_distinct", r),
            storage: self.storage(t, r),
            comment: self.string(t, "comment", r).map(|c| c.value),
            concurrently: self.boolean(t, "concurrently", r),
        }
    }
}
