//! Views and materialized views, with a materialized view's indexes (read by the index query
//! with the tables').

use super::{queries, query, rows};
use crate::schema::model::{Index, QualifiedName, View};
use anyhow::Result;
use tokio_postgres::Client;

/// Every view of the user schemas; `indexes` are the indexes of relations that are not
/// tables, by the relation's oid.
pub(super) async fn read_views(
    client: &Client,
    schemas: &[String],
    indexes: Vec<(i64, Index)>,
) -> Result<Vec<View>> {
    let mut out = Vec::new();
    for row in query(client, queries::VIEWS, &[&schemas], "views").await? {
        let oid: i64 = row.get(7);
        let mut view = View::new(
            QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            query_text(&row.get::<_, String>(3)),
        );
        view.materialized = row.get(2);
        view.options = rows::storage_parameters(&row.get::<_, Vec<String>>(4));
        view.no_data = view.materialized && !row.get::<_, bool>(5);
        view.comment = row.get(6);
        let columns: Vec<String> = row.get(8);
        let comments: Vec<String> = row.get(9);
        view.column_comments = columns.into_iter().zip(comments).collect();
        view.indexes = indexes
            .iter()
            .filter(|(relation, _)| *relation == oid)
            .map(|(_, index)| index.clone())
            .collect();
        view.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        out.push(view);
    }
    Ok(out)
}

/// `pg_get_viewdef`'s text without its trailing `;` and surrounding white space.
pub fn query_text(definition: &str) -> String {
    let trimmed = definition.trim();
    trimmed
        .strip_suffix(';')
        .unwrap_or(trimmed)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewdef_loses_its_semicolon_and_outer_space() {
        assert_eq!(
            query_text(" SELECT id,\n    handle\n   FROM t;"),
            "SELECT id,\n    handle\n   FROM t"
        );
    }
}
