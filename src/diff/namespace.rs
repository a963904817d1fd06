//! Schemas and extensions. A schema is created when the new model needs it (an object in it,
//! or a declaration) and the old one did not, and dropped the other way round; so dropping
//! the last enum of a schema the new model still declares keeps the schema.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{Extension, Namespace, Schema};

/// Schemas created, dropped or re-commented.
pub(super) fn diff_schemas(from: &Schema, to: &Schema, phases: &mut Phases) {
    let (old, new) = (from.namespaces(), to.namespaces());
    let declared = |model: &Schema, name: &str| {
        model.namespace(name).cloned().unwrap_or(Namespace {
            grants: Default::default(),
            name: name.to_string(),
            comment: None,
        })
    };
    for name in &new {
        let schema = declared(to, name);
        if !old.contains(name) {
            phases.push(Phase::CreateSchemas, Change::CreateSchema { schema });
        } else {
            let before = declared(from, name);
            if before.comment != schema.comment {
                phases.push(
                    Phase::CreateSchemas,
                    Change::SetSchemaComment {
                        name: name.clone(),
                        from: before.comment,
                        to: schema.comment,
                    },
                );
            }
        }
    }
    for name in &old {
        if !new.contains(name) {
            phases.push(
                Phase::DropSchemas,
                Change::DropSchema {
                    schema: declared(from, name),
                },
            );
        }
    }
}

/// Extensions created, dropped, moved to another schema or updated.
pub(super) fn diff_extensions(from: &Schema, to: &Schema, phases: &mut Phases) {
    let find = |list: &[Extension], name: &str| list.iter().find(|e| e.name == name).cloned();
    for extension in &to.extensions {
        match find(&from.extensions, &extension.name) {
            None => phases.push(
                Phase::CreateExtensions,
                Change::CreateExtension {
                    extension: extension.clone(),
                },
            ),
            Some(before) if &before != extension => phases.push(
                Phase::CreateExtensions,
                Change::AlterExtension {
                    from: before,
                    to: extension.clone(),
                },
            ),
            Some(_) => {}
        }
    }
    for extension in &from.extensions {
        if find(&to.extensions, &extension.name).is_none() {
            phases.push(
                Phase::DropExtensions,
                Change::DropExtension {
                    extension: extension.clone(),
                },
            );
        }
    }
}
