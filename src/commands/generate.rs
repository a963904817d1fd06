//! `strata generate`: diff schema/ against the last snapshot and write the next migration (up
//! and down SQL), its snapshot and its journal entry, all or nothing.

use crate::commands::Outcome;
use crate::config::Project;
use crate::diff::{self, DiffOptions};
use crate::error::input_error;
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{down_path, up_path, write_all};
use crate::migrate::journal::{Journal, JournalEntry, make_tag, now_rfc3339};
use crate::schema::snapshot::Snapshot;
use crate::schema::{ParsedSchema, Schema};
use anyhow::{Context, Result};

/// `generate`'s flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub name: String,
    pub allow_destructive: bool,
    pub dry_run: bool,
}

/// Runs `generate`.
pub fn run(project: &Project, options: &Options) -> Result<Outcome> {
    let parsed = load_schema(project)?;
    let journal = Journal::load(&project.journal)?;
    let (previous, prev_id) = last_state(project, &journal)?;
    if parsed.schema == previous {
        match journal.entries.last() {
            Some(entry) => println!("No changes: schema/ matches snapshot {}.", entry.tag),
            None => println!("No changes: schema/ is empty and there is no history yet."),
        }
        return Ok(Outcome::Success);
    }
    let diff_options = DiffOptions {
        allow_destructive: options.allow_destructive,
    };
    let changes = diff::diff(&previous, &parsed.schema, &parsed.hints, &diff_options)?;
    let tag = make_tag(journal.next_idx(), &options.name);
    let sql = crate::sql::render_migration(&tag, &changes);
    for hazard in &sql.hazards {
        eprintln!("hazard: {hazard}");
    }
    if options.dry_run {
        print!("{}", sql.up);
        return Ok(Outcome::Success);
    }
    let snapshot = Snapshot::new(parsed.schema, prev_id);
    let snapshot_json = snapshot.to_json();
    let mut journal = journal;
    journal.entries.push(JournalEntry {
        idx: journal.next_idx(),
        tag: tag.clone(),
        created_at: now_rfc3339(),
        up_sha256: text_sha256(&sql.up),
        down_sha256: text_sha256(&sql.down),
        snapshot_sha256: text_sha256(&snapshot_json),
        transactional: sql.transactional,
    });
    let up = up_path(&project.migrations_dir, &tag);
    let down = down_path(&project.migrations_dir, &tag);
    let snapshot_path = project.snapshots_dir.join(format!("{tag}.json"));
    write_all(&[
        (up.clone(), sql.up),
        (down.clone(), sql.down),
        (snapshot_path.clone(), snapshot_json),
        (project.journal.clone(), journal.to_json()),
    ])?;
    println!(
        "Wrote {}, {}, {} and the journal entry {tag} ({} changes{}).",
        up.display(),
        down.display(),
        snapshot_path.display(),
        changes.len(),
        if sql.transactional {
            ""
        } else {
            ", non-transactional"
        }
    );
    Ok(Outcome::Success)
}

/// Parses schema/, printing warnings to stderr; diagnostics become the error (exit 2).
pub fn load_schema(project: &Project) -> Result<ParsedSchema> {
    if !project.schema_dir.is_dir() {
        return Err(input_error(format!(
            "{}: no schema directory (run `strata init`, or set schema_dir in strata.toml)",
            project.schema_dir.display()
        )));
    }
    let parsed = crate::schema::parse::load_dir(&project.schema_dir)?;
    for warning in &parsed.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(parsed)
}

/// The model after the last migration in the journal, and its snapshot id; the empty model and
/// no id when there is no history yet.
pub fn last_state(project: &Project, journal: &Journal) -> Result<(Schema, Option<String>)> {
    let Some(entry) = journal.entries.last() else {
        return Ok((Schema::default(), None));
    };
    let path = project.snapshots_dir.join(format!("{}.json", entry.tag));
    let snapshot = Snapshot::load(&path).with_context(|| {
        format!(
            "loading the snapshot of the last migration {} (run `strata check`)",
            entry.tag
        )
    })?;
    Ok((snapshot.schema, Some(snapshot.id)))
}
