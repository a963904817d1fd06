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

pub mod check;
pub mod diff;
pub mod generate;
pub mod hash;
pub mod init;
pub mod migrate;
pub mod new;
pub mod pull;
pub mod push;
pub mod remove;
pub mod status;
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
    if let Command::Init = cli.command {
        return init::run(&cli.project);
    }
    let project = Project::load(&cli.project)?;
    match cli.command {
        Command::Init => unreachable!("handled above"),
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
        Command::Migrate { to, run } => migrate::run_migrate(&project, to.as_deref(), &run),
        Command::Rollback {
            steps,
            to,
            force,
            run,
        } => {
            let target = match to {
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
        Command::Diff { from, to } => diff::run(&from, &to),
        Command::Push {
            allow_destructive,
            dry_run,
            db,
        } => push::run(&project, allow_destructive, dry_run, &db),
        Command::Pull { dir, force, db } => pull::run(&project, dir.as_deref(), force, &db),
    }
}

/// Connects to the project's database (flag, then the configured variable).
pub async fn connect(
    project: &Project,
    db: &crate::cli::DbArgs,
) -> Result<(tokio_postgres::Client, crate::db::DbTarget)> {
    let target =
        crate::db::DbTarget::resolve(db.database_url.as_deref(), &project.database_url_env)?;
    let client = crate::db::connect(&target).await?;
    Ok((client, target))
}

/// A current-thread Tokio runtime for the commands that talk to a database.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
