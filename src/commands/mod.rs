//! One module per command. Each takes the resolved project and its own arguments and returns
//! an [`Outcome`]; printing happens here at the edge, errors go up to `main`.

pub mod check;
pub mod generate;
pub mod init;

use crate::cli::{Cli, Command};
use crate::config::Project;
use anyhow::Result;

/// What a command found: success (exit 0) or problems it reported (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Problems,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
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
    }
}

/// A current-thread Tokio runtime for the commands that talk to a database.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
