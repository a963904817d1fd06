//! Sequences that stand on their own (identity columns' are read with their columns).

use super::{queries, query, rows};
use crate::schema::model::{ColumnName, QualifiedName, Sequence};
use anyhow::Result;
use tokio_postgres::Client;

pub(super) async fn read_sequences(client: &Client, schemas: &[String]) -> Result<Vec<Sequence>> {
    let mut out = Vec::new();
    for row in query(client, queries::SEQUENCES, &[&schemas], "sequences").await? {
        let settings = rows::SequenceRow {
            data_type: row.get(2),
            start: row.get(3),
            increment: row.get(4),
            min: row.get(5),
            max: row.get(6),
            cache: row.get(7),
            cycle: row.get(8),
        };
        let owned_by = match (
            row.get::<_, Option<String>>(9),
            row.get::<_, Option<String>>(10),
            row.get::<_, Option<String>>(11),
        ) {
            (Some(schema), Some(table), Some(column)) => Some(ColumnName {
                table: QualifiedName::new(schema, table),
                column,
            }),
            _ => None,
        };
        out.push(Sequence {
            grants: Default::default(),
            name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            options: rows::sequence_options(&settings),
            data_type: settings.data_type,
            owned_by,
            comment: row.get(12),
        });
    }
    Ok(out)
}
