//! The errors of [`Migrator`](super::Migrator): typed where an application decides what to do
//! (a checksum mismatch, a failed statement, a lock that was not granted), a message
//! everywhere else. No variant ever holds a password: connection strings are shown masked,
//! as the command line shows them.

use crate::migrate::execute::StatementFailed;
use crate::migrate::lock::LockTimeout;
use crate::migrate::refusal::Refused;
use std::fmt;

/// Why migrating (or reading the migrations) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The migrations could not be read: a missing or malformed journal, a migration file
    /// whose name is not `NNNN_name.up.sql`, a file that is not UTF-8, a bad `strata.toml`.
    /// Nothing was run.
    Project(String),
    /// The target tag is not a migration of the journal. Nothing was run.
    UnknownTarget(String),
    /// The files do not match the database's history or the journal: an applied migration
    /// was edited (a checksum mismatch), a pending one differs from the journal, a file is
    /// missing, the database applied a migration the journal does not know. Every problem
    /// is listed; nothing was run.
    Refused(Refused),
    /// A statement of a migration failed: the migration, the statement's number and line,
    /// PostgreSQL's message and code. Migrations before it stay applied; a transactional
    /// migration left nothing behind, a non-transactional one resumes at the failed step on
    /// the next run.
    Statement(Box<StatementFailed>),
    /// Another runner held the migration lock for longer than the lock timeout (or a lock
    /// the runner's own statements need, such as the history table's).
    LockTimeout(LockTimeout),
    /// Connecting to or talking to the database failed, or the history could not be
    /// written: the message names the step, and the database with its password masked.
    Database(String),
}

impl Error {
    /// True when the run was refused because a checksum does not match: an applied
    /// migration was edited, or a pending file differs from the journal.
    pub fn is_checksum_mismatch(&self) -> bool {
        match self {
            Error::Refused(refused) => refused.problems.iter().any(|p| p.is_checksum_mismatch()),
            _ => false,
        }
    }

    /// Sorts an error of the runner (or of reading the migrations, with `reading` true) into
    /// its kind. The message keeps every context of the chain.
    pub(crate) fn from_runner(error: anyhow::Error, reading: bool) -> Error {
        for cause in error.chain() {
            if let Some(refused) = cause.downcast_ref::<Refused>() {
                return Error::Refused(refused.clone());
            }
            if let Some(failed) = cause.downcast_ref::<StatementFailed>() {
                return Error::Statement(Box::new(failed.clone()));
            }
        }
        // A lock timeout is a context over PostgreSQL's own error: look for it by downcast
        // (anyhow finds context values too), not only along the chain of sources.
        if let Some(timeout) = error.downcast_ref::<LockTimeout>() {
            return Error::LockTimeout(timeout.clone());
        }
        let message = format!("{error:#}");
        let input = error.chain().any(|cause| {
            cause.is::<crate::error::InputError>() || cause.is::<crate::schema::Diagnostics>()
        });
        if reading || input {
            Error::Project(message)
        } else {
            Error::Database(message)
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Project(message) | Error::Database(message) => f.write_str(message),
            Error::UnknownTarget(tag) => {
                write!(f, "target {tag}: no such migration in the journal")
            }
            Error::Refused(refused) => refused.fmt(f),
            Error::Statement(failed) => failed.fmt(f),
            Error::LockTimeout(timeout) => timeout.fmt(f),
        }
    }
}

/// The variants hold the whole message (match on them for the details), so there is no
/// separate source to print twice.
impl std::error::Error for Error {}
