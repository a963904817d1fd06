//! The first strata migration of a project that starts from an existing schema: the schema as
//! TOML, the migration that creates it all (up) or drops it all (down), its snapshot and the
//! journal, planned in memory and written all or nothing.
//!
//! The model is written as TOML and parsed back before anything else, so the snapshot is the
//! model `strata check` will read from `schema/`, byte for byte.

use crate::config::Project;
use crate::diff::{DiffOptions, diff};
use crate::error::input_error;
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{down_path, up_path, write_all};
use crate::migrate::journal::{Journal, JournalEntry, make_tag, now_rfc3339};
use crate::schema::snapshot::Snapshot;
use crate::schema::{ParsedSchema, Schema};
use anyhow::Result;
use std::path::PathBuf;

/// A planned first migration, not yet written.
#[derive(Debug)]
pub struct FirstMigration {
    pub tag: String,
    /// The model as read back from the TOML files.
    pub parsed: ParsedSchema,
    pub entry: JournalEntry,
    pub snapshot_id: String,
    /// Every file to write, with its contents (schema files included).
    pub writes: Vec<(PathBuf, String)>,
}

/// Refuses a project that already has migrations: a first migration is only for a project
/// that starts here.
pub fn require_no_history(project: &Project) -> Result<()> {
    let journal = Journal::load(&project.journal)?;
    if !journal.entries.is_empty() {
        return Err(input_error(format!(
            "{} already lists {} migration(s): this project already has a strata history",
            project.journal.display(),
            journal.entries.len()
        )));
    }
    Ok(())
}

/// The model as TOML files under schema/ and as read back from them. An error here is a model
/// the TOML format cannot express.
pub fn toml_of(
    project: &Project,
    schema: &Schema,
) -> Result<(ParsedSchema, Vec<(PathBuf, String)>)> {
    let toml: Vec<(PathBuf, String)> = crate::schema::write::files(schema)
        .into_iter()
        .map(|(file, text)| (project.schema_dir.join(file), text))
        .collect();
    let parsed = crate::schema::parse::parse_files(&toml).map_err(|diagnostics| {
        input_error(format!(
            "the schema does not read back as strata TOML (a strata limit; please report \
             it):\n{diagnostics}"
        ))
    })?;
    Ok((parsed, toml))
}

/// Plans migration 0000 named `name` creating `parsed`; `schema_files` are written with it
/// (empty when the project's own schema/ is the source).
pub fn plan(
    project: &Project,
    parsed: ParsedSchema,
    name: &str,
    schema_files: Vec<(PathBuf, String)>,
) -> Result<FirstMigration> {
    let tag = make_tag(0, name);
    let changes = diff(
        &Schema::default(),
        &parsed.schema,
        &parsed.hints,
        &DiffOptions::default(),
    )
    .map_err(|e| input_error(e.to_string()))?;
    let context = crate::sql::Context::new(&[&parsed.schema]);
    let sql = crate::sql::render_migration(&tag, &changes, &context);
    let snapshot = Snapshot::new(parsed.schema.clone(), None);
    let snapshot_json = snapshot.to_json();
    let entry = JournalEntry {
        idx: 0,
        tag: tag.clone(),
        created_at: now_rfc3339(),
        up_sha256: text_sha256(&sql.up),
        down_sha256: text_sha256(&sql.down),
        snapshot_sha256: text_sha256(&snapshot_json),
        transactional: sql.transactional,
    };
    let mut journal = Journal::default();
    journal.entries.push(entry.clone());
    let mut writes = schema_files;
    writes.extend([
        (up_path(&project.migrations_dir, &tag), sql.up),
        (down_path(&project.migrations_dir, &tag), sql.down),
        (
            project.snapshots_dir.join(format!("{tag}.json")),
            snapshot_json,
        ),
        (project.journal.clone(), journal.to_json()),
    ]);
    Ok(FirstMigration {
        tag,
        parsed,
        entry,
        snapshot_id: snapshot.id,
        writes,
    })
}

/// Writes the plan's files, and `extra` ones, all or nothing.
pub fn write(first: &FirstMigration, extra: &[(PathBuf, String)]) -> Result<()> {
    let mut all = first.writes.clone();
    all.extend_from_slice(extra);
    write_all(&all)
}
