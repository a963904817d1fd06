//! Writing the site: all files or none, and never over a directory strata did not write.
//!
//! The files go to a hidden sibling of the output directory first; only when every one is
//! written does it take the output directory's place (the old one is moved aside, then
//! removed). Files of tables that no longer exist do not linger, and a failure halfway leaves
//! the previous site as it was.

use super::File;
use crate::error::input_error;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The mark in `index.html` that tells a directory is strata's output.
const GENERATOR: &str = "<meta name=\"generator\" content=\"strata docs\">";

/// Replaces directory `out` with exactly `files`. Refuses (an input error) when `out` is a
/// file, or a non-empty directory without a strata-generated `index.html`.
pub fn replace_dir(out: &Path, files: &[File]) -> Result<()> {
    check_target(out)?;
    let name = out
        .file_name()
        .ok_or_else(|| input_error(format!("{}: not a directory name", out.display())))?
        .to_string_lossy()
        .into_owned();
    let sibling =
        |what: &str| out.with_file_name(format!(".{name}.strata-{what}-{}", std::process::id()));
    let staging = sibling("new");
    let _ = std::fs::remove_dir_all(&staging);
    if let Err(e) = write_into(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if !out.exists() {
        return std::fs::rename(&staging, out)
            .with_context(|| format!("moving the site into {}", out.display()));
    }
    let old = sibling("old");
    std::fs::rename(out, &old).with_context(|| format!("moving {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(&staging, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e).with_context(|| format!("moving the site into {}", out.display()));
    }
    std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))
}

/// `out` must be missing, an empty directory, or a site strata wrote.
fn check_target(out: &Path) -> Result<()> {
    let Ok(metadata) = std::fs::metadata(out) else {
        return Ok(());
    };
    if !metadata.is_dir() {
        return Err(input_error(format!(
            "{}: is a file; choose a directory for the documentation (--out)",
            out.display()
        )));
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("reading {}", out.display()))?
        .next()
        .is_none();
    let ours =
        std::fs::read_to_string(out.join("index.html")).is_ok_and(|text| text.contains(GENERATOR));
    if empty || ours {
        Ok(())
    } else {
        Err(input_error(format!(
            "{}: exists and was not written by strata docs; choose another directory (--out) \
             or remove it",
            out.display()
        )))
    }
}

fn write_into(dir: &Path, files: &[File]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (relative, contents) in files {
        let path: PathBuf = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(marker: bool) -> Vec<File> {
        let index = if marker {
            format!("<html>{GENERATOR}</html>")
        } else {
            "<html></html>".to_string()
        };
        vec![
            ("index.html".to_string(), index),
            ("sub/a.txt".to_string(), "a".to_string()),
        ]
    }

    #[test]
    fn replaces_its_own_output_and_nothing_else() {
        let root = tempfile_dir("replace");
        let out = root.join("site");
        replace_dir(&out, &site(true)).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        replace_dir(&out, &site(true)).unwrap();
        assert!(!out.join("stale.html").exists(), "old files are gone");
        assert_eq!(std::fs::read_to_string(out.join("sub/a.txt")).unwrap(), "a");
        let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging directories left");

        let foreign = root.join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let err = replace_dir(&foreign, &site(true)).unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert_eq!(
            std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
            "mine"
        );

        let file = root.join("file");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(
            crate::error::exit_code(&replace_dir(&file, &site(true)).unwrap_err()),
            2
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("strata-docs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
