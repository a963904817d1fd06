//! Migrations compiled into an application's binary, so that a deployed binary needs no
//! migration files: a build-script helper writes `$OUT_DIR/strata_migrations.rs`, and
//! [`embedded_migrations!`](crate::embedded_migrations) includes it.
//!
//! The application's `build.rs` (with `strata` among its `[build-dependencies]`):
//!
//! ```no_run
//! fn main() {
//!     // The strata project, relative to the package's Cargo.toml.
//!     strata::embed::generate("db").expect("embedding the migrations");
//! }
//! ```
//!
//! and in the application (not compiled as a doc test, which has no `OUT_DIR`: the test
//! crate `tests/fixtures/embedded_app` compiles and runs it):
//!
//! ```ignore
//! static MIGRATIONS: strata::embed::Embedded = strata::embedded_migrations!();
//!
//! let migrations = strata::migrator::Migrations::from_embedded(&MIGRATIONS)?;
//! strata::migrator::Migrator::new(&migrations).run(&client).await?;
//! ```
//!
//! The generated file holds the journal and every up and down file through `include_str!`
//! (so the checksums are computed at run time over the very text that runs, as over files),
//! the history table from `strata.toml`, and the id of the snapshot each migration produces
//! (read here, at build time, so the snapshots themselves are not embedded). The build
//! script is rerun when the journal, `strata.toml`, or anything under `migrations/` or
//! `snapshots/` changes (`cargo:rerun-if-changed`): a new migration needs no other change
//! to be picked up.

// The example above is a whole build.rs: its `fn main` is the point.
#![allow(clippy::needless_doctest_main)]
// Part of the API applications use: every public item is documented.
#![warn(missing_docs)]

use crate::config::{CONFIG_FILE, Project};
use crate::migrate::files;
use crate::migrate::journal::Journal;
use crate::migrate::set::snapshot_id_in;
use crate::migrator::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The name of the file [`generate`] writes in `OUT_DIR`.
pub const GENERATED_FILE: &str = "strata_migrations.rs";

/// A project's migrations as compiled into a binary; built by the code that [`generate`]
/// writes, read by [`Migrations::from_embedded`](crate::migrator::Migrations::from_embedded).
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    /// The history table's schema, from `strata.toml` (`public` by default).
    pub history_schema: &'static str,
    /// The history table's name, from `strata.toml` (`strata_migrations` by default).
    pub history_table: &'static str,
    /// The journal's path as the build script saw it, for messages.
    pub journal_path: &'static str,
    /// The journal's text.
    pub journal: &'static str,
    /// Every migration found in the migrations directory, in order.
    pub migrations: &'static [EmbeddedMigration],
}

/// One migration's files as compiled into a binary.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedMigration {
    /// `NNNN_name`.
    pub tag: &'static str,
    /// The up file's path as the build script saw it, for messages.
    pub up_path: &'static str,
    /// The up file's text.
    pub up: &'static str,
    /// The down file's path as the build script saw it, for messages.
    pub down_path: &'static str,
    /// The down file's text, when there is one.
    pub down: Option<&'static str>,
    /// The id of the snapshot the migration produces, when its snapshot could be read.
    pub snapshot_id: Option<&'static str>,
}

/// Includes the file [`generate`] wrote: an expression of type [`Embedded`], usable in a
/// `static` (not compiled as a doc test, which has no `OUT_DIR`).
///
/// ```ignore
/// static MIGRATIONS: strata::embed::Embedded = strata::embedded_migrations!();
/// ```
#[macro_export]
macro_rules! embedded_migrations {
    () => {{
        #[allow(unused_imports)]
        use $crate::embed::{Embedded, EmbeddedMigration};
        include!(concat!(env!("OUT_DIR"), "/strata_migrations.rs"))
    }};
}

/// For the application's build script: reads the strata project in `project_dir` (relative
/// to the package's `Cargo.toml`, where Cargo runs build scripts) as `strata -C project_dir`
/// would, writes `$OUT_DIR/strata_migrations.rs` for
/// [`embedded_migrations!`](crate::embedded_migrations), and tells Cargo which files to
/// watch.
///
/// Fails, naming the file, on what `strata migrate` would fail on when reading the project:
/// a malformed `strata.toml` or journal, a misnamed migration file, a file that is not
/// UTF-8; and when `OUT_DIR` is not set (outside a build script).
pub fn generate(project_dir: impl AsRef<Path>) -> Result<(), Error> {
    let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
        Error::Project(
            "OUT_DIR is not set: strata::embed::generate is meant to be called from a build \
             script (build.rs)"
                .to_string(),
        )
    })?;
    let out = PathBuf::from(out_dir).join(GENERATED_FILE);
    for watched in write(project_dir.as_ref(), &out)? {
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    Ok(())
}

/// Writes the generated file for `project_dir` to `out`; returns the paths a build script
/// should watch. [`generate`] without Cargo's environment.
pub fn write(project_dir: &Path, out: &Path) -> Result<Vec<PathBuf>, Error> {
    let code = source(project_dir)?;
    std::fs::write(out, code)
        .map_err(|e| Error::Project(format!("writing {}: {e}", out.display())))?;
    Ok(watched(project_dir))
}

/// The generated Rust expression for the project in `project_dir`.
pub fn source(project_dir: &Path) -> Result<String, Error> {
    let reading = |e: anyhow::Error| Error::from_runner(e, true);
    let project = Project::load(project_dir).map_err(reading)?;
    if !project.journal.is_file() {
        return Err(Error::Project(format!(
            "{}: no journal here; is {} a strata project (`strata init`)?",
            project.journal.display(),
            project_dir.display()
        )));
    }
    // Read as the runner reads them, so a file it would refuse fails the build instead.
    let journal_text = files::read_text(&project.journal).map_err(reading)?;
    Journal::from_json(&journal_text, &project.journal).map_err(reading)?;
    let migrations = files::load_dir(&project.migrations_dir).map_err(reading)?;
    let mut code = String::new();
    let _ = writeln!(
        code,
        "// Generated by strata::embed::generate from {}; do not edit.",
        literal(&project_dir.display().to_string())
    );
    code.push_str("Embedded {\n");
    let _ = writeln!(
        code,
        "    history_schema: {},\n    history_table: {},",
        literal(&project.history_table.schema),
        literal(&project.history_table.name)
    );
    let _ = writeln!(
        code,
        "    journal_path: {},",
        literal(&project.journal.display().to_string())
    );
    let _ = writeln!(
        code,
        "    journal: include_str!({}),",
        absolute(&project.journal)?
    );
    code.push_str("    migrations: &[\n");
    for migration in &migrations {
        let down_path = files::down_path(&project.migrations_dir, &migration.tag);
        let down = match &migration.down {
            Some(down) => format!("Some(include_str!({}))", absolute(&down.path)?),
            None => "None".to_string(),
        };
        let snapshot_id = match snapshot_id_in(&project.snapshots_dir, &migration.tag) {
            Some(id) => format!("Some({})", literal(&id)),
            None => "None".to_string(),
        };
        let _ = write!(
            code,
            "        EmbeddedMigration {{\n            tag: {},\n            up_path: {},\n            \
             up: include_str!({}),\n            down_path: {},\n            down: {down},\n            \
             snapshot_id: {snapshot_id},\n        }},\n",
            literal(&migration.tag),
            literal(&migration.up_path.display().to_string()),
            absolute(&migration.up_path)?,
            literal(&down_path.display().to_string()),
        );
    }
    code.push_str("    ],\n}\n");
    Ok(code)
}

/// What the build script depends on: `strata.toml` (when there is one), the journal, and the
/// migrations and snapshots directories with everything in them (a directory alone would
/// only catch files added or removed on some platforms).
fn watched(project_dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let config = project_dir.join(CONFIG_FILE);
    // A path that does not exist would make Cargo rerun the script on every build.
    if config.is_file() {
        paths.push(config);
    }
    if let Ok(project) = Project::load(project_dir) {
        paths.push(project.journal);
        for dir in [project.migrations_dir, project.snapshots_dir] {
            if dir.is_dir() {
                paths.extend(walk(&dir));
                paths.push(dir);
            }
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// Every file and directory below `dir`, sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out.sort();
    out
}

/// `path` made absolute, as a Rust string literal: `include_str!` in a file under `OUT_DIR`
/// resolves relative paths against `OUT_DIR`, not against the project.
fn absolute(path: &Path) -> Result<String, Error> {
    let full = std::fs::canonicalize(path)
        .map_err(|e| Error::Project(format!("reading {}: {e}", path.display())))?;
    let text = full.to_str().ok_or_else(|| {
        Error::Project(format!(
            "{}: the path is not valid UTF-8, which include_str! needs",
            full.display()
        ))
    })?;
    Ok(literal(text))
}

/// A Rust string literal for `text` (`Debug` of a `str` escapes quotes, backslashes and
/// control characters the way Rust reads them back).
fn literal(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_rust_would_misread() {
        assert_eq!(literal("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
    }

    #[test]
    fn the_repository_project_is_embedded_with_every_migration_and_snapshot_id() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let code = source(root).unwrap();
        let journal = Journal::load(&root.join("journal.json")).unwrap();
        assert!(
            code.contains("history_schema: \"public\",\n    history_table: \"strata_migrations\","),
            "{code}"
        );
        for entry in &journal.entries {
            let tag = &entry.tag;
            assert!(code.contains(&format!("tag: {tag:?}")), "{code}");
        }
        assert_eq!(
            code.matches("snapshot_id: Some(").count(),
            journal.entries.len(),
            "{code}"
        );
        let watched = watched(root);
        assert!(watched.contains(&root.join("journal.json")));
        assert!(watched.contains(&root.join("migrations")));
        assert!(
            watched
                .iter()
                .any(|p| p.starts_with(root.join("snapshots")) && p.is_file())
        );
    }

    #[test]
    fn a_directory_without_a_journal_is_refused() {
        let dir = std::env::temp_dir().join(format!("strata-embed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = source(&dir).unwrap_err();
        assert!(matches!(err, Error::Project(_)));
        assert!(err.to_string().contains("no journal here"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
