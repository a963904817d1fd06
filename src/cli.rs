//! The command line (clap derive). Field doc comments become `--help`.

use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// strata: declarative PostgreSQL schemas in TOML, versioned SQL migrations, drift checks.
#[derive(Debug, Parser)]
#[command(name = "strata", version, about, long_about = None)]
pub struct Cli {
    /// The project directory [default: found from the current directory upward].
    ///
    /// Without -C, strata works on the nearest directory at or above the current one that
    /// holds strata.toml, else journal.json or a schema/ directory of TOML files, else on the
    /// current directory, so every command works from anywhere inside a project.
    #[arg(long, short = 'C', global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,

    /// When to colour output: auto, always, never [default: auto].
    ///
    /// auto colours a terminal unless NO_COLOR is set (and not empty) or TERM is dumb;
    /// --json output is never coloured.
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        default_value = "auto",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub color: ColorChoice,

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
    /// Database URL (postgresql://user:pass@host:port/db or key=value). Default: the variable
    /// named by `database_url_env` in strata.toml (DATABASE_URL), from the environment or the
    /// project's .env, then libpq's PG* variables (migrate, rollback and push need one of these).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<OsString>,
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
    /// Create a project: strata.toml, schema/ (with a commented example), migrations/,
    /// snapshots/, journal.json; never inside another project.
    Init {
        /// Create the project even inside another strata project.
        #[arg(long)]
        allow_nested: bool,
    },
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
        /// Stop after this migration: its tag (0003_votes), a unique prefix of it, or its
        /// index (3 or 0003).
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
        /// Roll back everything applied after this migration: its tag (0003_votes), a unique
        /// prefix of it, or its index (3 or 0003).
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
        /// The migration to remove (tag, index or unique prefix); it must be the newest (a safety
        /// check, optional).
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
        /// The schema to start from: a directory of TOML files (schema/), a snapshot file
        /// (snapshots/0003_votes.json), or a database URL (postgres://... or key=value).
        #[arg(long, value_name = "SRC")]
        from: OsString,
        /// The schema to arrive at, in the same forms as --from.
        #[arg(long, value_name = "SRC")]
        to: OsString,
        /// Compare two schema directories or snapshots as written, without normalising them
        /// through the project's database server.
        #[arg(long)]
        textual: bool,
        #[command(flatten)]
        db: DbArgs,
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
    /// Record that a database already holds the first migration (or up to --to), without
    /// running it, after checking that it equals that migration's snapshot. Makes migration
    /// 0000 first when the project has none (from schema/, or from the database).
    Baseline {
        /// Record every migration up to and including this one (default: the first).
        #[arg(long, value_name = "TAG")]
        to: Option<String>,
        /// The name of migration 0000 when it has to be made.
        #[arg(long, short = 'n', default_value = "baseline")]
        name: String,
        /// Record even when the imported tool's history is behind its files or does not match
        /// them (the schema is still compared).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Turn a drizzle-kit, refinery or sqlx-cli history into a strata project.
    Import {
        /// The tool the history comes from.
        tool: ImportTool,
        /// The tool's folder (default: drizzle for drizzle-kit, migrations for the others).
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// The tool's history table, when not its default (drizzle.__drizzle_migrations,
        /// refinery_schema_history, _sqlx_migrations).
        #[arg(long, value_name = "TABLE")]
        history_table: Option<String>,
        /// Run `strata baseline` on the database afterwards.
        #[arg(long)]
        baseline: bool,
        /// With --baseline: passed on to it.
        #[arg(long, requires = "baseline")]
        force: bool,
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
        /// Exit 1, writing nothing, when the database holds objects strata does not model
        /// (they would be left out of the TOML).
        #[arg(long)]
        strict: bool,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write the schema's documentation: a static site with an ER diagram, a section per table
    /// and enum, and the migration history (given a database: states and drift).
    Docs {
        /// The directory to write (replaced as a whole). Default: schema-docs in the project.
        #[arg(long, short = 'o', value_name = "DIR", conflicts_with = "mermaid")]
        out: Option<PathBuf>,
        /// Print a Mermaid erDiagram of the schema instead (for READMEs and pull requests).
        #[arg(long)]
        mermaid: bool,
        /// The title on every page.
        #[arg(long, default_value = "Schema documentation")]
        title: String,
        /// Leave the database out even when DATABASE_URL (database_url_env) is set.
        #[arg(long, conflicts_with = "database_url")]
        offline: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a directory.
    #[command(hide = true)]
    Man {
        /// Write strata.1 and `strata-<command>.1` into this directory instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Where each shell reads completions from.
const COMPLETIONS_HELP: &str = "\
Install, for example:
  bash:  strata completions bash > ~/.local/share/bash-completion/completions/strata
  zsh:   strata completions zsh > ~/.zfunc/_strata   (with fpath+=~/.zfunc before compinit)
  fish:  strata completions fish > ~/.config/fish/completions/strata.fish";

impl Command {
    /// The command's name when it was asked for `--json` output; every exit path of such a
    /// command then prints one JSON document.
    pub fn json_name(&self) -> Option<&'static str> {
        match self {
            Command::Check { json: true } => Some("check"),
            Command::Status { json: true, .. } => Some("status"),
            Command::Verify { json: true, .. } => Some("verify"),
            Command::Pull { json: true, .. } => Some("pull"),
            _ => None,
        }
    }
}

/// The tools `strata import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportTool {
    /// drizzle-kit's output folder (meta/_journal.json, snapshots, SQL files).
    Drizzle,
    /// refinery's V{n}__{name}.sql files.
    Refinery,
    /// sqlx-cli's migrations/ ({version}_{description}.sql or .up.sql/.down.sql).
    Sqlx,
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
