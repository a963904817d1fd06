//! `strata new NAME`: an empty hand-written migration whose snapshot equals the previous one.

use crate::commands::Outcome;
use crate::commands::generate::{last_state, take_project_lock};
use crate::config::Project;
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{down_path, up_path, write_all};
use crate::migrate::journal::{Journal, JournalEntry, make_tag, now_rfc3339};
use crate::schema::snapshot::Snapshot;
use anyhow::Result;

/// Runs `new`.
pub fn run(project: &Project, name: &str) -> Result<Outcome> {
    let _lock = take_project_lock(project, "new")?;
    let mut journal = Journal::load(&project.journal)?;
    let idx = journal.next_idx()?;
    let (schema, prev_id) = last_state(project, &journal)?;
    let tag = make_tag(idx, name);
    let up = format!(
        "-- strata migration {tag} (up), hand-written.\n-- Write the SQL here, then run `strata hash`.\n"
    );
    let down = format!(
        "-- strata migration {tag} (down), hand-written.\n-- Undo the up migration here, then run `strata hash`.\n"
    );
    // The model is unchanged, so the snapshot has the previous id; prev_id still chains it.
    let mut snapshot = Snapshot::new(schema, prev_id.clone());
    if let Some(previous) = prev_id {
        snapshot.id = previous;
    }
    let snapshot_json = snapshot.to_json();
    journal.entries.push(JournalEntry {
        idx,
        tag: tag.clone(),
        created_at: now_rfc3339(),
        up_sha256: text_sha256(&up),
        down_sha256: text_sha256(&down),
        snapshot_sha256: text_sha256(&snapshot_json),
        transactional: true,
    });
    let up_file = up_path(&project.migrations_dir, &tag);
    let down_file = down_path(&project.migrations_dir, &tag);
    write_all(&[
        (up_file.clone(), up),
        (down_file.clone(), down),
        (
            project.snapshots_dir.join(format!("{tag}.json")),
            snapshot_json,
        ),
        (project.journal.clone(), journal.to_json()),
    ])?;
    if crate::progress::verbosity() > crate::progress::Verbosity::Quiet {
        outln!(
            "Wrote {} and {}: edit them, then run `strata hash`.",
            up_file.display(),
            down_file.display()
        );
    }
    Ok(Outcome::Success)
}
