//! `strata pull [--dir DIR] [--force]`: the database's schema as TOML files, written all or
//! nothing; an existing schema directory is only replaced with `--force`.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, runtime};
use crate::config::Project;
use crate::error::input_error;
use crate::introspect::unmanaged::{Unmanaged, summary, unmanaged};
use crate::introspect::{InspectOptions, inspect};
use crate::migrate::files::write_all;
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::Path;

/// `pull`'s flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: Option<std::path::PathBuf>,
    pub force: bool,
    /// Refuse (exit 1, nothing written) when anything would be left out.
    pub strict: bool,
    pub json: bool,
}

/// What `pull --json` reports.
#[derive(Debug, Serialize)]
struct Report {
    files: Vec<String>,
    tables: usize,
    /// Objects of the database that strata does not model, by kind and name: left out.
    unmanaged: Vec<Unmanaged>,
    written: bool,
}

/// Runs `pull`.
pub fn run(project: &Project, options: &Options, db: &DbArgs) -> Result<Outcome> {
    let dir = options.dir.as_deref().unwrap_or(&project.schema_dir);
    let existing = toml_files(dir)?;
    if !existing.is_empty() && !options.force {
        return Err(input_error(format!(
            "{} already holds {}; pass --force to replace them",
            dir.display(),
            crate::style::count(existing.len(), "schema file")
        )));
    }
    let (schema, left_out) = runtime()?.block_on(async {
        let (client, _) = connect(project, db).await?;
        let options = InspectOptions {
            exclude_tables: crate::import::unmanaged_tables(project),
        };
        let schema = inspect(&client, &options).await?;
        let left_out = unmanaged(&client).await?;
        anyhow::Ok((schema, left_out))
    })?;
    let files = crate::schema::write::files(&schema);
    let writes: Vec<_> = files
        .iter()
        .map(|(name, text)| (dir.join(name), text.clone()))
        .collect();
    let refused = options.strict && !left_out.is_empty();
    if !refused {
        write_all(&writes)?;
        for stale in existing {
            if !writes.iter().any(|(path, _)| path == &stale) {
                std::fs::remove_file(&stale)
                    .with_context(|| format!("removing {}", stale.display()))?;
            }
        }
    }
    if options.json {
        let report = Report {
            files: writes
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect(),
            tables: schema.tables.len(),
            unmanaged: left_out,
            written: !refused,
        };
        super::json::print("pull", !refused, &report)?;
        return Ok(if refused {
            Outcome::Problems
        } else {
            Outcome::Success
        });
    }
    if let Some(summary) = summary(&left_out) {
        let verb = if refused {
            "refused (--strict)"
        } else {
            "left out"
        };
        eprintln!(
            "{}: {summary}",
            crate::style::err(crate::style::Tone::Warn, verb)
        );
    }
    if refused {
        outln!("Nothing written: the database holds objects strata does not model (see above).");
        return Ok(Outcome::Problems);
    }
    outln!(
        "Wrote {} to {}: {}, {}{}.",
        crate::style::count(writes.len(), "file"),
        dir.display(),
        crate::style::count(schema.tables.len(), "table"),
        crate::style::count(schema.enums.len(), "enum"),
        if left_out.is_empty() {
            String::new()
        } else {
            format!(
                ", {} left out",
                crate::style::count(left_out.len(), "object")
            )
        }
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
