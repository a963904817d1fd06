//! `strata generate`: diff schema/ against the last snapshot and write the next migration (up
//! and down SQL), its snapshot and its journal entry, all or nothing.
//!
//! It holds the project lock while it works, and refuses to build on a history that `check`
//! rejects (other than by pending schema changes, which are what it is for).
//!
//! Never drops data silently: an unhinted drop + add of the same shape is asked about on a
//! terminal and refused elsewhere, and so is a migration with a `deletes-data` hazard, unless
//! `--allow-destructive` is given.

use crate::commands::{Outcome, ask};
use crate::config::Project;
use crate::diff::{self, Change, DiffOptions, RenameQuestion};
use crate::error::{check_failed, input_error};
use crate::lint::Hazard;
use crate::migrate::check::{Problem, Snapshots, check_history};
use crate::migrate::checksum::text_sha256;
use crate::migrate::files::{down_path, up_path, write_all};
use crate::migrate::journal::{Journal, JournalEntry, make_tag, now_rfc3339};
use crate::migrate::project_lock::{self, ProjectLock};
use crate::progress::{Verbosity, verbosity};
use crate::schema::snapshot::Snapshot;
use crate::schema::{ParsedSchema, Schema};
use crate::style::{self, Tone};
use anyhow::{Context, Result};
use std::cell::RefCell;

/// `generate`'s flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub name: String,
    pub allow_destructive: bool,
    pub dry_run: bool,
}

/// Runs `generate`.
pub fn run(project: &Project, options: &Options) -> Result<Outcome> {
    // Held from reading the journal to writing it: a second `generate` waits, then finds the
    // migration this one wrote. A dry run writes nothing and takes no lock.
    let _lock = if options.dry_run {
        None
    } else {
        Some(take_project_lock(project, "generate")?)
    };
    // The history (checked as `check` checks it) and the schema are independent: read them on
    // two threads.
    let (history, parsed) = super::join(
        || check_history(project, Snapshots::Last),
        || load_schema(project),
    );
    let parsed = parsed?;
    let history = history?;
    let journal = history.journal().clone();
    let next_idx = journal.next_idx()?;
    refuse_a_broken_history(history.problems(), options.dry_run)?;
    let (previous, prev_id) = match journal.entries.last() {
        None => (Schema::default(), None),
        Some(entry) => {
            let snapshot = history.into_last_snapshot().ok_or_else(|| {
                check_failed(format!(
                    "the snapshot of the last migration {} cannot be read (run `strata check`)",
                    entry.tag
                ))
            })?;
            (snapshot.schema, Some(snapshot.id))
        }
    };
    if parsed.schema.equivalent(&previous) {
        no_changes(&journal)?;
        return Ok(Outcome::Success);
    }
    let tag = make_tag(next_idx, &options.name);
    // The snapshot's JSON (and its id, a hash of the model) depends on neither the diff nor the
    // SQL: build it on a second thread meanwhile. Wasted on a refusal, which is not the common
    // case.
    let ((snapshot_json, snapshot_sha256), planned) = super::join(
        || {
            let json = Snapshot::json_of(&parsed.schema, prev_id.as_deref());
            let sha256 = text_sha256(&json);
            (json, sha256)
        },
        || {
            plan_changes(&previous, &parsed, options).map(|changes| {
                let context = crate::sql::Context::new(&[&previous, &parsed.schema]);
                let sql = crate::sql::render_migration(&tag, &changes, &context);
                (changes, sql)
            })
        },
    );
    let (changes, sql) = planned?;
    if changes.is_empty() {
        no_changes(&journal)?;
        return Ok(Outcome::Success);
    }
    if options.dry_run {
        return print_dry_run(&sql.up, &sql.hazards, options.allow_destructive, "generate");
    }
    confirm_destructive(&sql.hazards, options.allow_destructive, Action::Write)?;
    for hazard in &sql.hazards {
        eprintln!("{}: {hazard}", style::err(Tone::Warn, "hazard"));
    }
    let mut journal = journal;
    journal.entries.push(JournalEntry {
        idx: next_idx,
        tag: tag.clone(),
        created_at: now_rfc3339(),
        up_sha256: text_sha256(&sql.up),
        down_sha256: text_sha256(&sql.down),
        snapshot_sha256,
        transactional: sql.transactional,
    });
    let up = up_path(&project.migrations_dir, &tag);
    let exceeds_lock_table = sql.exceeds_lock_table();
    let snapshot_path = project.snapshots_dir.join(format!("{tag}.json"));
    write_all(&[
        (up.clone(), sql.up),
        (down_path(&project.migrations_dir, &tag), sql.down),
        (snapshot_path, snapshot_json),
        (project.journal.clone(), journal.to_json()),
    ])?;
    if verbosity() > Verbosity::Quiet {
        outln!(
            "Wrote {tag}: {}{} ({}).",
            style::count(changes.len(), "change"),
            if sql.transactional {
                ""
            } else if exceeds_lock_table {
                ", non-transactional: too many locks for one transaction (see the lock-table hazard)"
            } else {
                ", non-transactional: an enum value is added and used in the same migration"
            },
            up.display()
        );
        for line in change_lines(&changes) {
            outln!("  {line}");
        }
    }
    super::free_in_background((parsed, previous, changes));
    Ok(Outcome::Success)
}

/// Takes the project lock, saying so when another strata holds it and when leftovers of an
/// interrupted run are removed.
pub(crate) fn take_project_lock(project: &Project, command: &str) -> Result<ProjectLock> {
    let lock = project_lock::acquire(project, &mut || {
        eprintln!("strata {command}: waiting for another strata to finish writing the project...");
    })?;
    for path in &lock.removed {
        eprintln!(
            "removed {}, a temporary file left by an interrupted strata",
            path.display()
        );
    }
    Ok(lock)
}

/// Refuses to build on a history that `check` rejects (a dry run only warns).
fn refuse_a_broken_history(problems: &[Problem], dry_run: bool) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = problems
        .iter()
        .map(|p| format!("  {}", p.message))
        .collect();
    if dry_run {
        eprintln!(
            "warning: `strata check` rejects the history; `generate` will not write on it:\n{}",
            list.join("\n")
        );
        return Ok(());
    }
    Err(check_failed(format!(
        "refusing to generate on a history that `strata check` rejects; fix these first:\n{}",
        list.join("\n")
    )))
}

/// A dry run's output: the SQL on stdout, its hazards on stderr, and whether the real run
/// would need `--allow-destructive`. Nothing is asked and nothing is refused.
pub(crate) fn print_dry_run(
    sql: &str,
    hazards: &[Hazard],
    allow_destructive: bool,
    command: &str,
) -> Result<Outcome> {
    for hazard in hazards {
        eprintln!("{}: {hazard}", style::err(Tone::Warn, "hazard"));
    }
    if !allow_destructive && hazards.iter().any(Hazard::is_destructive) {
        eprintln!(
            "note: this deletes data; `strata {command}` asks first on a terminal and elsewhere \
             needs --allow-destructive"
        );
    }
    outln!("{}", sql.trim_end());
    Ok(Outcome::Success)
}

/// Changes above this many are summarised by kind unless `-v` is given.
const LISTED_CHANGES: usize = 20;

/// One line per change, or for a large migration one per kind of change ("2,000 tables
/// added"); `-v` lists every change.
fn change_lines(changes: &[Change]) -> Vec<String> {
    if changes.len() <= LISTED_CHANGES || verbosity() == Verbosity::Verbose {
        return changes.iter().map(Change::to_string).collect();
    }
    // A handful of kinds: a list searched in place, one description buffer for every change.
    let mut counts: Vec<(String, &str, usize)> = Vec::new();
    let mut description = String::new();
    for change in changes {
        diff::describe::write_unescaped(change, &mut description);
        let (kind, action) = kind_and_action(&description);
        match counts
            .iter_mut()
            .find(|(k, a, _)| k == kind && *a == action)
        {
            Some((_, _, n)) => *n += 1,
            None => counts.push((kind.to_string(), action, 1)),
        }
    }
    counts.sort_unstable_by(|(k1, a1, _), (k2, a2, _)| (k1, a1).cmp(&(k2, a2)));
    let mut lines: Vec<String> = counts
        .into_iter()
        .map(|(kind, action, n)| format!("{} {action}", style::count(n, &kind)))
        .collect();
    lines.push("(-v lists every change)".to_string());
    lines
}

/// The kind of object and what happens to it, from a change's description
/// ("index t.i: added" is ("index", "added"), "column t.c: type a -> b" is ("column",
/// "changed")).
fn kind_and_action(description: &str) -> (&str, &'static str) {
    let (head, tail) = description.split_once(": ").unwrap_or((description, ""));
    let mut words = head.split(' ');
    let first = words.next().unwrap_or_default();
    let kind = match (first, words.next()) {
        // Two words, as written: "primary key", "foreign key".
        ("primary" | "foreign", Some(second)) => &head[..first.len() + 1 + second.len()],
        _ => first,
    };
    let action = match tail.split(' ').next().unwrap_or_default() {
        "added" => "added",
        "removed" => "removed",
        "renamed" => "renamed",
        _ => "changed",
    };
    (kind, action)
}

fn no_changes(journal: &Journal) -> Result<()> {
    match journal.entries.last() {
        Some(entry) => outln!("No changes: schema/ matches snapshot {}.", entry.tag),
        None => outln!("No changes: schema/ is empty and there is no history yet."),
    }
    Ok(())
}

/// Diffs, asking about possible renames on a terminal. The end of input before every question
/// is answered stops with exit 1 and writes nothing.
pub(crate) fn plan_changes(
    previous: &Schema,
    parsed: &ParsedSchema,
    options: &Options,
) -> Result<Vec<Change>> {
    // The first question left unanswered (end of input); later ones are then not asked.
    let unanswered: RefCell<Option<String>> = RefCell::new(None);
    let ask = |question: &RenameQuestion| {
        if unanswered.borrow().is_some() {
            return false;
        }
        let what = question.to_string();
        ask::rename(&what, &question.from, &question.to).unwrap_or_else(|| {
            *unanswered.borrow_mut() = Some(what);
            false
        })
    };
    let decide: Option<&dyn Fn(&RenameQuestion) -> bool> =
        if ask::interactive() { Some(&ask) } else { None };
    let diff_options = DiffOptions {
        allow_destructive: options.allow_destructive,
        decide_rename: decide,
    };
    let changes = diff::diff(previous, &parsed.schema, &parsed.hints, &diff_options)
        .map_err(|e| check_failed(e.to_string()))?;
    if let Some(question) = unanswered.into_inner() {
        return Err(check_failed(format!(
            "stopped: no answer to {question:?}; nothing was changed"
        )));
    }
    Ok(changes)
}

/// What happens to changes once confirmed: `generate` writes them, `push` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Write,
    Apply,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Write => "write",
            Action::Apply => "apply",
        }
    }

    fn not_done(self) -> &'static str {
        match self {
            Action::Write => "not written",
            Action::Apply => "not applied",
        }
    }
}

/// Refuses changes that delete data unless allowed: asks on a terminal (Enter: no), exit 1
/// elsewhere.
pub(crate) fn confirm_destructive(hazards: &[Hazard], allowed: bool, action: Action) -> Result<()> {
    let destructive: Vec<&Hazard> = hazards.iter().filter(|h| h.is_destructive()).collect();
    if destructive.is_empty() || allowed {
        return Ok(());
    }
    let list: Vec<String> = destructive
        .iter()
        .map(|h| format!("  {}", h.message))
        .collect();
    let heading = match action {
        Action::Write => "the migration deletes data",
        Action::Apply => "the changes delete data",
    };
    if ask::interactive() {
        eprintln!(
            "{}:\n{}",
            style::err(Tone::Bad, &capitalise(heading)),
            list.join("\n")
        );
        let question = format!("{} it anyway?", capitalise(action.verb()));
        if ask::confirm(&question, false) == Some(true) {
            return Ok(());
        }
        return Err(check_failed(format!("{}: {heading}", action.not_done())));
    }
    Err(check_failed(format!(
        "{}: {heading}:\n{}\nPass --allow-destructive to {} it anyway.",
        action.not_done(),
        list.join("\n"),
        action.verb()
    )))
}

/// `text` with its first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses schema/, printing warnings to stderr; diagnostics become the error (exit 2).
pub fn load_schema(project: &Project) -> Result<ParsedSchema> {
    if !project.schema_dir.is_dir() {
        let what_to_do = if project.root.join(crate::config::CONFIG_FILE).is_file() {
            "create it, or set schema_dir in strata.toml"
        } else {
            "run `strata init` to start a project here, or pass -C DIR to use one elsewhere"
        };
        return Err(input_error(format!(
            "{}: no schema directory ({what_to_do})",
            project.schema_dir.display()
        )));
    }
    let parsed = crate::schema::parse::load_dir(&project.schema_dir)?;
    for warning in &parsed.warnings {
        eprintln!("{}: {warning}", style::err(Tone::Warn, "warning"));
    }
    Ok(parsed)
}

/// The model after the last migration in the journal, and its snapshot id; the empty model and
/// no id when there is no history yet.
pub fn last_state(project: &Project, journal: &Journal) -> Result<(Schema, Option<String>)> {
    let Some(entry) = journal.entries.last() else {
        return Ok((Schema::default(), None));
    };
    let path = project.snapshots_dir.join(format!("{}.json", entry.tag));
    let snapshot = Snapshot::load(&path).with_context(|| {
        format!(
            "loading the snapshot of the last migration {} (run `strata check`)",
            entry.tag
        )
    })?;
    Ok((snapshot.schema, Some(snapshot.id)))
}

#[cfg(test)]
mod tests {
    use super::kind_and_action;

    #[test]
    fn descriptions_are_counted_by_their_kind_and_action() {
        for (description, expected) in [
            ("table public.t: added", ("table", "added")),
            ("primary key t.t_pkey: removed", ("primary key", "removed")),
            (
                "foreign key t.t_a_fkey: renamed to t_b_fkey",
                ("foreign key", "renamed"),
            ),
            ("column t.c: type text -> integer", ("column", "changed")),
            ("enum kind", ("enum", "changed")),
        ] {
            assert_eq!(kind_and_action(description), expected, "{description}");
        }
    }
}
