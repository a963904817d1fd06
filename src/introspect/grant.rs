//! Grants from `aclexplode` of tables, columns, sequences and schemas. The owner's own
//! privileges are implicit and left out (as pg_dump leaves them).

use super::{queries, query};
use crate::schema::model::*;
use anyhow::Result;
use tokio_postgres::Client;

/// One privilege granted to one grantee on one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    pub target: GrantTarget,
    pub grantee: String,
    pub privilege: String,
}

/// Every grant of the query's rows, as targets.
pub(super) async fn read_grants(client: &Client, schemas: &[String]) -> Result<Vec<GrantRow>> {
    let mut out = Vec::new();
    for row in query(client, queries::GRANTS, &[&schemas], "privileges").await? {
        let kind: String = row.get(0);
        let schema: String = row.get(1);
        let relation: Option<String> = row.get(2);
        let column: Option<String> = row.get(3);
        let target = match (kind.as_str(), relation, column) {
            ("schema", _, _) => GrantTarget::Schema { name: schema },
            ("sequence", Some(name), _) => GrantTarget::Sequence {
                name: QualifiedName::new(schema, name),
            },
            ("view", Some(name), _) => GrantTarget::View {
                name: QualifiedName::new(schema, name),
            },
            ("materialized view", Some(name), _) => GrantTarget::MaterializedView {
                name: QualifiedName::new(schema, name),
            },
            ("column", Some(table), Some(column)) => GrantTarget::Column {
                table: QualifiedName::new(schema, table),
                column,
            },
            (_, Some(name), _) => GrantTarget::Table {
                name: QualifiedName::new(schema, name),
            },
            _ => continue,
        };
        out.push(GrantRow {
            target,
            grantee: row.get(4),
            privilege: if row.get::<_, bool>(6) {
                format!("{}{GRANT_OPTION}", row.get::<_, String>(5))
            } else {
                row.get(5)
            },
        });
    }
    Ok(out)
}

/// The grants of one target among the rows, sorted.
fn grants_of<'a>(rows: impl Iterator<Item = &'a GrantRow>) -> Grants {
    let mut grants = Grants::new();
    for row in rows {
        grants
            .entry(row.grantee.clone())
            .or_default()
            .push(row.privilege.clone());
    }
    for list in grants.values_mut() {
        list.sort();
        list.dedup();
        // Granted plain by one grantor and with the option by another: the option wins.
        let grantable: Vec<String> = list
            .iter()
            .filter_map(|p| p.strip_suffix(GRANT_OPTION).map(str::to_string))
            .collect();
        list.retain(|p| !grantable.contains(p));
    }
    grants
}

/// Puts the grants on the model's tables, columns, sequences and schemas (objects it does not
/// hold are skipped).
pub(super) fn apply_grants(rows: &[GrantRow], schema: &mut Schema) {
    let mut by_target: std::collections::BTreeMap<&GrantTarget, Vec<&GrantRow>> =
        std::collections::BTreeMap::new();
    for row in rows {
        by_target.entry(&row.target).or_default().push(row);
    }
    let index = super::trigger::table_index(schema);
    for (target, rows) in by_target {
        let grants = grants_of(rows.into_iter());
        match target {
            GrantTarget::Table { name } => {
                if let Some(i) = index.get(name) {
                    schema.tables[*i].grants = grants;
                }
            }
            GrantTarget::Column { table, column } => {
                if let Some(i) = index.get(table)
                    && let Some(c) = schema.tables[*i]
                        .columns
                        .iter_mut()
                        .find(|c| &c.name == column)
                {
                    c.grants = grants;
                }
            }
            GrantTarget::Sequence { name } => {
                if let Some(s) = schema.sequences.iter_mut().find(|s| &s.name == name) {
                    s.grants = grants;
                }
            }
            GrantTarget::Schema { name } => {
                match schema.schemas.iter_mut().find(|n| &n.name == name) {
                    Some(n) => n.grants = grants,
                    None => schema.schemas.push(Namespace {
                        name: name.clone(),
                        comment: None,
                        grants,
                    }),
                }
            }
            GrantTarget::View { name } | GrantTarget::MaterializedView { name } => {
                if let Some(v) = schema.views.iter_mut().find(|v| &v.name == name) {
                    v.grants = grants;
                }
            }
            _ => {}
        }
    }
}
