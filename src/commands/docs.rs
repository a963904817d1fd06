//! `strata docs`: writes the schema's documentation as a static site (see `crate::docs`), or
//! with `--mermaid` prints a Mermaid `erDiagram`. Given a database (`--database-url`, or the
//! variable named by `database_url_env`), the history shows each migration's state there and
//! the drift `verify` would report.

use crate::cli::DbArgs;
use crate::commands::generate::load_schema;
use crate::commands::{Outcome, connect, runtime, verify};
use crate::config::Project;
use crate::docs::history::{self, Database, History};
use crate::docs::{self, Input, mermaid, output};
use crate::migrate::journal::Journal;
use crate::migrate::status::{State, rows};
use crate::migrate::{files, history as applied_history};
use crate::schema::snapshot::Snapshot;
use crate::schema::{ParsedSchema, Schema};
use anyhow::{Context, Result};
use std::path::PathBuf;

/// `docs`'s flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output directory; default `schema-docs` in the project.
    pub out: Option<PathBuf>,
    /// Print a Mermaid diagram instead of writing the site.
    pub mermaid: bool,
    /// The title of every page.
    pub title: String,
    /// Leave the database out even when one is configured.
    pub offline: bool,
    pub db: DbArgs,
}

/// Runs `docs`.
pub fn run(project: &Project, options: &Options) -> Result<Outcome> {
    if options.mermaid {
        let parsed = load_schema(project)?;
        use std::io::Write as _;
        write!(std::io::stdout(), "{}", mermaid::diagram(&parsed.schema))?;
        return Ok(Outcome::Success);
    }
    // The history (journal, every snapshot, their diffs) and schema/ are independent until the
    // last comparison: read them on two threads.
    let (history, parsed) = super::join(|| offline_history(project), || load_schema(project));
    let parsed = parsed?;
    let (journal, mut history, last) = history?;
    history.pending = pending_changes(&last, &parsed);
    if database_given(project, options) {
        history.database = Some(database(project, options, &journal, &mut history)?);
    }
    let files = docs::site(&Input {
        title: &options.title,
        schema: &parsed.schema,
        history: &history,
    });
    let out = output_dir(project, options);
    output::replace_dir(&out, &files)?;
    outln!(
        "Wrote the documentation of {} and {} to {} ({}); open {}",
        crate::style::count(parsed.schema.tables.len(), "table"),
        crate::style::count(history.migrations.len(), "migration"),
        out.display(),
        crate::style::count(files.len(), "file"),
        out.join("index.html").display()
    );
    super::free_in_background((parsed, history, last, files));
    Ok(Outcome::Success)
}

/// `--out`, else `schema-docs` in the project directory.
fn output_dir(project: &Project, options: &Options) -> PathBuf {
    match &options.out {
        Some(dir) => dir.clone(),
        None if project.root == std::path::Path::new(".") => PathBuf::from("schema-docs"),
        None => project.root.join("schema-docs"),
    }
}

/// The journal, the migrations with their changes, and the last snapshot's model.
fn offline_history(project: &Project) -> Result<(Journal, History, Schema)> {
    let journal = Journal::load(&project.journal)?;
    let (migrations, last) = history::migrations(&journal, |tag| {
        let path = project.snapshots_dir.join(format!("{tag}.json"));
        Ok(Snapshot::load(&path)?.schema)
    });
    Ok((
        journal,
        History {
            migrations,
            ..History::default()
        },
        last,
    ))
}

/// What `generate` would write now: schema/ against the last snapshot.
fn pending_changes(last: &Schema, parsed: &ParsedSchema) -> Vec<String> {
    if parsed.schema.equivalent(last) {
        return Vec::new();
    }
    match history::changes(last, &parsed.schema, &parsed.hints) {
        Ok((lines, _)) => lines,
        Err(e) => vec![e],
    }
}

/// True when the user pointed at a database: `--database-url`, or the configured variable
/// is set (libpq's own defaults alone do not count: documentation is written offline unless
/// asked otherwise), and `--offline` is not given.
fn database_given(project: &Project, options: &Options) -> bool {
    !options.offline
        && (options.db.database_url.is_some()
            || std::env::var_os(&project.database_url_env).is_some_and(|v| !v.is_empty()))
}

/// Each migration's state in the database, and the drift. A database that cannot be reached
/// is an error; a drift that cannot be computed (say, no CREATEDB for the scratch database) is
/// reported on the page instead.
fn database(
    project: &Project,
    options: &Options,
    journal: &Journal,
    history: &mut History,
) -> Result<Database> {
    let runtime = runtime()?;
    let (url, applied) = runtime.block_on(async {
        let (client, target) = connect(project, &options.db).await?;
        let applied = applied_history::read(&client, &project.history_table).await?;
        anyhow::Ok((target.to_string(), applied))
    })?;
    let on_disk = files::load_dir(&project.migrations_dir)
        .with_context(|| format!("reading {}", project.migrations_dir.display()))?;
    let mut unknown = Vec::new();
    for row in rows(journal, &on_disk, Some(&applied)) {
        match history.migrations.iter_mut().find(|m| m.tag == row.tag) {
            Some(migration) if row.state != State::UnknownToJournal => migration.state = Some(row),
            _ => unknown.push(row),
        }
    }
    let drift = runtime
        .block_on(verify::build_report(
            project,
            &options.db,
            &crate::progress::Progress::new(true),
        ))
        .map_err(|e| format!("{e:#}"));
    if let Err(reason) = &drift {
        eprintln!("warning: the drift could not be computed: {reason}");
    }
    Ok(Database {
        url,
        drift,
        unknown,
    })
}
