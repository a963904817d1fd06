//! `strata diff --from SRC --to SRC`: the SQL that turns one schema into another. A source is
//! a schema directory (TOML), a snapshot file (`.json`), or a database URL. When one side is a
//! database, the other is first normalised through that server so expressions compare in
//! PostgreSQL's own spelling.

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
pub fn run(project: &Project, from: &OsStr, to: &OsStr) -> Result<Outcome> {
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
    let (from_model, to_model, hints) = runtime()?.block_on(resolve(from, to))?;
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

/// Both models, normalised through a database when one side is one.
async fn resolve(from: Source, to: Source) -> Result<(Schema, Schema, RenameHints)> {
    let server = match (&from, &to) {
        (Source::Database(t), _) | (_, Source::Database(t)) => Some((**t).clone()),
        _ => None,
    };
    let admin = match &server {
        Some(target) => Some(open(target.clone()).await?.0),
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
