//! Migration files on disk: `NNNN_name.up.sql` and `NNNN_name.down.sql`. Every command reads
//! them through [`load_dir`], which hashes each file once.

use crate::migrate::checksum::text_sha256;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// One migration's files as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    pub idx: u32,
    pub tag: String,
    pub up_path: PathBuf,
    pub up_sql: String,
    pub up_sha256: String,
    /// `None` when the down file is missing.
    pub down: Option<DownFile>,
}

/// A migration's down file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownFile {
    pub path: PathBuf,
    pub sql: String,
    pub sha256: String,
}

/// The up file path of a tag.
pub fn up_path(dir: &Path, tag: &str) -> PathBuf {
    dir.join(format!("{tag}.up.sql"))
}

/// The down file path of a tag.
pub fn down_path(dir: &Path, tag: &str) -> PathBuf {
    dir.join(format!("{tag}.down.sql"))
}

/// Splits a tag `NNNN_name` into its index; `None` when it does not start with digits and `_`.
pub fn tag_idx(tag: &str) -> Option<u32> {
    let (digits, name) = tag.split_once('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
        return None;
    }
    digits.parse().ok()
}

/// Reads every `*.up.sql` in `dir` (and its `.down.sql`), sorted by index then tag. A missing
/// directory is no migrations. A file whose name is not `NNNN_name.up.sql` or
/// `NNNN_name.down.sql` is an input error naming it; other files are ignored.
pub fn load_dir(dir: &Path) -> Result<Vec<MigrationFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut tags = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_suffix(".up.sql")
            .or_else(|| name.strip_suffix(".down.sql"))
        else {
            continue;
        };
        if tag_idx(stem).is_none() {
            return Err(crate::error::input_error(format!(
                "{}: a migration file name must be NNNN_name.up.sql or NNNN_name.down.sql",
                entry.path().display()
            )));
        }
        if name.ends_with(".up.sql") {
            tags.push(stem.to_string());
        }
    }
    tags.sort_by_key(|tag| (tag_idx(tag), tag.clone()));
    tags.iter().map(|tag| load_one(dir, tag)).collect()
}

/// Reads one migration's files.
fn load_one(dir: &Path, tag: &str) -> Result<MigrationFile> {
    let up_path = up_path(dir, tag);
    let up_sql = read_text(&up_path)?;
    let down_path = down_path(dir, tag);
    let down = if down_path.exists() {
        let sql = read_text(&down_path)?;
        Some((down_path, sql))
    } else {
        None
    };
    Ok(MigrationFile::new(tag, up_path, up_sql, down))
}

impl MigrationFile {
    /// A migration from its files' paths and text (the down file's when there is one),
    /// hashed here: the checksums are always computed over the text the runner will run.
    pub fn new(
        tag: &str,
        up_path: PathBuf,
        up_sql: String,
        down: Option<(PathBuf, String)>,
    ) -> Self {
        MigrationFile {
            idx: tag_idx(tag).unwrap_or(0),
            tag: tag.to_string(),
            up_sha256: text_sha256(&up_sql),
            up_path,
            up_sql,
            down: down.map(|(path, sql)| DownFile {
                sha256: text_sha256(&sql),
                path,
                sql,
            }),
        }
    }
}

/// The suffix of the temporary files [`write_all`] stages its writes in.
pub const TEMP_SUFFIX: &str = ".strata-tmp";

/// A temporary sibling of `path` that no other write (of this process or another) uses:
/// `<name>.<pid>.<n>.strata-tmp`.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{name}.{}.{n}{TEMP_SUFFIX}", std::process::id()))
}

/// Writes files all-or-nothing as far as the file system allows: each file goes to a
/// temporary sibling first, and only when every one was written are they renamed into place,
/// in the order given (put the journal last: it is what makes the others part of the
/// history). A failure removes every temporary file, and every file this call created.
pub fn write_all(files: &[(PathBuf, String)]) -> Result<()> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let written = (|| -> Result<()> {
        for (path, contents) in files {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let tmp = temp_path(path);
            // Staged before the write: a write that fails halfway (a full disk) leaves a file.
            staged.push((tmp.clone(), path));
            std::fs::write(&tmp, contents).with_context(|| format!("writing {}", tmp.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        remove_quietly(staged.iter().map(|(tmp, _)| tmp.as_path()));
        return Err(e);
    }
    let mut created: Vec<&Path> = Vec::new();
    for (i, (tmp, path)) in staged.iter().enumerate() {
        let existed = path.exists();
        if let Err(e) = std::fs::rename(tmp, path) {
            remove_quietly(staged[i..].iter().map(|(tmp, _)| tmp.as_path()));
            remove_quietly(created.into_iter());
            return Err(e).with_context(|| format!("writing {}", path.display()));
        }
        if !existed {
            created.push(path);
        }
    }
    Ok(())
}

/// Removes files, ignoring errors (cleaning up after a failure that is reported already).
fn remove_quietly<'a>(paths: impl Iterator<Item = &'a Path>) {
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}

/// Temporary files of [`write_all`] in `dir`, sorted: left by a run that was killed, or that
/// lost the disk before it could clean up.
pub fn temp_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_name().to_string_lossy().ends_with(TEMP_SUFFIX) {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// The directories a project's files (and so their temporary files) live in, without
/// duplicates.
pub fn project_dirs(project: &crate::config::Project) -> Vec<PathBuf> {
    let journal_dir = project
        .journal
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| project.root.clone());
    let mut unique: Vec<PathBuf> = Vec::new();
    for dir in [
        project.migrations_dir.clone(),
        project.snapshots_dir.clone(),
        journal_dir,
    ] {
        if !unique.contains(&dir) {
            unique.push(dir);
        }
    }
    unique
}

/// Reads a text file; invalid UTF-8 is an input error with the line and column of the first
/// bad byte.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let bad = e.as_bytes()[valid.len()];
        let (line, column) = line_column(valid);
        crate::error::input_error(format!(
            "{}:{line}:{column}: not valid UTF-8 (byte 0x{bad:02x}); save the file as UTF-8",
            path.display()
        ))
    })
}

/// The 1-based line and column (in characters) just after `before`, which is valid UTF-8.
fn line_column(before: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(before).unwrap_or_default();
    let line = text.matches('\n').count() + 1;
    let line_start = text.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, text[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("strata-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn tag_idx_reads_prefix() {
        assert_eq!(tag_idx("0003_votes"), Some(3));
        assert_eq!(tag_idx("votes"), None);
        assert_eq!(tag_idx("12_"), None);
    }

    #[test]
    fn loads_sorted_with_hashes_and_missing_down() {
        let dir = temp_dir("load");
        std::fs::write(dir.join("0001_b.up.sql"), "SELECT 2;\n").unwrap();
        std::fs::write(dir.join("0000_a.up.sql"), "SELECT 1;\n").unwrap();
        std::fs::write(dir.join("0000_a.down.sql"), "SELECT 0;\n").unwrap();
        std::fs::write(dir.join("README.md"), "ignored").unwrap();
        let files = load_dir(&dir).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].tag, "0000_a");
        assert!(files[0].down.is_some());
        assert!(files[1].down.is_none());
        assert_eq!(files[0].up_sha256, text_sha256("SELECT 1;\n"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_file_name_is_named() {
        let dir = temp_dir("bad");
        std::fs::write(dir.join("init.up.sql"), "").unwrap();
        let err = load_dir(&dir).unwrap_err();
        assert!(err.to_string().contains("init.up.sql"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_is_not_utf8_is_located() {
        let dir = temp_dir("utf8");
        let path = dir.join("x.sql");
        std::fs::write(&path, b"SELECT 1;\nSELECT '\xc3\xa9\xff';\n").unwrap();
        let err = read_text(&path).unwrap_err().to_string();
        assert!(
            err.contains("x.sql:2:10: not valid UTF-8 (byte 0xff)"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = temp_dir("fail");
        std::fs::write(dir.join("blocker"), "a file where a directory is needed").unwrap();
        let files = vec![
            (dir.join("a.sql"), "1".to_string()),
            (dir.join("blocker/b.json"), "2".to_string()),
        ];
        assert!(write_all(&files).is_err());
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, vec!["blocker".to_string()]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_all_writes_every_file() {
        let dir = temp_dir("write");
        let files = vec![
            (dir.join("a/x.sql"), "1".to_string()),
            (dir.join("y.json"), "2".to_string()),
        ];
        write_all(&files).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a/x.sql")).unwrap(), "1");
        assert_eq!(std::fs::read_to_string(dir.join("y.json")).unwrap(), "2");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
