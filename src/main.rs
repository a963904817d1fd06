//! The `strata` binary: parse the command line, run the command, print an error once, and map
//! the outcome to an exit code (0 ok, 1 problems found, 2 input error, 3 database or I/O).

use clap::Parser;
use std::process::ExitCode;
use strata::cli::Cli;
use strata::commands::{self, Outcome};

/// mimalloc rather than the system allocator: see the note on the dependency in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::from(strata::error::exit_code(&error))
        }
    }
}

/// A closed pipe (`strata status | head`) is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
