//! What a database holds that the model does not: listed by kind and name, never dropped
//! silently. `pull` reports it (and `--strict` refuses to go on), `verify` shows it apart from
//! drift.

use super::{queries, query};
use anyhow::Result;
use serde::Serialize;
use tokio_postgres::Client;

/// One object the model leaves out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unmanaged {
    /// `view`, `function`, `trigger`, `policy`, `exclusion constraint` ...
    pub kind: String,
    /// Schema-qualified and quoted as SQL writes it; a function with its argument types.
    pub name: String,
}

impl std::fmt::Display for Unmanaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}",
            self.kind,
            crate::sql::quote::escape_text(&self.name)
        )
    }
}

/// The objects of the database's user schemas that the model leaves out, sorted.
pub async fn unmanaged(client: &Client) -> Result<Vec<Unmanaged>> {
    let schemas: Vec<String> = query(client, queries::SCHEMAS, &[], "schemas")
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(query(
        client,
        queries::UNMANAGED,
        &[&schemas],
        "objects strata does not model",
    )
    .await?
    .iter()
    .map(|r| Unmanaged {
        kind: r.get(0),
        name: r.get(1),
    })
    .collect())
}

/// One line for the terminal: `3 objects that strata does not model are left out: view
/// public.v, ...`, or nothing.
pub fn summary(objects: &[Unmanaged]) -> Option<String> {
    if objects.is_empty() {
        return None;
    }
    let listed: Vec<String> = objects.iter().map(|o| o.to_string()).collect();
    Some(format!(
        "{} that strata does not model: {}",
        crate::style::count(objects.len(), "object"),
        listed.join(", ")
    ))
}
