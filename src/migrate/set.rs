//! The migrations a run works from: the journal, the migration files by tag, and the snapshot
//! id each migration produces. The command line loads them from a project directory; an
//! application may also have them compiled into its binary (see [`crate::embed`]). Either way
//! the runner sees the same values, so it checks the same checksums and writes the same
//! history rows.

use crate::config::Project;
use crate::migrate::files::{self, MigrationFile};
use crate::migrate::journal::Journal;
use crate::schema::snapshot::SnapshotHeader;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A project's migrations, loaded once.
#[derive(Debug, Clone)]
pub struct MigrationSet {
    /// The journal, in order.
    pub journal: Journal,
    /// The migration files on disk (or embedded), by tag.
    pub files: BTreeMap<String, MigrationFile>,
    snapshot_ids: SnapshotIds,
}

/// Where the id of the snapshot a migration produces comes from.
#[derive(Debug, Clone)]
enum SnapshotIds {
    /// Read from `<dir>/<tag>.json` when asked: only pending migrations need one, and a
    /// snapshot of a large schema takes a while to parse.
    Dir(PathBuf),
    /// Known in advance (read at build time for an embedded project).
    Known(BTreeMap<String, String>),
}

impl MigrationSet {
    /// The project's journal and migration files; snapshot ids are read when needed.
    pub fn load(project: &Project) -> Result<Self> {
        let journal = Journal::load(&project.journal)?;
        let files = files::load_dir(&project.migrations_dir)?
            .into_iter()
            .map(|f| (f.tag.clone(), f))
            .collect();
        Ok(MigrationSet {
            journal,
            files,
            snapshot_ids: SnapshotIds::Dir(project.snapshots_dir.clone()),
        })
    }

    /// A set from values already read: the journal, the files, and the snapshot id of each
    /// tag that has one.
    pub fn from_parts(
        journal: Journal,
        files: Vec<MigrationFile>,
        snapshot_ids: BTreeMap<String, String>,
    ) -> Self {
        MigrationSet {
            journal,
            files: files.into_iter().map(|f| (f.tag.clone(), f)).collect(),
            snapshot_ids: SnapshotIds::Known(snapshot_ids),
        }
    }

    /// The id of the snapshot `tag` produces (kept in its history row for `verify`); `None`
    /// when the snapshot is missing or unreadable, which does not stop a run.
    pub fn snapshot_id(&self, tag: &str) -> Option<String> {
        match &self.snapshot_ids {
            SnapshotIds::Dir(dir) => snapshot_id_in(dir, tag),
            SnapshotIds::Known(ids) => ids.get(tag).cloned(),
        }
    }
}

/// The id of `<dir>/<tag>.json`, as the runner records it: read from the file's header, not
/// from the whole model (a build script embedding a long history of a large project read
/// every 9 MB snapshot).
pub fn snapshot_id_in(dir: &Path, tag: &str) -> Option<String> {
    SnapshotHeader::load(&dir.join(format!("{tag}.json")))
        .ok()
        .map(|header| header.id)
}
