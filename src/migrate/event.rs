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
    Up,
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
        holders: &'a [Holder],
        waited: Duration,
        limit: Duration,
    },
    /// A statement waits for a lock these sessions hold.
    Blocked { holders: &'a [Holder] },
    /// What the run will do, once the history was read; empty when there is nothing to do.
    Planned {
        direction: Direction,
        plans: &'a [MigrationPlan],
    },
    /// A migration starts (or resumes, when `plan.resume_from` > 0).
    Started {
        plan: &'a MigrationPlan,
        /// Its position in the run (from 1) and the run's number of migrations.
        position: usize,
        of: usize,
    },
    /// A statement finished: `done` of the migration's statements are done.
    Statement {
        tag: &'a str,
        done: usize,
        total: usize,
    },
    /// Undoing a migration that stopped halfway: a down statement was skipped because the
    /// object it touches was never created (or never dropped) by the up.
    Skipped {
        tag: &'a str,
        line: usize,
        statement: &'a str,
        reason: &'a str,
    },
    /// A migration finished.
    Finished {
        plan: &'a MigrationPlan,
        elapsed: Duration,
    },
}
