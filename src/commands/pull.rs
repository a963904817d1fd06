//! `strata pull [--dir DIR] [--force]`: the database's schema as TOML files, written all or
//! nothing; an existing schema directory is only replaced with `--force`.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, runtime};
use crate::config::Project;
use crate::error::input_error;
use crate::introspect::{InspectOptions, inspect};
use crate::migrate::files::write_all;
use anyhow::{Context, Result};
use std::path::Path;

/// Runs `pull`.
pub fn run(project: &Project, dir: Option<&Path>, force: bool, db: &DbArgs) -> Result<Outcome> {
    let dir = dir.unwrap_or(&project.schema_dir);
    let existing = toml_files(dir)?;
    if !existing.is_empty() && !force {
        return Err(input_error(format!(
            "{} already holds {}; pass --force to replace them",
            dir.display(),
            crate::style::count(existing.len(), "schema file")
        )));
    }
    let schema = runtime()?.block_on(async {
        let (client, _) = connect(project, db).await?;
        let options = InspectOptions {
            exclude_tables: crate::import::unmanaged_tables(project),
        };
        inspect(&client, &options).await
    })?;
    let files = crate::schema::write::files(&schema);
    let writes: Vec<_> = files
        .iter()
        .map(|(name, text)| (dir.join(name), text.clone()))
        .collect();
    write_all(&writes)?;
    for stale in existing {
        if !writes.iter().any(|(path, _)| path == &stale) {
            std::fs::remove_file(&stale)
                .with_context(|| format!("removing {}", stale.display()))?;
        }
    }
    outln!(
        "Wrote {} to {}: {}, {}.",
        crate::style::count(writes.len(), "file"),
        dir.display(),
        crate::style::count(schema.tables.len(), "table"),
        crate::style::count(schema.enums.len(), "enum")
    );
    Ok(Outcome::Success)
}

/// The `*.toml` files directly in `dir` (none when it does not exist).
fn toml_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
