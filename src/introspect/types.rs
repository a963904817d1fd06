//! Enums, domains and composite types.

use super::{queries, query, rows};
use crate::schema::model::*;
use anyhow::Result;
use std::collections::BTreeMap;
use tokio_postgres::Client;

pub(super) async fn read_enums(client: &Client, schemas: &[String]) -> Result<Vec<Enum>> {
    Ok(query(client, queries::ENUMS, &[&schemas], "enums")
        .await?
        .iter()
        .map(|row| Enum {
            name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            values: row.get(2),
            comment: row.get(3),
        })
        .collect())
}

pub(super) async fn read_domains(client: &Client, schemas: &[String]) -> Result<Vec<Domain>> {
    let mut domains: BTreeMap<i64, Domain> = BTreeMap::new();
    for row in query(client, queries::DOMAINS, &[&schemas], "domains").await? {
        let data_type = rows::type_name(row.get(3), row.get(4), row.get(5), row.get(6), row.get(7));
        let default = row
            .get::<_, Option<String>>(9)
            .and_then(|text| rows::default_value(&text, &data_type));
        domains.insert(
            row.get(0),
            Domain {
                name: QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2)),
                data_type,
                not_null: row.get(8),
                default,
                collation: row.get(10),
                checks: Vec::new(),
                comment: row.get(11),
            },
        );
    }
    for row in query(client, queries::DOMAIN_CHECKS, &[&schemas], "domain checks").await? {
        if let Some(domain) = domains.get_mut(&row.get::<_, i64>(0)) {
            domain.checks.push(Check {
                name: row.get(1),
                expression: row.get::<_, Option<String>>(2).unwrap_or_default(),
                not_valid: row.get(3),
                comment: row.get(4),
            });
        }
    }
    Ok(domains.into_values().collect())
}

pub(super) async fn read_composites(
    client: &Client,
    schemas: &[String],
) -> Result<Vec<CompositeType>> {
    let mut composites: BTreeMap<i64, CompositeType> = BTreeMap::new();
    for row in query(client, queries::COMPOSITES, &[&schemas], "composite types").await? {
        composites.insert(
            row.get(0),
            CompositeType {
                name: QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2)),
                attributes: Vec::new(),
                comment: row.get(3),
            },
        );
    }
    let attributes = query(
        client,
        queries::COMPOSITE_ATTRIBUTES,
        &[&schemas],
        "composite attributes",
    )
    .await?;
    for row in attributes {
        if let Some(composite) = composites.get_mut(&row.get::<_, i64>(0)) {
            composite.attributes.push(Attribute {
                name: row.get(1),
                data_type: rows::type_name(
                    row.get(2),
                    row.get(3),
                    row.get(4),
                    row.get(5),
                    row.get(6),
                ),
                collation: row.get(7),
            });
        }
    }
    Ok(composites.into_values().collect())
}
