//! The `strata` binary: parse the command line, run the command, print an error once, and map
//! the outcome to an exit code (0 ok, 1 problems found, 2 input error, 3 database or I/O).
//! A command asked for `--json` prints one JSON document on every exit path, errors included.

use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::process::ExitCode;
use strata::cli::Cli;
use strata::commands::{self, Outcome, json};
use strata::style::{self, ColorChoice, Tone};

/// mimalloc rather than the system allocator: see the note on the dependency in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match parse(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, &args),
    };
    style::set_choice(cli.color);
    let json_command = cli.command.json_name();
    match commands::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let code = strata::error::exit_code(&error);
            let message = format!("{error:#}");
            if let Some(command) = json_command {
                let _ = json::print_error(command, message.clone(), code);
            }
            eprintln!(
                "{}: {}",
                style::err(Tone::Bad, "error"),
                style::printable_message(&message)
            );
            ExitCode::from(code)
        }
    }
}

/// Parses the arguments, with clap's own help and errors coloured as `--color` says.
fn parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    let choice = match early_color_choice(args) {
        ColorChoice::Auto => clap::ColorChoice::Auto,
        ColorChoice::Always => clap::ColorChoice::Always,
        ColorChoice::Never => clap::ColorChoice::Never,
    };
    let matches = Cli::command().color(choice).try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// The `--color` value before clap has parsed anything (it decides how clap prints).
fn early_color_choice(args: &[OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--color") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        choice = match value.as_deref() {
            Some("always") => ColorChoice::Always,
            Some("never") => ColorChoice::Never,
            Some(_) => ColorChoice::Auto,
            None => continue,
        };
    }
    choice
}

/// Help and version go to stdout with exit 0; usage errors exit 2, and when the command line
/// names a command that has `--json` and asks for it, they are reported as its JSON envelope
/// too.
fn usage_error(error: &clap::Error, args: &[OsString]) -> ExitCode {
    let code = error.exit_code();
    let json_command = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| matches!(*a, "check" | "status" | "verify" | "pull"));
    if let Some(command) = json_command.filter(|_| code != 0 && args.iter().any(|a| a == "--json"))
    {
        let rendered = error.render().to_string();
        let message = rendered
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string();
        let _ = json::print_error(command, message, code as u8);
    }
    let _ = error.print();
    ExitCode::from(code as u8)
}

/// A closed pipe (`strata status | head`) is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
