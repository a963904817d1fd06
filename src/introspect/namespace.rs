//! Schemas and extensions.

use super::{queries, query};
use crate::schema::model::{Extension, Namespace};
use anyhow::Result;
use tokio_postgres::Client;

/// The user schemas (names to read everything else from) and those among them that are
/// declared with a comment or are empty (the model's `schemas`, normalised later).
pub(super) async fn read_schemas(client: &Client) -> Result<(Vec<String>, Vec<Namespace>)> {
    let rows = query(client, queries::SCHEMAS, &[], "schemas").await?;
    let names = rows.iter().map(|r| r.get(0)).collect();
    let declared = rows
        .iter()
        .map(|r| Namespace {
            grants: Default::default(),
            name: r.get(0),
            comment: r.get(1),
        })
        .filter(|n| n.name != "public")
        .collect();
    Ok((names, declared))
}

/// Extensions with their schema (none for `public`) and version.
pub(super) async fn read_extensions(client: &Client) -> Result<Vec<Extension>> {
    Ok(query(client, queries::EXTENSIONS, &[], "extensions")
        .await?
        .iter()
        .map(|r| Extension {
            name: r.get(0),
            schema: Some(r.get::<_, String>(1)).filter(|s| s != "public"),
            version: r.get(2),
        })
        .collect())
}
