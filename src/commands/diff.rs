//! `strata diff --from SRC --to SRC`: the SQL that turns one schema into another. A source is
//! a schema directory (TOML), a snapshot file (`.json`), or a database URL. Models are
//! normalised through a server (built in a scratch database and read back) so that checks,
//! defaults and bodies compare in PostgreSQL's own spelling, not as written: the database side's
//! server, or for two models the project's database when one is configured. Without one (or
//! with `--textual`) the comparison is textual, and a note says so.

use crate::commands::{Outcome, open, runtime};
use crate::config::Project;
use crate::db::{DbTarget, Environment, conninfo};
use crate::diff::{DiffOptions, diff};
use crate::error::input_error;
use crate::introspect::{InspectOptions, canonicalize, inspect};
use crate::schema::snapshot::Snapshot;
use crate::schema::{RenameHints, Schema};
use anyhow::Result;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// One side of the comparison.
enum Source {
    Database(Box<DbTarget>),
    Model(Box<Schema>, RenameHints),
}

/// Runs `diff`.
pub fn run(
    project: &Project,
    from: &OsStr,
    to: &OsStr,
    textual: bool,
    db: &crate::cli::DbArgs,
) -> Result<Outcome> {
    // `.env` matters (and a bad one is an error) only when a side is a database.
    let env = if [from, to]
        .iter()
        .any(|s| conninfo::looks_like_connection_string(s.as_bytes()))
    {
        Environment::with_dotenv(&project.root)?
    } else {
        Environment::process()
    };
    let (from, to) = (load(from, &env)?, load(to, &env)?);
    let server = match (&from, &to) {
        (Source::Database(t), _) | (_, Source::Database(t)) => Some((**t).clone()),
        _ if textual => None,
        _ => normalising_server(project, db),
    };
    let (from_model, to_model, hints) = runtime()?.block_on(resolve(from, to, server))?;
    let options = DiffOptions {
        allow_destructive: true,
        decide_rename: None,
    };
    let changes = diff(&from_model, &to_model, &hints, &options)?;
    if changes.is_empty() {
        // A SQL comment: the output is often redirected into a file that psql runs later.
        outln!("-- No changes: --from and --to define the same schema.");
        return Ok(Outcome::Success);
    }
    let context = crate::sql::Context::new(&[&from_model, &to_model]);
    let sql = crate::sql::render_migration("diff", &changes, &context);
    outln!("{}", sql.up.trim_end());
    Ok(Outcome::Success)
}

/// Reads a source: a connection string (either form), a directory of TOML, or a snapshot
/// file. Something that is none of these is named in the error only when it cannot hold a
/// password.
fn load(source: &OsStr, env: &Environment) -> Result<Source> {
    let path = Path::new(source);
    let bytes = source.as_bytes();
    if conninfo::looks_like_connection_string(bytes) && !path.exists() {
        return Ok(Source::Database(Box::new(DbTarget::from_bytes(
            bytes, env,
        )?)));
    }
    if path.is_dir() {
        let parsed = crate::schema::parse::load_dir(path)?;
        return Ok(Source::Model(Box::new(parsed.schema), parsed.hints));
    }
    if path.is_file() {
        return Ok(Source::Model(
            Box::new(Snapshot::load(path)?.schema),
            RenameHints::default(),
        ));
    }
    let shown = if bytes.contains(&b'@') {
        conninfo::PLACEHOLDER.to_string()
    } else {
        path.display().to_string()
    };
    Err(input_error(format!(
        "{shown}: not a database URL, a schema directory or a snapshot file"
    )))
}

/// The project's database, to normalise two models through when neither side is a database;
/// `None`, with a note on stderr, when none is configured.
fn normalising_server(project: &Project, db: &crate::cli::DbArgs) -> Option<DbTarget> {
    match super::target(project, db, Some("diff")) {
        Ok(target) => Some(target),
        Err(_) => {
            eprintln!(
                "note: compared as written: no database is configured to normalise both sides \
                 through (set {} or pass --database-url; --textual silences this note)",
                project.database_url_env
            );
            None
        }
    }
}

/// Both models, normalised through `server` (in a scratch database) when there is one. A
/// server that cannot be reached for two models leaves them textual, with a warning.
async fn resolve(
    from: Source,
    to: Source,
    server: Option<DbTarget>,
) -> Result<(Schema, Schema, RenameHints)> {
    let has_database = matches!(from, Source::Database(_)) || matches!(to, Source::Database(_));
    let admin = match &server {
        Some(target) => match open(target.clone()).await {
            Ok((client, _)) => Some(client),
            Err(e) if !has_database => {
                eprintln!(
                    "warning: compared as written: normalising through {target} failed: {}",
                    crate::style::printable_message(&format!("{e:#}"))
                );
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    let mut models = Vec::new();
    let mut hints = RenameHints::default();
    for source in [from, to] {
        let model = match source {
            Source::Database(target) => {
                let client = crate::db::connect(&target).await?;
                inspect(&client, &InspectOptions::default()).await?
            }
            Source::Model(schema, source_hints) => {
                hints = source_hints;
                match (&admin, &server) {
                    (Some(admin), Some(target)) => canonicalize(admin, target, &schema).await?,
                    _ => *schema,
                }
            }
        };
        models.push(model);
    }
    let to = models.pop().expect("two models");
    let from = models.pop().expect("two models");
    Ok((from, to, hints))
}
