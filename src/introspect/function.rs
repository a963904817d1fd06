//! Functions, procedures and aggregates, as the server prints them.

use super::{queries, query};
use crate::schema::model::{
    Aggregate, Function, GRANT_OPTION, GrantKind, Grants, Parallel, QualifiedName, Volatility,
    normalize_function_grants, split_arguments,
};
use anyhow::Result;
use std::collections::BTreeMap;
use tokio_postgres::Client;

pub(super) async fn read_functions(
    client: &Client,
    schemas: &[String],
    server_version_num: i32,
) -> Result<Vec<Function>> {
    let mut out = Vec::new();
    let sql = queries::functions(server_version_num);
    for row in query(client, &sql, &[&schemas], "functions").await? {
        let language: String = row.get(5);
        let retset: bool = row.get(13);
        let cost: f32 = row.get(11);
        let rows: f32 = row.get(12);
        let default_cost = if matches!(language.as_str(), "c" | "internal") {
            1.0
        } else {
            100.0
        };
        let set: BTreeMap<String, String> = row
            .get::<_, Option<Vec<String>>>(14)
            .unwrap_or_default()
            .into_iter()
            .map(|entry| match entry.split_once('=') {
                Some((name, value)) => (name.to_string(), value.to_string()),
                None => (entry, String::new()),
            })
            .collect();
        let sql_body: Option<String> = row.get(16);
        out.push(Function {
            name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            procedure: row.get(2),
            arguments: split_arguments(&row.get::<_, String>(3)),
            returns: row.get(4),
            volatility: match row.get::<_, String>(6).as_str() {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            },
            language,
            strict: row.get(7),
            security_definer: row.get(8),
            parallel: parallel(&row.get::<_, String>(9)),
            leakproof: row.get(10),
            cost: (cost != default_cost).then(|| cost.to_string()),
            rows: (retset && rows != 1000.0 && rows > 0.0).then(|| rows.to_string()),
            set,
            body: sql_body.unwrap_or_else(|| row.get(15)),
            comment: row.get(17),
            grants: None,
        });
    }
    read_function_grants(client, schemas, &mut out).await?;
    Ok(out)
}

/// Puts the grants of the functions with an ACL of their own on them (normalised: the
/// default is `None`).
async fn read_function_grants(
    client: &Client,
    schemas: &[String],
    functions: &mut [Function],
) -> Result<()> {
    let mut acls: BTreeMap<(QualifiedName, Vec<String>), Grants> = BTreeMap::new();
    let rows = query(
        client,
        queries::FUNCTION_GRANTS,
        &[&schemas],
        "function privileges",
    )
    .await?;
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let arguments = split_arguments(&row.get::<_, String>(2));
        let grants = acls.entry((name, arguments)).or_default();
        if let Some(grantee) = row.get::<_, Option<String>>(3) {
            let privilege: String = row.get(4);
            let privilege = if row.get::<_, bool>(5) {
                format!("{privilege}{GRANT_OPTION}")
            } else {
                privilege
            };
            grants.entry(grantee).or_default().push(privilege);
        }
    }
    for grants in acls.values_mut() {
        for list in grants.values_mut() {
            *list = GrantKind::Function.canonical(list).unwrap_or_default();
        }
    }
    for function in functions {
        let key = (function.name.clone(), function.arguments.clone());
        function.grants = normalize_function_grants(acls.remove(&key));
    }
    Ok(())
}

pub(super) async fn read_aggregates(client: &Client, schemas: &[String]) -> Result<Vec<Aggregate>> {
    let mut out = Vec::new();
    for row in query(client, queries::AGGREGATES, &[&schemas], "aggregates").await? {
        let function = |schema: usize, name: usize| -> Option<QualifiedName> {
            match (
                row.get::<_, Option<String>>(schema),
                row.get::<_, Option<String>>(name),
            ) {
                (Some(schema), Some(name)) => Some(QualifiedName::new(schema, name)),
                _ => None,
            }
        };
        let arguments: String = row.get(2);
        let arguments = if arguments.trim() == "*" {
            Vec::new()
        } else {
            split_arguments(&arguments)
        };
        out.push(Aggregate {
            name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            arguments,
            sfunc: function(3, 4).unwrap_or_default(),
            stype: row.get(5),
            finalfunc: function(6, 7),
            combinefunc: function(8, 9),
            initcond: row.get(10),
            parallel: parallel(&row.get::<_, String>(11)),
            comment: row.get(12),
        });
    }
    Ok(out)
}

fn parallel(code: &str) -> Parallel {
    match code {
        "s" => Parallel::Safe,
        "r" => Parallel::Restricted,
        _ => Parallel::Unsafe,
    }
}
