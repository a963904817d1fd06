//! `strata init`: lay out a new project, with a commented example schema to start from. Existing files
//! are left alone, and a project is never created inside another one by accident.

use crate::commands::Outcome;
use crate::config::{CONFIG_FILE, Project, discover, under};
use crate::error::input_error;
use crate::migrate::journal::Journal;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The strata.toml that `init` writes: every key commented out at its default.
const CONFIG_TEMPLATE: &str = r#"# strata project settings; every key is optional and shown at its default.
# schema_dir = "schema"
# migrations_dir = "migrations"
# snapshots_dir = "snapshots"
# journal = "journal.json"
# database_url_env = "DATABASE_URL"
# history_table = "strata_migrations"
"#;

/// The example schema file's name inside the schema directory.
const EXAMPLE_FILE: &str = "example.toml";

/// A short schema to start from, commented out so that a new project's schema is empty until
/// the user writes one: one table showing the common column keys.
const EXAMPLE_SCHEMA: &str = r##"# The schema: tables and enums, in any number of *.toml files in this directory. Every key
# is described in the README, "Schema format reference". To start from the example below,
# remove the "# " in front of its lines; then run `strata generate --name init`.

# [table.notes]
# comment = "An example table"
#
# [table.notes.columns]   # column order is the order of CREATE TABLE
# id         = { type = "bigint", identity = "always", primary_key = true }
# title      = { type = "text", not_null = true }
# body       = { type = "text" }
# created_at = { type = "timestamptz", not_null = true, default_sql = "now()" }
#
# [table.notes.indexes]
# notes_created_at_idx = { columns = ["created_at DESC"] }
"##;

/// Creates the project layout in `dir` (default: the current directory). Refuses when that
/// directory is inside another project unless `allow_nested`.
pub fn run(dir: Option<&Path>, allow_nested: bool) -> Result<Outcome> {
    let root = dir.unwrap_or(Path::new("."));
    if !allow_nested {
        refuse_nesting(root)?;
    }
    std::fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
    let config = under(root, CONFIG_FILE);
    write_if_missing(&config, CONFIG_TEMPLATE)?;
    let project = Project::load(root)?;
    for dir in [
        &project.schema_dir,
        &project.migrations_dir,
        &project.snapshots_dir,
    ] {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        outln!("created {}/", dir.display());
    }
    write_if_missing(&project.journal, &Journal::default().to_json())?;
    if holds_no_toml(&project.schema_dir)? {
        let example = project.schema_dir.join(EXAMPLE_FILE);
        write_if_missing(&example, EXAMPLE_SCHEMA)?;
        outln!(
            "next: declare your tables in {} (it holds a commented example), then run \
             `strata generate --name init`",
            example.display()
        );
    } else {
        outln!("next: run `strata generate --name init` to write the first migration");
    }
    Ok(Outcome::Success)
}

/// An input error when `root` lies inside another project (found as every command finds its
/// project). `root` itself being a project is fine: `init` then only adds what is missing.
fn refuse_nesting(root: &Path) -> Result<()> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let target = normalise(&cwd.join(root));
    let Some(found) = discover(&target) else {
        return Ok(());
    };
    if found.depth == 0 {
        return Ok(());
    }
    let outer: PathBuf = target
        .ancestors()
        .nth(found.depth)
        .map_or_else(|| target.clone(), Path::to_path_buf);
    Err(input_error(format!(
        "{} is inside the strata project {} (it holds {}): run strata commands from anywhere \
         in that project instead, or pass --allow-nested to create a separate project here",
        target.display(),
        outer.display(),
        found.marker
    )))
}

/// `path` with `.` and `..` resolved by name (the directory may not exist yet, so it cannot
/// be canonicalised), so that counting its ancestors counts real directories.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// True when `dir` has no `*.toml` file yet (a fresh schema directory).
fn holds_no_toml(dir: &Path) -> Result<bool> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.path().extension().is_some_and(|x| x == "toml") {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Writes `contents` to `path` unless it exists; says which it did.
fn write_if_missing(path: &Path, contents: &str) -> Result<()> {
    if path.exists() {
        outln!("kept {} (already exists)", path.display());
        return Ok(());
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
    outln!("created {}", path.display());
    Ok(())
}
