//! `strata completions <shell>` and `strata man`: shell completions and man pages generated at
//! run time from the clap definition in `cli.rs`, so they always match the binary's flags.
//!
//! The man page is a hidden command rather than a build step: a `build.rs` would have to
//! compile the CLI definition a second time on every build (and pull clap_mangen into the
//! build dependencies), while packagers can run `strata man --dir DIR` once after building.

use crate::cli::Cli;
use crate::commands::Outcome;
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    // Rendered into memory first: the generators panic on a write error, and a closed pipe
    // (`strata completions bash | head`) must end quietly instead.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "strata", &mut script);
    std::io::stdout().write_all(&script)?;
    Ok(Outcome::Success)
}

/// Prints strata.1 on stdout, or with `dir` writes strata.1 and one `strata-<command>.1` page per
/// command into it.
pub fn man(dir: Option<&Path>) -> Result<Outcome> {
    let command = Cli::command();
    match dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            std::io::stdout().write_all(&page)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("writing man pages to {}", dir.display()))?;
            outln!("wrote the man pages to {}", dir.display());
        }
    }
    Ok(Outcome::Success)
}
