//! `strata pull [--dir DIR] [--force]`: the database's schema as TOML files, written all or
//! nothing; an existing schema directory is only replaced with `--force`.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, runtime};
use crate::config::Project;
use crate::error::input_error;
use crate::introspect::unmanaged::{Unmanaged, summary, unmanaged};
use crate::introspect::{InspectOptions, inspect};
use crate::migrate::files::write_all;
use crate::schema::Schema;
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
    if !existing.is_empty() && !options.force && !declares_nothing(dir) {
        return Err(input_error(format!(
            "{} already holds {}; pass --force to replace them",
            dir.display(),
            crate::style::count(existing.len(), "schema file")
        )));
    }
    let (schema, left_out, database) = runtime()?.block_on(async {
        let (client, target) = connect(project, db).await?;
        let options = InspectOptions {
            exclude_tables: crate::import::unmanaged_tables(project),
        };
        let schema = inspect(&client, &options).await?;
        let left_out = unmanaged(&client).await?;
        anyhow::Ok((schema, left_out, target.to_string()))
    })?;
    let files = crate::schema::write::files(&schema);
    let writes: Vec<_> = files
        .iter()
        .map(|(name, text)| (dir.join(name), text.clone()))
        .collect();
    let refused = options.strict && !left_out.is_empty();
    if !refused {
        // The directory exists afterwards even for an empty database: `generate` then finds
        // an empty schema rather than no schema at all.
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
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
    let mut counts = object_counts(&schema);
    if !left_out.is_empty() {
        counts.push(format!(
            "{} left out",
            crate::style::count(left_out.len(), "object")
        ));
    }
    if writes.is_empty() {
        outln!(
            "{database} holds no tables or types: {} is empty.",
            dir.display()
        );
        return Ok(Outcome::Success);
    }
    outln!(
        "Wrote {} to {} from {database}: {}.",
        crate::style::count(writes.len(), "file"),
        dir.display(),
        counts.join(", ")
    );
    Ok(Outcome::Success)
}

/// Whether the TOML in `dir` parses to an empty schema, like the commented example `strata
/// init` writes: replacing it loses nothing, so `pull` needs no `--force` for it.
fn declares_nothing(dir: &Path) -> bool {
    crate::schema::parse::load_dir(dir)
        .is_ok_and(|parsed| parsed.schema.equivalent(&Schema::default()))
}

/// "112 tables, 11 enums, 6 domains ...": the kinds the pull wrote, tables and enums always.
fn object_counts(schema: &Schema) -> Vec<String> {
    use crate::style::count;
    let mut counts = vec![
        count(schema.tables.len(), "table"),
        count(schema.enums.len(), "enum"),
    ];
    let optional = [
        (schema.domains.len(), "domain"),
        (schema.composites.len(), "composite type"),
        (crate::schema::write::declared_sequences(schema), "sequence"),
        (
            schema.views.iter().filter(|v| !v.materialized).count(),
            "view",
        ),
        (
            schema.views.iter().filter(|v| v.materialized).count(),
            "materialized view",
        ),
        (schema.extensions.len(), "extension"),
        (schema.schemas.len(), "schema"),
        (
            schema.functions.iter().filter(|f| !f.procedure).count(),
            "function",
        ),
        (
            schema.functions.iter().filter(|f| f.procedure).count(),
            "procedure",
        ),
        (schema.aggregates.len(), "aggregate"),
    ];
    counts.extend(
        optional
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, noun)| count(n, noun)),
    );
    counts
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
