//! Views and materialized views: a query kept as SQL text, optional column names, `WITH (..)`
//! options, and for materialized views `WITH NO DATA` and indexes.

use super::{Index, QualifiedName, is_false};
use crate::sql::refs::Mentions;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A view (`CREATE VIEW`) or materialized view (`CREATE MATERIALIZED VIEW`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: QualifiedName,
    /// True for a materialized view.
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// The query as written (or as `pg_get_viewdef` prints it), without a trailing `;`.
    pub query: String,
    /// Column names given to the view (`CREATE VIEW v (a, b)`); empty when the query names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// `WITH (..)` options: `security_barrier`, `check_option`, or a materialized view's
    /// storage parameters. Names in lower case.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// A materialized view created `WITH NO DATA` (not populated until refreshed).
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_data: bool,
    /// A materialized view's indexes, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Comments on the view's columns, by column name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub column_comments: BTreeMap<String, String>,
    /// Privileges granted on it, by grantee (the owner's are implicit); as on tables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grants: super::Grants,
}

impl View {
    /// What its grants are granted on.
    pub fn grant_target(&self) -> super::GrantTarget {
        if self.materialized {
            super::GrantTarget::MaterializedView {
                name: self.name.clone(),
            }
        } else {
            super::GrantTarget::View {
                name: self.name.clone(),
            }
        }
    }

    /// A plain view of `query`.
    pub fn new(name: QualifiedName, query: impl Into<String>) -> Self {
        View {
            name,
            materialized: false,
            query: query.into(),
            columns: Vec::new(),
            options: BTreeMap::new(),
            no_data: false,
            indexes: Vec::new(),
            comment: None,
            column_comments: BTreeMap::new(),
            grants: BTreeMap::new(),
        }
    }

    /// `view` or `materialized view`, for messages.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }

    /// True when both describe the same view in a database. `no_data` is left out: it says
    /// how the materialized view is created, and a `REFRESH` later populates it (the database
    /// then says it is populated, and that is no drift).
    pub fn equivalent(&self, other: &View) -> bool {
        let mut other = other.clone();
        other.no_data = self.no_data;
        self == &other
    }

    /// The names the query mentions (for dependency order).
    pub fn mentions(&self) -> Mentions {
        Mentions::of(&self.query)
    }
}

/// The views in dependency order: each after the views it mentions, ties by name (the input
/// order, which is sorted). `Err` holds the names of views on a cycle.
pub fn dependency_order(views: &[View]) -> Result<Vec<&View>, Vec<QualifiedName>> {
    let mentions: Vec<Mentions> = views.iter().map(View::mentions).collect();
    let depends = |a: usize, b: usize| a != b && mentions[a].object(&views[b].name);
    let mut placed = vec![false; views.len()];
    let mut out = Vec::with_capacity(views.len());
    while out.len() < views.len() {
        let next = (0..views.len())
            .find(|&a| !placed[a] && (0..views.len()).all(|b| placed[b] || !depends(a, b)));
        match next {
            Some(a) => {
                placed[a] = true;
                out.push(&views[a]);
            }
            None => {
                return Err((0..views.len())
                    .filter(|&a| !placed[a])
                    .map(|a| views[a].name.clone())
                    .collect());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_order_puts_readers_after_what_they_read() {
        let views = vec![
            View::new(QualifiedName::public("a"), "SELECT * FROM c"),
            View::new(QualifiedName::public("b"), "SELECT 1"),
            View::new(QualifiedName::public("c"), "SELECT * FROM b"),
        ];
        let order: Vec<&str> = dependency_order(&views)
            .unwrap()
            .iter()
            .map(|v| v.name.name.as_str())
            .collect();
        assert_eq!(order, ["b", "c", "a"]);
    }

    #[test]
    fn with_no_data_is_how_it_is_created_not_what_it_is() {
        let mut view = View::new(QualifiedName::public("m"), "SELECT 1");
        view.materialized = true;
        let mut refreshed = view.clone();
        view.no_data = true;
        assert!(view.equivalent(&refreshed));
        refreshed.query = "SELECT 2".into();
        assert!(!view.equivalent(&refreshed));
    }

    #[test]
    fn cycles_are_reported() {
        let views = vec![
            View::new(QualifiedName::public("a"), "SELECT * FROM b"),
            View::new(QualifiedName::public("b"), "SELECT * FROM a"),
            View::new(QualifiedName::public("c"), "SELECT 1"),
        ];
        let cycle = dependency_order(&views).unwrap_err();
        assert_eq!(
            cycle,
            vec![QualifiedName::public("a"), QualifiedName::public("b")]
        );
    }
}
