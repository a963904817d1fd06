//! `strata baseline [--to TAG] [--name N] [--force]`: tell strata that a database already holds
//! a migration, without running it.
//!
//! On a project without migrations it first makes migration 0000 from the project's schema/
//! (or, when schema/ is empty, from the database itself, as `pull` would). The database must
//! equal that migration's snapshot, compared the way `verify` does; otherwise nothing is
//! recorded or written and the differences are shown (exit 1). When the project was imported
//! from another tool, the database's history in that tool must also be complete: every old
//! migration applied, none unknown or edited. `--force` skips that second check only; the
//! schema is always compared. The history rows are written under the migration lock, in one
//! transaction.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect_to_change, runtime};
use crate::config::Project;
use crate::db::DbTarget;
use crate::error::{check_failed, input_error};
use crate::import::old_history::{self, Matched};
use crate::import::project::{self as first_migration, FirstMigration};
use crate::import::{Manifest, imported_history_table, manifests, unmanaged_tables};
use crate::introspect::{InspectOptions, canonicalize, inspect};
use crate::migrate::history::{self, NewRow};
use crate::migrate::journal::Journal;
use crate::migrate::lock;
use crate::migrate::session::Session;
use crate::schema::Schema;
use crate::schema::snapshot::Snapshot;
use anyhow::{Context, Result};
use std::time::Duration;
use tokio_postgres::Client;

/// `baseline`'s flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// Record every migration up to this tag (default: the first).
    pub to: Option<String>,
    /// The name of migration 0000 when it has to be made.
    pub name: String,
    /// Record even when the old tool's history is behind or does not match its files.
    pub force: bool,
}

/// A migration to record.
#[derive(Debug)]
struct Target {
    idx: u32,
    tag: String,
    up_sha256: String,
    snapshot_id: String,
}

/// Runs `baseline`.
pub fn run(project: &Project, options: &Options, db: &DbArgs) -> Result<Outcome> {
    runtime()?.block_on(async {
        // It writes the history: libpq's defaults alone must not pick the database.
        let (client, target) = connect_to_change(project, db, "baseline").await?;
        // The runner's lock, so a baseline and a `migrate` of the same database never overlap.
        let session = Session::start(&client, Duration::from_secs(60), None).await?;
        let guard = lock::acquire(&session, &project.history_table, &mut |_| {}).await?;
        let result = baseline(&client, &target, project, options).await;
        let released = guard.release(&client).await;
        let outcome = result?;
        released?;
        Ok(outcome)
    })
}

async fn baseline(
    client: &Client,
    target: &DbTarget,
    project: &Project,
    options: &Options,
) -> Result<Outcome> {
    let manifests = manifests(project)?;
    let excluded = InspectOptions {
        exclude_tables: unmanaged_tables(project),
    };
    let journal = Journal::load(&project.journal)?;
    let (targets, expected, first) = if journal.entries.is_empty() {
        let first = plan_first(client, project, options, &excluded).await?;
        let targets = vec![Target {
            idx: 0,
            tag: first.tag.clone(),
            up_sha256: first.entry.up_sha256.clone(),
            snapshot_id: first.snapshot_id.clone(),
        }];
        let expected = first.parsed.schema.clone();
        (targets, expected, Some(first))
    } else {
        let (targets, expected) = recorded_targets(project, &journal, options.to.as_deref())?;
        (targets, expected, None)
    };
    let last = targets.last().map(|t| t.tag.clone()).unwrap_or_default();
    let applied = history::read(client, &project.history_table).await?;
    if !applied.is_empty() {
        if targets
            .iter()
            .all(|t| applied.iter().any(|a| a.tag == t.tag))
        {
            outln!("{target} is already baselined at {last}; nothing to do.");
            return Ok(Outcome::Success);
        }
        return Err(check_failed(format!(
            "{target} already has a strata history ({} migration(s) applied): baseline is for \
             databases strata has not migrated; run `strata migrate`",
            applied.len()
        )));
    }
    let actual = inspect(client, &excluded).await?;
    if actual.tables.is_empty() && actual.enums.is_empty() {
        outln!(
            "refusing to baseline {target}: the database is empty. A fresh database gets the \
             whole schema with `strata migrate`."
        );
        return Ok(Outcome::Problems);
    }
    let matches = old_histories(client, target, &manifests, options.force).await?;
    let expected = canonicalize(client, target, &expected).await?;
    if !expected.equivalent(&actual) {
        refuse_drift(&expected, &actual, target, &last)?;
        return Ok(Outcome::Problems);
    }
    if let Some(first) = &first {
        first_migration::write(first, &[])?;
        outln!(
            "Wrote {}: the schema as it is ({} tables, {} enums).",
            first.tag,
            first.parsed.schema.tables.len(),
            first.parsed.schema.enums.len()
        );
    }
    record(client, project, &targets, &matches).await?;
    for (manifest, matched) in &matches {
        outln!(
            "Matched {} of {} {} migration(s) in {}; kept in {}.",
            matched.applied.len(),
            manifest.migrations.len(),
            manifest.tool.name(),
            manifest.history_table,
            imported_history_table(project)
        );
    }
    let tags: Vec<&str> = targets.iter().map(|t| t.tag.as_str()).collect();
    outln!(
        "Baselined {target}: {} recorded as applied without running it.",
        tags.join(", ")
    );
    Ok(Outcome::Success)
}

/// Migration 0000 from schema/, or from the database when schema/ holds no TOML file.
async fn plan_first(
    client: &Client,
    project: &Project,
    options: &Options,
    excluded: &InspectOptions,
) -> Result<FirstMigration> {
    if let Some(to) = &options.to {
        return Err(input_error(format!(
            "--to {to}: the project has no migrations yet"
        )));
    }
    if has_toml(project)? {
        let parsed = super::generate::load_schema(project)?;
        // TOML that declares nothing (the commented example `strata init` writes) is no
        // schema: the database is pulled as if schema/ were empty.
        if !parsed.schema.equivalent(&Schema::default()) {
            return first_migration::plan(project, parsed, &options.name, Vec::new());
        }
    }
    let pulled = inspect(client, excluded).await?;
    if pulled.tables.is_empty() && pulled.enums.is_empty() {
        return Err(input_error(
            "the database holds no tables or enums and schema/ is empty: nothing to baseline \
             (declare the schema in schema/, then `strata generate` and `strata migrate`)",
        ));
    }
    let (parsed, files) = first_migration::toml_of(project, &pulled)?;
    first_migration::plan(project, parsed, &options.name, files)
}

fn has_toml(project: &Project) -> Result<bool> {
    let entries = match std::fs::read_dir(&project.schema_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(e).with_context(|| format!("reading {}", project.schema_dir.display()));
        }
    };
    for entry in entries {
        if entry?.path().extension().is_some_and(|x| x == "toml") {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The journal's migrations up to `to` (default: the first) and the last one's model.
fn recorded_targets(
    project: &Project,
    journal: &Journal,
    to: Option<&str>,
) -> Result<(Vec<Target>, Schema)> {
    let end = match to {
        None => 0,
        Some(tag) => journal
            .entries
            .iter()
            .position(|e| e.tag == tag)
            .ok_or_else(|| input_error(format!("--to {tag}: no such migration in the journal")))?,
    };
    let mut targets = Vec::new();
    let mut expected = Schema::default();
    for entry in &journal.entries[..=end] {
        let path = project.snapshots_dir.join(format!("{}.json", entry.tag));
        let snapshot = Snapshot::load(&path)
            .with_context(|| format!("loading the snapshot of {}", entry.tag))?;
        targets.push(Target {
            idx: entry.idx,
            tag: entry.tag.clone(),
            up_sha256: entry.up_sha256.clone(),
            snapshot_id: snapshot.id,
        });
        expected = snapshot.schema;
    }
    Ok((targets, expected))
}

/// Each imported tool's history in this database, matched against its files; refuses on a
/// mismatch unless forced.
async fn old_histories<'m>(
    client: &Client,
    target: &DbTarget,
    manifests: &'m [Manifest],
    force: bool,
) -> Result<Vec<(&'m Manifest, Matched)>> {
    let mut out = Vec::new();
    for manifest in manifests {
        let tool = manifest.tool.name();
        let matched = match old_history::read(client, manifest).await? {
            Some(rows) => old_history::match_rows(manifest, &rows),
            None => Matched {
                pending: manifest.migrations.clone(),
                ..Matched::default()
            },
        };
        let problems = matched.problems(manifest.tool);
        if !problems.is_empty() && !force {
            return Err(check_failed(format!(
                "refusing to baseline {target}: its {tool} history ({}) does not match the \
                 imported {tool} files:\n  {}\nFinish migrating it with {tool} first; or bring \
                 the database to the schema by hand and pass --force (the schema is still \
                 compared)",
                manifest.history_table,
                problems.join("\n  ")
            )));
        }
        for problem in problems {
            eprintln!("warning: {problem} (recorded anyway: --force)");
        }
        out.push((manifest, matched));
    }
    Ok(out)
}

/// Prints why the database cannot be baselined at `tag`.
fn refuse_drift(expected: &Schema, actual: &Schema, target: &DbTarget, tag: &str) -> Result<()> {
    let report =
        super::verify::compare(expected, actual, target.to_string(), Some(tag.to_string()));
    outln!("refusing to baseline {target}: it differs from {tag}:");
    for line in &report.differences {
        outln!("  {line}");
    }
    outln!("\n{}", report.toml_diff);
    outln!(
        "Nothing was recorded. Make the database match (or the schema), or baseline at a later \
         migration with --to TAG."
    );
    Ok(())
}

/// The history rows, and the old tools' matched rows, in one transaction.
async fn record(
    client: &Client,
    project: &Project,
    targets: &[Target],
    matches: &[(&Manifest, Matched)],
) -> Result<()> {
    client.batch_execute("BEGIN").await?;
    let result = async {
        history::ensure(client, &project.history_table).await?;
        for target in targets {
            history::record(
                client,
                &project.history_table,
                &NewRow {
                    idx: target.idx as i32,
                    tag: &target.tag,
                    up_sha256: &target.up_sha256,
                    snapshot_id: Some(&target.snapshot_id),
                    duration_ms: 0,
                    statements_done: 0,
                    error: None,
                },
            )
            .await?;
        }
        let companion = imported_history_table(project);
        for (manifest, matched) in matches {
            old_history::ensure_companion(client, &companion).await?;
            old_history::record(client, &companion, manifest, matched).await?;
        }
        anyhow::Ok(())
    }
    .await;
    match result {
        Ok(()) => client
            .batch_execute("COMMIT")
            .await
            .context("committing the baseline"),
        Err(e) => {
            let _ = client.batch_execute("ROLLBACK").await;
            Err(e)
        }
    }
}
