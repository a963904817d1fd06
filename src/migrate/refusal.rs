//! Why the runner refuses to start: the files no longer match what the database applied or
//! what the journal says. Found before anything runs, all at once, as typed values that an
//! application can match on and the command line prints (exit 1).

use std::fmt;
use std::path::PathBuf;

/// One reason not to migrate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An applied migration's up file changed since it was applied (a checksum mismatch).
    Edited {
        /// The migration.
        tag: String,
        /// The SHA-256 the history table recorded when it was applied.
        applied_sha256: String,
        /// The SHA-256 of the file now.
        file_sha256: String,
        /// The up file.
        file: PathBuf,
    },
    /// A pending migration's up file differs from the journal's checksum: a hand-written
    /// migration edited without `strata hash`, or a file changed by accident.
    NotHashed {
        /// The migration.
        tag: String,
        /// The SHA-256 the journal lists.
        journal_sha256: String,
        /// The SHA-256 of the file now.
        file_sha256: String,
        /// The up file.
        file: PathBuf,
    },
    /// The database applied a migration the journal does not list (another branch's).
    UnknownToJournal {
        /// The migration, as the history table names it.
        tag: String,
    },
    /// An applied migration's file is missing.
    AppliedFileMissing {
        /// The migration.
        tag: String,
    },
    /// A pending migration's file is missing.
    PendingFileMissing {
        /// The migration.
        tag: String,
    },
    /// A rollback of the migration stopped halfway: `strata rollback` must finish it first.
    PartlyRolledBack {
        /// The migration.
        tag: String,
        /// Down statements that ran.
        down_statements_done: i32,
        /// Why the rollback stopped.
        error: String,
    },
}

impl Refusal {
    /// The migration concerned.
    pub fn tag(&self) -> &str {
        match self {
            Refusal::Edited { tag, .. }
            | Refusal::NotHashed { tag, .. }
            | Refusal::UnknownToJournal { tag }
            | Refusal::AppliedFileMissing { tag }
            | Refusal::PendingFileMissing { tag }
            | Refusal::PartlyRolledBack { tag, .. } => tag,
        }
    }

    /// True for a checksum that does not match (an edited applied migration, or a pending
    /// one that differs from the journal).
    pub fn is_checksum_mismatch(&self) -> bool {
        matches!(self, Refusal::Edited { .. } | Refusal::NotHashed { .. })
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Edited {
                tag,
                applied_sha256,
                file_sha256,
                file,
            } => write!(
                f,
                "{tag} was edited after it was applied: applied sha256 {applied_sha256}, file \
                 sha256 {file_sha256} ({}). An applied migration must not be edited: revert the \
                 file to what was applied, and put the change in a new migration (`strata \
                 generate`, or `strata new` for hand-written SQL)",
                file.display()
            ),
            Refusal::NotHashed {
                journal_sha256,
                file_sha256,
                file,
                ..
            } => write!(
                f,
                "{} differs from the journal (journal sha256 {journal_sha256}, file sha256 \
                 {file_sha256}): run `strata hash` after editing a hand-written migration that \
                 no database has applied",
                file.display()
            ),
            Refusal::UnknownToJournal { tag } => write!(
                f,
                "{tag} is applied in the database but unknown to the journal (applied from \
                 another branch?)"
            ),
            Refusal::AppliedFileMissing { tag } => {
                write!(
                    f,
                    "{tag} is applied in the database but its file is missing"
                )
            }
            Refusal::PendingFileMissing { tag } => write!(f, "{tag}: file missing"),
            Refusal::PartlyRolledBack {
                tag,
                down_statements_done,
                error,
            } => write!(
                f,
                "{tag} is partly rolled back ({down_statements_done} of its down statements ran; \
                 it stopped: {error}): run `strata rollback` to finish rolling it back, then \
                 `strata migrate`"
            ),
        }
    }
}

/// Every reason found not to migrate; nothing ran. Exit code 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Every problem found, in journal order (applied migrations first).
    pub problems: Vec<Refusal>,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("refusing to migrate:")?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Refused {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_listed_under_one_heading() {
        let refused = Refused {
            problems: vec![
                Refusal::UnknownToJournal {
                    tag: "0003_x".into(),
                },
                Refusal::Edited {
                    tag: "0001_a".into(),
                    applied_sha256: "aaa".into(),
                    file_sha256: "bbb".into(),
                    file: "migrations/0001_a.up.sql".into(),
                },
            ],
        };
        let text = refused.to_string();
        assert!(
            text.starts_with("refusing to migrate:\n  0003_x is applied"),
            "{text}"
        );
        assert!(
            text.contains("\n  0001_a was edited after it was applied: applied sha256 aaa, file sha256 bbb (migrations/0001_a.up.sql)"),
            "{text}"
        );
        assert!(refused.problems[1].is_checksum_mismatch());
        assert!(!refused.problems[0].is_checksum_mismatch());
        assert_eq!(refused.problems[1].tag(), "0001_a");
    }
}
