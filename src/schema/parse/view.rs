//! Reading `[view.NAME]` and `[materialized_view.NAME]`.

use super::index::RawIndex;
use super::{FileReader, Loc, Located, Reporter, Table};
use crate::schema::model::QualifiedName;

/// A view or materialized view as written.
#[derive(Debug, Clone)]
pub struct RawView {
    pub name: QualifiedName,
    pub at: Loc,
    pub materialized: bool,
    pub query: Option<Located<String>>,
    pub columns: Vec<Located<String>>,
    /// `with = { security_barrier = true }`: options as text.
    pub options: Vec<Located<(String, String)>>,
    /// `with_data = false` (materialized views only; default true).
    pub with_data: bool,
    pub indexes: Vec<RawIndex>,
    pub comment: Option<String>,
    /// `column_comments = { id = "..." }`.
    pub column_comments: Vec<Located<(String, String)>>,
    pub renamed_from: Option<Located<String>>,
    pub grants: Vec<super::RawGrant>,
}

const VIEW_KEYS: &[&str] = &[
    "query",
    "columns",
    "with",
    "comment",
    "column_comments",
    "renamed_from",
    "grants",
];
const MATERIALIZED_VIEW_KEYS: &[&str] = &[
    "query",
    "columns",
    "with",
    "with_data",
    "indexes",
    "comment",
    "column_comments",
    "renamed_from",
    "grants",
];

impl FileReader {
    pub(super) fn read_view(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        materialized: bool,
        r: &mut Reporter,
    ) -> RawView {
        let (keys, kind) = if materialized {
            (MATERIALIZED_VIEW_KEYS, "materialized view")
        } else {
            (VIEW_KEYS, "view")
        };
        self.check_keys(t, keys, || format!("{kind} `{name}`"), r);
        let query = self.string(t, "query", r);
        if query.is_none() && t.get("query").is_none() {
            r.error(at, format!("{kind} `{name}` needs a `query`"));
        }
        let mut raw = RawView {
            name: QualifiedName::parse(name),
            at,
            materialized,
            query,
            columns: t
                .get("columns")
                .map(|item| self.string_list(item, self.item_loc(t, "columns"), "columns", r))
                .unwrap_or_default(),
            options: self.storage(t, r),
            with_data: t
                .get("with_data")
                .map(|item| self.boolean_item("with_data", item, self.item_loc(t, "with_data"), r))
                .unwrap_or(true),
            indexes: Vec::new(),
            comment: self.string(t, "comment", r).map(|c| c.value),
            column_comments: Vec::new(),
            renamed_from: self.string(t, "renamed_from", r),
            grants: self.read_grants(t, r),
        };
        self.read_named_values(t, "column_comments", r, |column, item, at, r| {
            if let Some(text) = self.string_item("column_comments", item, at, r) {
                raw.column_comments.push(Located {
                    value: (column.to_string(), text.value),
                    at,
                });
            }
        });
        if materialized && let Some(item) = t.get("indexes") {
            self.each_table(t, "indexes", item, r, &mut |index, it, at, r| {
                raw.indexes.push(self.read_index(index, it, at, r));
            });
        }
        raw
    }
}
