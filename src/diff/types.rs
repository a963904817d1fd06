//! Domains and composite types: created after the enums they may use and before the tables
//! whose columns use them, dropped after those tables; altered in place where PostgreSQL
//! can, recreated (a domain's base type) where it cannot.

use super::order::{Phase, Phases};
use crate::diff::{Change, ColumnRef};
use crate::schema::model::{CompositeType, QualifiedName, Schema};
use crate::schema::types;

pub(super) fn diff_domains(from: &Schema, to: &Schema, phases: &mut Phases) {
    for domain in &to.domains {
        match from.domain(&domain.name) {
            None => phases.push(
                Phase::Types,
                Change::CreateDomain {
                    domain: domain.clone(),
                },
            ),
            Some(before) if before == domain => {}
            Some(before)
                if before.data_type != domain.data_type || before.collation != domain.collation =>
            {
                phases.push(
                    Phase::RecreateEnums,
                    Change::RecreateDomain {
                        from: before.clone(),
                        to: domain.clone(),
                        usages: column_usages(to, &domain.name),
                    },
                )
            }
            Some(before) => phases.push(
                Phase::Types,
                Change::AlterDomain {
                    from: before.clone(),
                    to: domain.clone(),
                },
            ),
        }
    }
    for domain in &from.domains {
        if to.domain(&domain.name).is_none() {
            phases.push(
                Phase::DropTypes,
                Change::DropDomain {
                    domain: domain.clone(),
                },
            );
        }
    }
}

pub(super) fn diff_composites(from: &Schema, to: &Schema, phases: &mut Phases) {
    // Created in dependency order (a composite may hold another), dropped in reverse.
    for composite in dependency_order(&to.composites) {
        match from.composite(&composite.name) {
            None => phases.push(
                Phase::Types,
                Change::CreateComposite {
                    composite: composite.clone(),
                },
            ),
            Some(before) if before == composite => {}
            Some(before) => {
                let attributes_change = before.attributes != composite.attributes;
                let usages = column_usages(to, &composite.name);
                if attributes_change && !usages.is_empty() {
                    phases.push(
                        Phase::RecreateEnums,
                        Change::RecreateComposite {
                            from: before.clone(),
                            to: composite.clone(),
                            usages,
                        },
                    );
                } else {
                    phases.push(
                        Phase::Types,
                        Change::AlterComposite {
                            from: before.clone(),
                            to: composite.clone(),
                        },
                    );
                }
            }
        }
    }
    for composite in dependency_order(&from.composites).into_iter().rev() {
        if to.composite(&composite.name).is_none() {
            phases.push(
                Phase::DropTypes,
                Change::DropComposite {
                    composite: composite.clone(),
                },
            );
        }
    }
}

/// Composites ordered so that one comes after those its attributes use; otherwise by name.
fn dependency_order(composites: &[CompositeType]) -> Vec<&CompositeType> {
    let mut done: Vec<&CompositeType> = Vec::new();
    let mut left: Vec<&CompositeType> = composites.iter().collect();
    while !left.is_empty() {
        let ready = left.iter().position(|c| {
            c.attributes.iter().all(|a| {
                let base = types::split_array(&a.data_type).0;
                !left
                    .iter()
                    .any(|o| o.name != c.name && o.name.to_string() == base)
            })
        });
        // A cycle cannot be created anyway: take the first and let PostgreSQL say so.
        done.push(left.remove(ready.unwrap_or(0)));
    }
    done
}

/// Every column whose type is the domain (or an array of it).
fn column_usages(schema: &Schema, name: &QualifiedName) -> Vec<ColumnRef> {
    super::usages(schema, name)
}
