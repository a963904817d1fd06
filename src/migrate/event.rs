//! What the runner reports while it works. The runner never prints: it hands these events to
//! a callback, and the command line renders them (a bar on a terminal, plain lines elsewhere,
//! nothing with `-q`).

use crate::migrate::plan::MigrationPlan;
use crate::migrate::session::Holder;
use std::time::Duration;

/// The callback a run reports its events to. `Send`, so that the future of a run is `Send`
/// and an application can await it on any task.
pub type Events<'e> = dyn FnMut(Event) + Send + 'e;

/// Which way migrations run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Applying (`migrate`).
    Up,
    /// Rolling back (`rollback`).
    Down,
}

impl Direction {
    /// "up" or "down", as in the file names.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// One thing that happened during a run.
#[derive(Debug)]
pub enum Event<'a> {
    /// The migration lock is taken by another session; the runner polls until `limit`.
    WaitingForLock {
        /// The sessions holding it, as last seen.
        holders: &'a [Holder],
        /// How long the runner has waited so far.
        waited: Duration,
        /// The lock timeout.
        limit: Duration,
    },
    /// A statement waits for a lock these sessions hold.
    Blocked {
        /// The sessions in the way.
        holders: &'a [Holder],
    },
    /// What the run will do, once the history was read; empty when there is nothing to do.
    Planned {
        /// Applying or rolling back.
        direction: Direction,
        /// The migrations to run, in order.
        plans: &'a [MigrationPlan],
    },
    /// A migration starts (or resumes, when `plan.resume_from` > 0).
    Started {
        /// The migration's plan.
        plan: &'a MigrationPlan,
        /// Its position in the run, from 1.
        position: usize,
        /// The run's number of migrations.
        of: usize,
    },
    /// A statement finished: `done` of the migration's statements are done.
    Statement {
        /// The migration.
        tag: &'a str,
        /// Its statements done so far.
        done: usize,
        /// Its statements in all.
        total: usize,
    },
    /// Undoing a migration that stopped halfway: a down statement was skipped because the
    /// object it touches was never created (or never dropped) by the up.
    Skipped {
        /// The migration.
        tag: &'a str,
        /// The line of the down file the statement starts on.
        line: usize,
        /// The statement's SQL.
        statement: &'a str,
        /// PostgreSQL's message ("relation ... does not exist").
        reason: &'a str,
    },
    /// A migration finished.
    Finished {
        /// The migration's plan.
        plan: &'a MigrationPlan,
        /// How long it took.
        elapsed: Duration,
    },
}
