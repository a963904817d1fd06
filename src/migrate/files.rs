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
    let up_sql = std::fs::read_to_string(&up_path)
        .with_context(|| format!("reading {}", up_path.display()))?;
    let down_path = down_path(dir, tag);
    let down = match std::fs::read_to_string(&down_path) {
        Ok(sql) => Some(DownFile {
            sha256: text_sha256(&sql),
            path: down_path,
            sql,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", down_path.display())),
    };
    Ok(MigrationFile {
        idx: tag_idx(tag).unwrap_or(0),
        tag: tag.to_string(),
        up_sha256: text_sha256(&up_sql),
        up_path,
        up_sql,
        down,
    })
}

/// Writes files all-or-nothing as far as the file system allows: each file goes to a temporary
/// sibling first, and only when every one was written are they renamed into place. A failure
/// leaves no new file behind.
pub fn write_all(files: &[(PathBuf, String)]) -> Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| -> Result<()> {
        for (path, contents) in files {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let tmp = path.with_extension(format!(
                "{}.strata-tmp",
                path.extension().and_then(|e| e.to_str()).unwrap_or("")
            ));
            std::fs::write(&tmp, contents).with_context(|| format!("writing {}", tmp.display()))?;
            staged.push((tmp, path.clone()));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, path) in &staged {
        std::fs::rename(tmp, path).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
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
