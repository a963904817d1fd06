//! `strata hash`: recompute the journal's checksums from the files (after a hand-written
//! migration was edited) and say which entries changed. It is right for a migration no
//! database has applied yet; an applied one must not be edited (`migrate` refuses it).

use crate::commands::Outcome;
use crate::config::Project;
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{down_path, up_path};
use crate::migrate::journal::Journal;
use anyhow::Result;

/// Runs `hash`.
pub fn run(project: &Project) -> Result<Outcome> {
    let _lock = crate::commands::generate::take_project_lock(project, "hash")?;
    let mut journal = Journal::load(&project.journal)?;
    let mut changed = Vec::new();
    for entry in &mut journal.entries {
        let read = |path: std::path::PathBuf| crate::migrate::files::read_text(&path);
        let up_sql = read(up_path(&project.migrations_dir, &entry.tag))?;
        let transactional = !crate::migrate::split::needs_no_transaction(&up_sql);
        let up = text_sha256(&up_sql);
        let down = text_sha256(&read(down_path(&project.migrations_dir, &entry.tag))?);
        let snapshot = text_sha256(&read(
            project.snapshots_dir.join(format!("{}.json", entry.tag)),
        )?);
        // A statement that cannot run in a transaction makes the migration non-transactional;
        // the flag is never switched back on (generate sets it off for its own reasons).
        let transactional = entry.transactional && transactional;
        let hashes = (&up, &down, &snapshot);
        if hashes != (&entry.up_sha256, &entry.down_sha256, &entry.snapshot_sha256)
            || transactional != entry.transactional
        {
            changed.push(entry.tag.clone());
            entry.transactional = transactional;
            entry.up_sha256 = up;
            entry.down_sha256 = down;
            entry.snapshot_sha256 = snapshot;
        }
    }
    let quiet = crate::progress::verbosity() == crate::progress::Verbosity::Quiet;
    if changed.is_empty() {
        if !quiet {
            outln!("The journal's checksums match the files.");
        }
        return Ok(Outcome::Success);
    }
    crate::migrate::files::write_all(&[(project.journal.clone(), journal.to_json())])?;
    if !quiet {
        outln!(
            "Updated the checksums of {}. (Only a migration that no database has applied may \
             be edited: an applied one stays as it was applied.)",
            changed.join(", ")
        );
    }
    Ok(Outcome::Success)
}
