//! Running a strata project's migrations from a Rust application, at startup, as refinery's
//! `embed_migrations!` and `sqlx::migrate!` allow.
//!
//! This is the runner `strata migrate` uses, not a second one: the same advisory lock (so
//! the command line and any number of application instances can start at once: one applies,
//! the others wait, nothing is applied twice), the same checksums (an edited applied
//! migration is refused with both hashes), the same history table, columns and rows. A
//! database can be migrated halfway with `strata migrate` and the rest of the way by the
//! application, or the other way round, and `strata status` and `strata verify` see no
//! difference.
//!
//! The migrations come from a project directory read at run time
//! ([`Migrations::from_dir`]), or are compiled into the binary by a build script
//! ([`crate::embed`], [`Migrations::from_embedded`]), so a deployed binary needs no files.
//!
//! The runner never prints and never exits: [`Migrator::run`] returns a [`Report`] (the tags
//! applied and how long each took) or a typed [`Error`].
//!
//! ```no_run
//! use strata::migrator::{Migrations, Migrator};
//! use std::time::Duration;
//!
//! # async fn start(client: &tokio_postgres::Client) -> Result<(), strata::migrator::Error> {
//! let migrations = Migrations::from_dir("db")?; // the project: journal.json, migrations/
//! let report = Migrator::new(&migrations)
//!     .lock_timeout(Duration::from_secs(30))
//!     .run(client)
//!     .await?;
//! for applied in &report.applied {
//!     println!("applied {} in {:?}", applied.tag, applied.duration);
//! }
//! # Ok(())
//! # }
//! ```

// The API applications use: every public item is documented.
#![warn(missing_docs)]

mod error;

pub use crate::migrate::event::{Direction, Event};
pub use crate::migrate::execute::StatementFailed;
pub use crate::migrate::lock::{LockTimeout, LockWait};
pub use crate::migrate::refusal::{Refusal, Refused};
pub use crate::migrate::session::Holder;
pub use error::Error;

use crate::config::Project;
use crate::db::DbTarget;
use crate::embed::Embedded;
use crate::migrate::event::Events;
use crate::migrate::files::MigrationFile;
use crate::migrate::journal::Journal;
use crate::migrate::plan::{self, MigrationPlan};
use crate::migrate::runner::{self, RunOptions};
use crate::migrate::session::{Connector, SavedSettings, Session};
use crate::migrate::set::MigrationSet;
use crate::schema::model::QualifiedName;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::Duration;
use tokio_postgres::Client;

/// The default wait for the migration lock, as `strata migrate` waits without
/// `--lock-timeout`.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// A project's migrations: its journal, its migration files and the history table named in
/// its `strata.toml`, read and hashed once.
#[derive(Debug, Clone)]
pub struct Migrations {
    set: MigrationSet,
    history_table: QualifiedName,
}

impl Migrations {
    /// Reads the project in `dir` as `strata -C dir` would: its `strata.toml` (every key
    /// optional), `journal.json` and `migrations/` (or where `strata.toml` puts them). The
    /// snapshots are read when a migration is applied, for the id its history row records.
    ///
    /// Fails with [`Error::Project`] when the directory holds no journal, or when a file
    /// cannot be read.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Migrations, Error> {
        let project = Project::load(dir.as_ref()).map_err(|e| Error::from_runner(e, true))?;
        if !project.journal.is_file() {
            return Err(Error::Project(format!(
                "{}: no journal here; is {} a strata project (`strata init`)?",
                project.journal.display(),
                dir.as_ref().display()
            )));
        }
        let set = MigrationSet::load(&project).map_err(|e| Error::from_runner(e, true))?;
        Ok(Migrations {
            set,
            history_table: project.history_table,
        })
    }

    /// The migrations a build script compiled into the binary (see [`crate::embed`]):
    /// `Migrations::from_embedded(&MIGRATIONS)` with
    /// `static MIGRATIONS: strata::embed::Embedded = strata::embedded_migrations!();`.
    ///
    /// The checksums are computed here, over the embedded text, exactly as over files.
    pub fn from_embedded(embedded: &Embedded) -> Result<Migrations, Error> {
        let journal = Journal::from_json(embedded.journal, Path::new(embedded.journal_path))
            .map_err(|e| Error::from_runner(e, true))?;
        let mut files = Vec::new();
        let mut snapshot_ids = BTreeMap::new();
        for migration in embedded.migrations {
            let down = migration
                .down
                .map(|sql| (PathBuf::from(migration.down_path), sql.to_string()));
            files.push(MigrationFile::new(
                migration.tag,
                PathBuf::from(migration.up_path),
                migration.up.to_string(),
                down,
            ));
            if let Some(id) = migration.snapshot_id {
                snapshot_ids.insert(migration.tag.to_string(), id.to_string());
            }
        }
        Ok(Migrations {
            set: MigrationSet::from_parts(journal, files, snapshot_ids),
            history_table: QualifiedName::new(embedded.history_schema, embedded.history_table),
        })
    }

    /// The tags of the journal, in order.
    pub fn tags(&self) -> Vec<&str> {
        self.set
            .journal
            .entries
            .iter()
            .map(|e| e.tag.as_str())
            .collect()
    }

    /// The history table, as `strata.toml` names it (`strata_migrations` by default, in
    /// `public`).
    pub fn history_table(&self) -> String {
        self.history_table.to_string()
    }
}

/// Runs [`Migrations`] against a database, with the options of `strata migrate`.
#[derive(Debug, Clone)]
pub struct Migrator<'m> {
    migrations: &'m Migrations,
    options: RunOptions,
    target: Option<String>,
}

impl<'m> Migrator<'m> {
    /// A migrator with the defaults of `strata migrate`: wait up to 60 s for the migration
    /// lock, no lock or statement timeout on the migrations' statements, every pending
    /// migration.
    pub fn new(migrations: &'m Migrations) -> Self {
        Migrator {
            migrations,
            options: RunOptions {
                lock_timeout: DEFAULT_LOCK_TIMEOUT,
                set_lock_timeout: false,
                statement_timeout: None,
                dry_run: false,
            },
            target: None,
        }
    }

    /// How long to wait for a lock, as `--lock-timeout`: for the migration lock while
    /// another runner holds it, for the runner's own statements, and (PostgreSQL's
    /// `lock_timeout`) for each statement of the migrations.
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.options.lock_timeout = timeout;
        self.options.set_lock_timeout = true;
        self
    }

    /// PostgreSQL's `statement_timeout` for each statement of the migrations, as
    /// `--statement-timeout`.
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.options.statement_timeout = Some(timeout);
        self
    }

    /// Applies the pending migrations up to and including `tag` only, as `--to`.
    pub fn target(mut self, tag: impl Into<String>) -> Self {
        self.target = Some(tag.into());
        self
    }

    /// Plans and changes nothing, as `--dry-run`: takes no lock, creates no history table,
    /// and returns the plan in [`Report::planned`] and [`Report::sql`].
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.options.dry_run = dry_run;
        self
    }

    /// Migrates the database of `client`, an application's own connection (from a pool, for
    /// instance), which must not be inside a transaction. The settings the run changes on the
    /// session (`application_name`, `lock_timeout`, `statement_timeout`) are set back
    /// afterwards. Without a second connection, a migration statement that waits for a
    /// lock cannot name the sessions in its way; [`Migrator::run_url`] can.
    pub async fn run(&self, client: &Client) -> Result<Report, Error> {
        self.run_with_events(client, &mut |_| {}).await
    }

    /// [`Migrator::run`], reporting what happens to `events` as it happens (waiting for the
    /// lock, each migration started and finished, each statement done), for an
    /// application's log.
    pub async fn run_with_events(
        &self,
        client: &Client,
        events: &mut Events<'_>,
    ) -> Result<Report, Error> {
        self.check_target()?;
        let saved = SavedSettings::save(client)
            .await
            .map_err(|e| Error::from_runner(e, false))?;
        let result = self.run_session(client, None, events).await;
        let restored = saved.restore(client).await;
        let report = result?;
        restored.map_err(|e| Error::from_runner(e, false))?;
        Ok(report)
    }

    /// Connects to `url` (a `postgresql://` URL or `key=value` pairs, read as libpq reads
    /// them: `sslmode`, the `PG*` variables, the password file) and migrates that database.
    /// Errors show the connection string with its password masked.
    pub async fn run_url(&self, url: &str) -> Result<Report, Error> {
        self.check_target()?;
        let target = DbTarget::parse(url).map_err(|e| Error::from_runner(e, true))?;
        let client = crate::db::connect(&target)
            .await
            .map_err(|e| Error::from_runner(e, false))?;
        let reconnect = || -> Pin<Box<dyn Future<Output = anyhow::Result<Client>> + Send>> {
            Box::pin(crate::db::connect(&target))
        };
        self.run_session(&client, Some(&reconnect), &mut |_| {})
            .await
    }

    /// An unknown target is refused before anything connects.
    fn check_target(&self) -> Result<(), Error> {
        match &self.target {
            Some(tag) if self.migrations.set.journal.entry(tag).is_none() => {
                Err(Error::UnknownTarget(tag.clone()))
            }
            _ => Ok(()),
        }
    }

    async fn run_session<'c>(
        &self,
        client: &'c Client,
        connect: Option<Connector<'c>>,
        events: &mut Events<'_>,
    ) -> Result<Report, Error> {
        let session = Session::start(client, self.options.lock_timeout, connect)
            .await
            .map_err(|e| Error::from_runner(e, false))?;
        let done = runner::migrate(
            &session,
            &self.migrations.set,
            &self.migrations.history_table,
            self.target.as_deref(),
            &self.options,
            events,
        )
        .await
        .map_err(|e| Error::from_runner(e, false))?;
        Ok(Report::new(session.database.clone(), done))
    }
}

/// What a run did, or for a dry run, would do.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The database migrated (`current_database()`).
    pub database: String,
    /// The migrations applied, in order. Empty when the database was up to date (and for a
    /// dry run).
    pub applied: Vec<AppliedMigration>,
    /// For a dry run, the migrations that would be applied, in order.
    pub planned: Vec<PlannedMigration>,
    /// For a dry run, the SQL that would run, as a psql-readable script with `BEGIN` and
    /// `COMMIT` where the transactions would be (what `strata migrate --dry-run` prints).
    pub sql: String,
}

/// A migration a run applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// Its tag, `NNNN_name`.
    pub tag: String,
    /// How long it took (as recorded in the history's `duration_ms`).
    pub duration: Duration,
}

/// A migration a dry run would apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMigration {
    /// Its tag, `NNNN_name`.
    pub tag: String,
    /// How it would run, e.g. `0001_x (up): one transaction`, or where it would resume.
    pub summary: String,
    /// The statements that would run.
    pub statements: usize,
}

impl Report {
    fn new(database: String, report: runner::Report) -> Self {
        let planned: Vec<PlannedMigration> = report.planned.iter().map(planned).collect();
        let sql = if report.planned.is_empty() {
            String::new()
        } else {
            plan::to_sql(&report.planned)
        };
        Report {
            database,
            applied: report
                .done
                .into_iter()
                .map(|(tag, duration)| AppliedMigration { tag, duration })
                .collect(),
            planned,
            sql,
        }
    }
}

fn planned(plan: &MigrationPlan) -> PlannedMigration {
    PlannedMigration {
        tag: plan.entry.tag.clone(),
        summary: plan::headline(plan),
        statements: plan.pending_statements(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles only if an application can await a run on any task (`tokio::spawn`) and keep
    /// its migrations in a `static`.
    #[allow(dead_code)]
    fn runs_are_send_and_migrations_are_shareable(migrator: &Migrator<'_>, client: &Client) {
        fn send<T: Send>(_: T) {}
        fn shared<T: Send + Sync>() {}
        send(migrator.run(client));
        send(migrator.run_url(""));
        shared::<Migrations>();
        shared::<Error>();
    }

    #[test]
    fn an_unknown_target_is_refused_before_connecting() {
        let migrations = Migrations::from_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
        let migrator = Migrator::new(&migrations).target("9999_nope");
        let err = migrator.check_target().unwrap_err();
        assert!(matches!(&err, Error::UnknownTarget(tag) if tag == "9999_nope"));
        assert_eq!(
            err.to_string(),
            "target 9999_nope: no such migration in the journal"
        );
    }

    #[test]
    fn the_repository_project_reads_the_same_from_files_and_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let from_dir = Migrations::from_dir(root).unwrap();
        assert!(from_dir.tags().len() >= 2);
        assert_eq!(from_dir.history_table(), "strata_migrations");
        let missing = Migrations::from_dir(root.join("src")).unwrap_err();
        assert!(matches!(missing, Error::Project(_)), "{missing}");

        // What embed's generated code builds, by hand: the same files, leaked to 'static.
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let read = |p: &Path| leak(std::fs::read_to_string(p).unwrap());
        let migrations: Vec<crate::embed::EmbeddedMigration> = from_dir
            .set
            .files
            .values()
            .map(|f| crate::embed::EmbeddedMigration {
                tag: leak(f.tag.clone()),
                up_path: leak(f.up_path.display().to_string()),
                up: read(&f.up_path),
                down_path: "",
                down: f.down.as_ref().map(|d| read(&d.path)),
                snapshot_id: from_dir.set.snapshot_id(&f.tag).map(leak),
            })
            .collect();
        let embedded = Embedded {
            history_schema: "public",
            history_table: "strata_migrations",
            journal_path: "journal.json",
            journal: read(&root.join("journal.json")),
            migrations: Box::leak(migrations.into_boxed_slice()),
        };
        let from_binary = Migrations::from_embedded(&embedded).unwrap();
        assert_eq!(from_binary.tags(), from_dir.tags());
        assert_eq!(from_binary.history_table, from_dir.history_table);
        assert_eq!(from_binary.set.journal, from_dir.set.journal);
        for (tag, file) in &from_dir.set.files {
            let embedded = &from_binary.set.files[tag];
            assert_eq!(embedded.up_sha256, file.up_sha256, "{tag}");
            assert_eq!(
                embedded.down.as_ref().map(|d| &d.sha256),
                file.down.as_ref().map(|d| &d.sha256)
            );
            assert!(from_dir.set.snapshot_id(tag).is_some(), "{tag}");
            assert_eq!(
                from_binary.set.snapshot_id(tag),
                from_dir.set.snapshot_id(tag)
            );
        }
    }
}
