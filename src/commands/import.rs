//! `strata import drizzle|refinery|sqlx [--from DIR]`: turn another tool's migration history
//! into a strata project (see `crate::import` for the design).
//!
//! Writes, all or nothing: schema/ as TOML, migration 0000 (`baseline`) that creates the whole
//! schema, its snapshot and the journal, the old tool's files copied under
//! `migrations/imported/<tool>/` and the manifest `migrations/imported/<tool>.json`. When the
//! old files sat in the project's own migrations directory they are moved there instead, so
//! strata does not take them for its own. drizzle-kit's schema comes from its latest snapshot
//! (no database needed); refinery and sqlx keep none, so their files are replayed on a scratch
//! database on the server of `--database-url`. `--baseline` then runs `strata baseline` on that
//! database.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, runtime};
use crate::config::Project;
use crate::error::input_error;
use crate::import::project::{require_no_history, toml_of};
use crate::import::replay::{self, Step};
use crate::import::{
    Manifest, OldMigration, Tool, drizzle, imported_dir, manifest_path, project, refinery, sqlx,
};
use crate::schema::Schema;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// `import`'s arguments.
#[derive(Debug, Clone)]
pub struct Options {
    pub tool: Tool,
    /// The old tool's folder (default: `drizzle` or `migrations` in the project).
    pub from: Option<PathBuf>,
    /// The old tool's history table, when not its default.
    pub history_table: Option<String>,
    /// Run `baseline` on the database afterwards.
    pub baseline: bool,
    /// Passed to `baseline`.
    pub force: bool,
}

/// What was read from the old tool's folder.
struct Source {
    schema: Schema,
    migrations: Vec<OldMigration>,
    files: Vec<(String, String)>,
    findings: Vec<String>,
    notes: Vec<String>,
}

/// Runs `import`.
pub fn run(project: &Project, options: &Options, db: &DbArgs) -> Result<Outcome> {
    require_no_history(project)?;
    require_empty_schema(project)?;
    let tool = options.tool;
    if manifest_path(project, tool).exists() {
        return Err(input_error(format!(
            "{} exists: this project already imported a {} history",
            manifest_path(project, tool).display(),
            tool.name()
        )));
    }
    let from = options
        .from
        .clone()
        .unwrap_or_else(|| project.root.join(tool.default_source()));
    let source = read_source(project, tool, &from, db)?;
    let (parsed, toml) = toml_of(project, &source.schema)?;
    let notes = source.notes;
    let first = project::plan(project, parsed, "baseline", toml)?;
    let manifest = Manifest {
        tool,
        source: from.display().to_string(),
        history_table: options
            .history_table
            .clone()
            .unwrap_or_else(|| tool.default_history_table().to_string()),
        baseline: first.tag.clone(),
        migrations: source.migrations,
        findings: source.findings,
    };
    let copies_dir = imported_dir(project).join(tool.name());
    let mut extra: Vec<(PathBuf, String)> = source
        .files
        .iter()
        .map(|(file, text)| (copies_dir.join(file), text.clone()))
        .collect();
    extra.push((manifest_path(project, tool), manifest.to_json()));
    project::write(&first, &extra)?;
    let moved = move_out_of_migrations(project, &from, &source.files)?;
    report(project, &manifest, &first, &copies_dir, moved, &notes)?;
    if options.baseline {
        let baseline = super::baseline::Options {
            to: None,
            name: "baseline".into(),
            force: options.force,
        };
        return super::baseline::run(project, &baseline, db);
    }
    Ok(Outcome::Success)
}

fn require_empty_schema(project: &Project) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(&project.schema_dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "toml") {
            return Err(input_error(format!(
                "{} already holds schema files ({}): import writes the schema; start from a \
                 project without one",
                project.schema_dir.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

fn read_source(project: &Project, tool: Tool, from: &Path, db: &DbArgs) -> Result<Source> {
    if tool == Tool::Drizzle {
        let folder = drizzle::read(from)?;
        return Ok(Source {
            schema: folder.schema,
            migrations: folder.migrations,
            files: folder.files,
            findings: folder.findings,
            notes: folder.left_out,
        });
    }
    let (migrations, files, steps) = if tool == Tool::Refinery {
        let folder = refinery::read(from)?;
        (folder.migrations, folder.files, folder.steps)
    } else {
        let folder = sqlx::read(from)?;
        (folder.migrations, folder.files, folder.steps)
    };
    let schema = replay_on_server(project, db, &steps)?;
    Ok(Source {
        schema,
        migrations,
        files,
        findings: Vec::new(),
        notes: Vec::new(),
    })
}

fn replay_on_server(project: &Project, db: &DbArgs, steps: &[Step]) -> Result<Schema> {
    runtime()?.block_on(async {
        let (client, target) = connect(project, db).await?;
        replay::schema_of(&client, &target, steps).await
    })
}

/// When the old files were in the project's own migrations directory, removes the originals
/// (their copies are written): strata would otherwise read `.up.sql` files there as its own.
fn move_out_of_migrations(
    project: &Project,
    from: &Path,
    files: &[(String, String)],
) -> Result<bool> {
    let same = match (from.canonicalize(), project.migrations_dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same {
        return Ok(false);
    }
    for (file, _) in files {
        let path = from.join(file);
        std::fs::remove_file(&path).with_context(|| format!("moving {}", path.display()))?;
    }
    Ok(true)
}

fn report(
    project: &Project,
    manifest: &Manifest,
    first: &project::FirstMigration,
    copies_dir: &Path,
    moved: bool,
    notes: &[String],
) -> Result<()> {
    let tool = manifest.tool.name();
    outln!(
        "Imported {} {tool} migration(s) from {}: wrote {} ({} tables, {} enums) and {}, the \
         whole schema as one migration.",
        manifest.migrations.len(),
        manifest.source,
        project.schema_dir.display(),
        first.parsed.schema.tables.len(),
        first.parsed.schema.enums.len(),
        first.tag
    );
    outln!(
        "The {tool} files are {} {} (listed in {}).",
        if moved {
            "moved to"
        } else {
            "kept, copied under"
        },
        copies_dir.display(),
        manifest_path(project, manifest.tool).display()
    );
    if !manifest.findings.is_empty() {
        outln!("{tool} left these inconsistent (not carried over; see the README):");
        for finding in &manifest.findings {
            outln!("  finding: {finding}");
        }
    }
    for note in notes {
        outln!("note: {note}");
    }
    outln!(
        "Next: on every database {tool} migrated, `strata baseline` records {} without running \
         it; a fresh database gets everything with `strata migrate`.",
        first.tag
    );
    Ok(())
}
