//! What a run will do, migration by migration: the statements, where it starts (a migration
//! that stopped halfway resumes), and how they are grouped into transactions. `migrate` and
//! `rollback` plan the same way, execute the same plan, and print it for `--dry-run`.

use crate::migrate::event::Direction;
use crate::migrate::files::MigrationFile;
use crate::migrate::history::Applied;
use crate::migrate::journal::JournalEntry;
use crate::migrate::split::{
    Batch, SqlStatement, adds_enum_value, has_no_transaction_marker, needs_no_transaction,
    plan_batches, split,
};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Statements per transaction in a batched migration: at about six locks per statement (a
/// table, its TOAST table and index, its key indexes), far below the 6,400 a default server's
/// lock table holds, and few enough commits that batching costs little over one transaction.
pub const BATCH_STATEMENTS: usize = 100;

/// How a migration's statements are grouped into transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every statement and the history change in one transaction: all or nothing.
    OneTransaction,
    /// Transactions of up to [`BATCH_STATEMENTS`], each committed with the progress it
    /// reaches; a statement that refuses a transaction runs alone outside one.
    Batches,
    /// Each statement on its own outside any transaction, as a `-- strata:no-transaction`
    /// line asks.
    OneAtATime,
}

impl Mode {
    /// How the mode is described to the user.
    pub fn describe(self) -> String {
        match self {
            Mode::OneTransaction => "one transaction".to_string(),
            Mode::Batches => {
                format!("non-transactional, in transactions of up to {BATCH_STATEMENTS} statements")
            }
            Mode::OneAtATime => "non-transactional, one statement at a time".to_string(),
        }
    }
}

/// A rollback of a migration whose up stopped halfway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialUp {
    /// Up statements that were committed.
    pub done: usize,
    /// Statements in the up file.
    pub total: usize,
}

/// One migration of a run.
#[derive(Debug, Clone)]
pub struct MigrationPlan {
    /// The migration's journal entry.
    pub entry: JournalEntry,
    /// Applying or rolling back.
    pub direction: Direction,
    /// The file the statements come from (for messages).
    pub path: PathBuf,
    /// Every statement of the file, in order.
    pub statements: Vec<SqlStatement>,
    /// How the statements are grouped into transactions.
    pub mode: Mode,
    /// The first statement to run: later than 0 when an earlier run stopped halfway.
    pub resume_from: usize,
    /// `statements[resume_from..]`, grouped as they will run.
    pub steps: Vec<Batch>,
    /// Why the earlier run stopped, when this one resumes it.
    pub stopped: Option<String>,
    /// Down only, when the up stopped halfway: down statements whose objects the up never
    /// created (or never dropped) are skipped. With `done == 0` nothing runs at all.
    pub partial_up: Option<PartialUp>,
    /// The up file's SHA-256, which the history row records.
    pub up_sha256: String,
    /// The id of the snapshot the migration produces, which the history row records (up
    /// only).
    pub snapshot_id: Option<String>,
}

impl MigrationPlan {
    /// The statements that will run.
    pub fn pending_statements(&self) -> usize {
        self.steps.iter().map(|s| s.range.len()).sum()
    }

    /// True for a rollback of a migration of which nothing was applied: only its history
    /// row goes.
    pub fn only_forgets(&self) -> bool {
        self.partial_up.is_some_and(|p| p.done == 0)
    }
}

/// The plan to apply `file` from statement `resume_from` (0 for a pending migration).
pub fn up(
    entry: &JournalEntry,
    file: &MigrationFile,
    row: Option<&Applied>,
    snapshot_id: Option<String>,
) -> MigrationPlan {
    let statements = split(&file.up_sql);
    let resume_from = row
        .map(|r| (r.statements_done.max(0) as usize).min(statements.len()))
        .unwrap_or(0);
    let mode = if entry.transactional && resume_from == 0 {
        Mode::OneTransaction
    } else if has_no_transaction_marker(&file.up_sql) {
        Mode::OneAtATime
    } else {
        Mode::Batches
    };
    MigrationPlan {
        steps: steps(&statements, mode, resume_from),
        entry: entry.clone(),
        direction: Direction::Up,
        path: file.up_path.clone(),
        statements,
        mode,
        resume_from,
        stopped: row.and_then(|r| r.error.clone()),
        partial_up: None,
        up_sha256: file.up_sha256.clone(),
        snapshot_id,
    }
}

/// The plan to roll back the applied migration `row` with `down_sql` (from `down_path`).
/// A rollback that stopped halfway resumes; an up that stopped halfway is undone leniently.
pub fn down(
    entry: &JournalEntry,
    file: &MigrationFile,
    down_path: PathBuf,
    down_sql: &str,
    row: &Applied,
) -> MigrationPlan {
    let statements = split(down_sql);
    let up_total = split(&file.up_sql).len();
    let up_done = (row.statements_done.max(0) as usize).min(up_total);
    let partial_up = (row.error.is_some() && up_done < up_total).then_some(PartialUp {
        done: up_done,
        total: up_total,
    });
    let resume_from = row
        .down_statements_done
        .map(|d| (d.max(0) as usize).min(statements.len()))
        .unwrap_or(0);
    let marker = has_no_transaction_marker(&file.up_sql) || has_no_transaction_marker(down_sql);
    let needs_batches = !entry.transactional
        || needs_no_transaction(down_sql)
        || uses_an_added_enum_value(&statements);
    let mode = if marker {
        Mode::OneAtATime
    } else if needs_batches || resume_from > 0 {
        Mode::Batches
    } else {
        Mode::OneTransaction
    };
    let steps = if partial_up.is_some_and(|p| p.done == 0) {
        Vec::new()
    } else {
        steps(&statements, mode, resume_from)
    };
    MigrationPlan {
        entry: entry.clone(),
        direction: Direction::Down,
        path: down_path,
        statements,
        mode,
        resume_from,
        steps,
        stopped: row
            .down_statements_done
            .is_some()
            .then(|| row.error.clone())
            .flatten(),
        partial_up,
        up_sha256: row.up_sha256.clone(),
        snapshot_id: None,
    }
}

/// A value added to an enum cannot be used in the transaction that added it: a down file
/// with an `ADD VALUE` before other statements runs in batches, cut after it.
fn uses_an_added_enum_value(statements: &[SqlStatement]) -> bool {
    statements
        .iter()
        .rev()
        .skip(1)
        .any(|s| adds_enum_value(&s.sql))
}

/// `statements[from..]` grouped as `mode` runs them.
fn steps(statements: &[SqlStatement], mode: Mode, from: usize) -> Vec<Batch> {
    match mode {
        Mode::OneTransaction if from < statements.len() || statements.is_empty() => vec![Batch {
            range: from..statements.len(),
            in_transaction: true,
        }],
        Mode::OneTransaction => Vec::new(),
        Mode::Batches => plan_batches(statements, from, BATCH_STATEMENTS),
        Mode::OneAtATime => (from..statements.len())
            .map(|i| Batch {
                range: i..i + 1,
                in_transaction: false,
            })
            .collect(),
    }
}

/// One line saying what happens to the migration, e.g. `0003_x (up): resuming at statement 5
/// of 9; non-transactional, in transactions of up to 100 statements`.
pub fn headline(plan: &MigrationPlan) -> String {
    let total = plan.statements.len();
    let mut line = format!("{} ({})", plan.entry.tag, plan.direction.word());
    if let Some(partial) = plan.partial_up {
        if partial.done == 0 {
            line.push_str(&format!(
                ": its up stopped before any of its {} statements was applied; only its history \
                 row is removed",
                partial.total
            ));
            return line;
        }
        line.push_str(&format!(
            ": its up stopped after {} of {} statements; down statements whose objects it \
             never reached are skipped",
            partial.done, partial.total
        ));
    }
    if plan.resume_from > 0 {
        line.push_str(&format!(
            "{} resuming at statement {} of {total}",
            if plan.partial_up.is_some() { ";" } else { ":" },
            plan.resume_from + 1
        ));
    }
    let sep = if plan.partial_up.is_some() || plan.resume_from > 0 {
        ";"
    } else {
        ":"
    };
    line.push_str(&format!("{sep} {}", plan.mode.describe()));
    line
}

/// The SQL of a run, in the order and the transactions it runs in, for `--dry-run`. Lines
/// that are not SQL to run are comments, so the output can be read by psql.
pub fn to_sql(plans: &[MigrationPlan]) -> String {
    let mut out = String::new();
    for plan in plans {
        let _ = writeln!(out, "-- {}", headline(plan));
        if let Some(stopped) = &plan.stopped {
            let _ = writeln!(out, "-- the last run stopped: {}", comment_text(stopped));
        }
        for step in &plan.steps {
            let statements = &plan.statements[step.range.clone()];
            if step.in_transaction {
                out.push_str("BEGIN;\n");
            } else {
                out.push_str("-- outside a transaction\n");
            }
            for statement in statements {
                out.push_str(&statement.sql);
                out.push_str(";\n");
            }
            if step.in_transaction {
                out.push_str("COMMIT;\n");
            }
        }
        out.push('\n');
    }
    out
}

/// Text made safe for one `--` comment line: line breaks become spaces.
fn comment_text(text: &str) -> String {
    text.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(transactional: bool) -> JournalEntry {
        JournalEntry {
            idx: 0,
            tag: "0000_x".into(),
            created_at: String::new(),
            up_sha256: String::new(),
            down_sha256: String::new(),
            snapshot_sha256: String::new(),
            transactional,
        }
    }

    fn file(up: &str) -> MigrationFile {
        MigrationFile {
            idx: 0,
            tag: "0000_x".into(),
            up_path: "0000_x.up.sql".into(),
            up_sql: up.into(),
            up_sha256: String::new(),
            down: None,
        }
    }

    fn applied(done: i32, error: Option<&str>, down_done: Option<i32>) -> Applied {
        Applied {
            idx: 0,
            tag: "0000_x".into(),
            up_sha256: String::new(),
            snapshot_id: None,
            applied_at: String::new(),
            duration_ms: 0,
            applied_by: String::new(),
            statements_done: done,
            error: error.map(str::to_string),
            down_statements_done: down_done,
        }
    }

    const UP: &str = "CREATE TABLE a ();\nCREATE TABLE b ();\nCREATE TABLE c ();\n";
    const DOWN: &str = "DROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n";

    #[test]
    fn a_transactional_migration_is_one_step() {
        let plan = up(&entry(true), &file(UP), None, None);
        assert_eq!(plan.mode, Mode::OneTransaction);
        assert_eq!(plan.steps.len(), 1);
        assert_eq!(plan.steps[0].range, 0..3);
        let sql = to_sql(&[plan]);
        assert!(
            sql.starts_with("-- 0000_x (up): one transaction\nBEGIN;\nCREATE TABLE a ();\n"),
            "{sql}"
        );
    }

    #[test]
    fn a_stopped_migration_resumes_where_it_stopped() {
        let row = applied(2, Some("boom"), None);
        let plan = up(&entry(false), &file(UP), Some(&row), None);
        assert_eq!(plan.resume_from, 2);
        assert_eq!(plan.steps[0].range, 2..3);
        assert_eq!(plan.stopped.as_deref(), Some("boom"));
        assert!(headline(&plan).contains("resuming at statement 3 of 3"));
    }

    #[test]
    fn a_down_file_that_refuses_a_transaction_runs_in_steps() {
        let down_sql = "DROP INDEX CONCURRENTLY i;\nDROP TABLE a;\n";
        let plan = down(
            &entry(true),
            &file(UP),
            "d".into(),
            down_sql,
            &applied(3, None, None),
        );
        assert_eq!(plan.mode, Mode::Batches);
        assert_eq!(
            plan.steps,
            vec![
                Batch {
                    range: 0..1,
                    in_transaction: false
                },
                Batch {
                    range: 1..2,
                    in_transaction: true
                }
            ]
        );
    }

    #[test]
    fn a_rollback_of_a_non_transactional_migration_is_batched_and_resumes() {
        let plan = down(
            &entry(false),
            &file(UP),
            "d".into(),
            DOWN,
            &applied(3, Some("x"), Some(1)),
        );
        assert_eq!(plan.mode, Mode::Batches);
        assert_eq!(plan.resume_from, 1);
        assert_eq!(plan.partial_up, None, "the up was complete");
        assert_eq!(plan.steps[0].range, 1..3);
    }

    #[test]
    fn undoing_a_stopped_up_is_partial_and_nothing_runs_when_nothing_was_applied() {
        let plan = down(
            &entry(false),
            &file(UP),
            "d".into(),
            DOWN,
            &applied(1, Some("x"), None),
        );
        assert_eq!(plan.partial_up, Some(PartialUp { done: 1, total: 3 }));
        assert!(!plan.only_forgets());
        let plan = down(
            &entry(false),
            &file(UP),
            "d".into(),
            DOWN,
            &applied(0, Some("x"), None),
        );
        assert!(plan.only_forgets());
        assert!(plan.steps.is_empty());
    }
}
