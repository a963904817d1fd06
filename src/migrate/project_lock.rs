//! The project lock: commands that write the project's files (`generate`, `new`, `hash`,
//! `remove`) hold it from reading the journal to writing it, so two of them at once cannot
//! both take the same index. It is an advisory lock (`flock`) on the project directory itself,
//! so it leaves no file behind, and the operating system releases it when the process ends,
//! however it ends. (Where a directory cannot be opened as a file, it is a `.strata.lock`
//! file in the project directory.)
//!
//! Holding it also proves that any temporary file of a write is a leftover: the lock holder
//! removes them before it looks at the history.

use crate::config::Project;
use crate::migrate::files;
use anyhow::{Context, Result};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a command waits for another one to finish writing the project.
const WAIT: Duration = Duration::from_secs(60);

/// The held lock; released when dropped.
pub struct ProjectLock {
    file: File,
    /// Temporary files of earlier runs that were removed on the way in.
    pub removed: Vec<PathBuf>,
}

/// What the lock is taken on: the project directory.
#[cfg(unix)]
fn open_lock(root: &Path) -> std::io::Result<File> {
    File::open(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    })
}

/// What the lock is taken on: a file in the project directory.
#[cfg(not(unix))]
fn open_lock(root: &Path) -> std::io::Result<File> {
    File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(root.join(".strata.lock"))
}

/// Takes the project lock, waiting up to a minute for another strata to finish (`waiting` is
/// called once if it has to wait), then removes temporary files that earlier runs left.
pub fn acquire(project: &Project, waiting: &mut dyn FnMut()) -> Result<ProjectLock> {
    let root = &project.root;
    let file = open_lock(root).with_context(|| format!("opening {} to lock it", root.display()))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                if started.elapsed() >= WAIT {
                    anyhow::bail!(
                        "another strata has been writing {} for {} s; is it stuck? The lock is \
                         free once that process is gone",
                        root.display(),
                        WAIT.as_secs()
                    );
                }
                if !told {
                    waiting();
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("locking {}", root.display()));
            }
        }
    }
    let mut removed = Vec::new();
    for dir in files::project_dirs(project) {
        for stray in files::temp_files(&dir)? {
            std::fs::remove_file(&stray)
                .with_context(|| format!("removing the leftover {}", stray.display()))?;
            removed.push(stray);
        }
    }
    Ok(ProjectLock { file, removed })
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}
