//! The command line (clap derive). Field doc comments become `--help`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// strata: declarative PostgreSQL schemas in TOML, versioned SQL migrations, drift checks.
#[derive(Debug, Parser)]
#[command(name = "strata", version, about, long_about = None)]
pub struct Cli {
    /// The project directory (holding strata.toml, schema/, migrations/ ...).
    #[arg(
        long,
        short = 'C',
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub project: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is and how long to wait for it.
#[derive(Debug, Clone, Args, Default)]
pub struct DbArgs {
    /// Database URL (postgres://user:pass@host:port/db or key=value). Default: the variable
    /// named by `database_url_env` in strata.toml (DATABASE_URL), then libpq's PG* variables.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create strata.toml, schema/, migrations/, snapshots/ and journal.json.
    Init,
    /// Diff schema/ against the last snapshot and write the next migration.
    Generate {
        /// The migration's name (becomes NNNN_name).
        #[arg(long, short = 'n', default_value = "migration")]
        name: String,
        /// Allow changes that lose data (drops, narrowing type changes) without asking.
        #[arg(long)]
        allow_destructive: bool,
        /// Print the migration instead of writing files.
        #[arg(long)]
        dry_run: bool,
    },
    /// Offline CI gate: schema vs. last snapshot, files vs. journal.
    Check {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}
