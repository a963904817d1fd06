//! The command line (clap derive). Field doc comments become `--help`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

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

    /// Print only errors and warnings: no progress, no summaries.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: every change of a migration, how each migration runs.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,

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

/// Settings of `migrate` and `rollback`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// How long to wait for a lock: the migration lock another runner holds (default 60s) and,
    /// when given, PostgreSQL's lock_timeout for every statement. E.g. 30s, 500ms, 2m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub lock_timeout: Option<Duration>,
    /// PostgreSQL's statement_timeout for every statement. E.g. 5m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub statement_timeout: Option<Duration>,
    /// Print the SQL that would run, in the order and transactions it would run in; change
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Reads `500ms`, `30s`, `2m`, `1h`, or a number of milliseconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 500ms, 30s or 2m"))?;
    let millis = match unit.trim() {
        "" | "ms" => value,
        "s" => value * 1000,
        "m" | "min" => value * 60_000,
        "h" => value * 3_600_000,
        _ => {
            return Err(format!(
                "`{text}` is not a duration such as 500ms, 30s or 2m"
            ));
        }
    };
    Ok(Duration::from_millis(millis))
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
        /// Print the migration and its hazards instead of writing files.
        #[arg(long)]
        dry_run: bool,
    },
    /// Offline CI gate: schema vs. last snapshot, files vs. journal.
    Check {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Apply pending migrations in journal order, each in its own transaction.
    Migrate {
        /// Stop after this migration (a tag such as 0003_votes).
        #[arg(long, value_name = "TAG")]
        to: Option<String>,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Run down migrations, newest first (default: the newest one).
    Rollback {
        /// How many migrations to roll back.
        #[arg(long, conflicts_with = "to")]
        steps: Option<usize>,
        /// Roll back everything applied after this migration.
        #[arg(long, value_name = "TAG")]
        to: Option<String>,
        /// Run a down file even if it was edited since it was generated.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Every migration with its state: applied, pending, edited, missing.
    Status {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write an empty hand-written migration (data backfills, functions, triggers).
    New {
        /// The migration's name.
        name: String,
    },
    /// Recompute the journal's checksums after editing a hand-written migration.
    Hash,
    /// Delete the newest migration, one generated by mistake (files, snapshot, journal entry).
    ///
    /// Refused when the database (if reachable) has applied it, even partly: roll it back
    /// first.
    Remove {
        /// The migration to remove; it must be the newest (a safety check, optional).
        #[arg(value_name = "TAG")]
        tag: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Compare the live database with the snapshot of its last applied migration.
    Verify {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Print only the SQL that restores the expected schema.
        #[arg(long)]
        fix_sql: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Print the SQL that turns one schema into another (SRC: schema dir, snapshot file, or URL).
    Diff {
        #[arg(long, value_name = "SRC")]
        from: String,
        #[arg(long, value_name = "SRC")]
        to: String,
    },
    /// Make a development database match schema/ directly, without migration files.
    Push {
        /// Allow changes that lose data without asking.
        #[arg(long)]
        allow_destructive: bool,
        /// Print the SQL instead of running it.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write the database's schema as TOML files.
    Pull {
        /// Where to write (default: the project's schema directory).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Replace existing schema files.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("250"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 parsecs").is_err());
    }
}
