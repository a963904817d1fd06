//! One module per command. Each takes the resolved project and its own arguments and returns
//! an [`Outcome`]; printing happens here at the edge, errors go up to `main`.

/// `println!` that returns the write error instead of panicking, so `strata status | head`
/// ends quietly (main treats a broken pipe as success).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

pub mod ask;
pub mod baseline;
pub mod check;
pub mod cli_docs;
pub mod diff;
pub mod docs;
pub mod generate;
pub mod hash;
pub mod import;
pub mod init;
pub mod json;
pub mod migrate;
pub mod new;
pub mod pull;
pub mod push;
pub mod remove;
pub mod status;
pub mod tag_arg;
pub mod verify;

use crate::cli::{Cli, Command};
use crate::config::Project;
use anyhow::Result;

/// Runs `a` on a second thread while `b` runs on this one, and returns both results; a panic
/// in `a` is raised again here. Commands use it for work that is independent until the end
/// (the schema and the history; the snapshot and the SQL).
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// Frees `value` on a thread nobody waits for. A command's last act on a large project is
/// freeing its models (about 8 ms of `free` at 2,000 tables) just before the process exits and
/// the system takes the memory back anyway; this moves that off the path to the exit.
pub(crate) fn free_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// What a command found: success (exit 0) or problems it reported (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Problems,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    crate::progress::set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => crate::progress::Verbosity::Quiet,
        (false, true) => crate::progress::Verbosity::Verbose,
        (false, false) => crate::progress::Verbosity::Normal,
    });
    match &cli.command {
        Command::Init { allow_nested } => return init::run(cli.project.as_deref(), *allow_nested),
        Command::Completions { shell } => return cli_docs::completions(*shell),
        Command::Man { dir } => return cli_docs::man(dir.as_deref()),
        _ => {}
    }
    let root = crate::config::project_root(cli.project.as_deref())?;
    let project = Project::load(&root)?;
    match cli.command {
        Command::Init { .. } | Command::Completions { .. } | Command::Man { .. } => {
            unreachable!("handled above")
        }
        Command::Generate {
            name,
            allow_destructive,
            dry_run,
        } => generate::run(
            &project,
            &generate::Options {
                name,
                allow_destructive,
                dry_run,
            },
        ),
        Command::Check { json } => check::run(&project, json),
        Command::Migrate { to, run } => {
            let to = resolve_to(&project, to.as_deref())?;
            migrate::run_migrate(&project, to.as_deref(), &run)
        }
        Command::Rollback {
            steps,
            to,
            force,
            run,
        } => {
            let target = match resolve_to(&project, to.as_deref())? {
                Some(tag) => crate::migrate::runner::RollbackTarget::To(tag),
                None => crate::migrate::runner::RollbackTarget::Steps(steps.unwrap_or(1)),
            };
            migrate::run_rollback(&project, &target, force, &run)
        }
        Command::Status { json, db } => status::run(&project, json, &db),
        Command::New { name } => new::run(&project, &name),
        Command::Hash => hash::run(&project),
        Command::Remove { tag, db } => remove::run(&project, tag.as_deref(), &db),
        Command::Verify { json, fix_sql, db } => verify::run(&project, json, fix_sql, &db),
        Command::Diff {
            from,
            to,
            textual,
            db,
        } => diff::run(&project, &from, &to, textual, &db),
        Command::Push {
            allow_destructive,
            dry_run,
            db,
        } => push::run(&project, allow_destructive, dry_run, &db),
        Command::Pull {
            dir,
            force,
            strict,
            json,
            db,
        } => pull::run(
            &project,
            &pull::Options {
                dir,
                force,
                strict,
                json,
            },
            &db,
        ),
        Command::Baseline {
            to,
            name,
            force,
            db,
        } => baseline::run(&project, &baseline::Options { to, name, force }, &db),
        Command::Import {
            tool,
            from,
            history_table,
            baseline,
            force,
            db,
        } => {
            let tool = match tool {
                crate::cli::ImportTool::Drizzle => crate::import::Tool::Drizzle,
                crate::cli::ImportTool::Refinery => crate::import::Tool::Refinery,
                crate::cli::ImportTool::Sqlx => crate::import::Tool::Sqlx,
            };
            let options = import::Options {
                tool,
                from,
                history_table,
                baseline,
                force,
            };
            import::run(&project, &options, &db)
        }
        Command::Docs {
            out,
            mermaid,
            title,
            offline,
            db,
        } => docs::run(
            &project,
            &docs::Options {
                out,
                mermaid,
                title,
                offline,
                db,
            },
        ),
    }
}

/// The full tag that a `--to` argument names (see [`tag_arg`]).
fn resolve_to(project: &Project, to: Option<&str>) -> Result<Option<String>> {
    let Some(text) = to else {
        return Ok(None);
    };
    let journal = crate::migrate::journal::Journal::load(&project.journal)?;
    tag_arg::resolve(&journal, text).map(Some)
}

/// Connects to the project's database for reading: the flag, else the configured variable
/// (from the environment or the project's `.env`), else libpq's variables and defaults.
pub async fn connect(
    project: &Project,
    db: &crate::cli::DbArgs,
) -> Result<(tokio_postgres::Client, crate::db::DbTarget)> {
    open(target(project, db, None)?).await
}

/// Connects for `command`, which changes the database: libpq's defaults alone do not name one,
/// so without a flag, a variable or a `PG*` variable that names it this is an input error.
pub async fn connect_to_change(
    project: &Project,
    db: &crate::cli::DbArgs,
    command: &str,
) -> Result<(tokio_postgres::Client, crate::db::DbTarget)> {
    open(target(project, db, Some(command))?).await
}

/// The project's database (see [`connect`]); `changes` names a command that writes.
pub fn target(
    project: &Project,
    db: &crate::cli::DbArgs,
    changes: Option<&str>,
) -> Result<crate::db::DbTarget> {
    let env = crate::db::Environment::with_dotenv(&project.root)?;
    crate::db::DbTarget::resolve(&crate::db::Request {
        flag: db.database_url.as_deref(),
        env_var: &project.database_url_env,
        env: &env,
        changes,
    })
}

/// Connects to `target`, showing its warnings (an ignored password file) first.
pub async fn open(
    target: crate::db::DbTarget,
) -> Result<(tokio_postgres::Client, crate::db::DbTarget)> {
    for note in target.notes() {
        eprintln!("warning: {note}");
    }
    let client = crate::db::connect(&target).await?;
    Ok((client, target))
}

/// A current-thread Tokio runtime for the commands that talk to a database.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
