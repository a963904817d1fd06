//! `strata verify [--json] [--fix-sql]`: the live database against the snapshot of its last
//! applied migration (read from the history table). Exit 0 when they match, 1 on drift with
//! every differing object named, a unified diff of the two schemas as TOML, and the SQL that
//! brings the database back.

use crate::cli::DbArgs;
use crate::commands::{Outcome, connect, json, runtime};
use crate::config::Project;
use crate::diff::{DiffOptions, diff};
use crate::introspect::{InspectOptions, canonicalize, inspect};
use crate::migrate::history;
use crate::progress::Progress;
use crate::schema::snapshot::Snapshot;
use crate::schema::{Schema, write};
use crate::style::{self, Stream, Tone};
use anyhow::{Context, Result};

/// The drift report; with `--json`, these fields sit inside the shared envelope.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    pub drift: bool,
    pub database: String,
    /// The last applied migration; `None` when nothing is applied (expected: empty).
    pub last_applied: Option<String>,
    /// One line per differing object, describing the database relative to the snapshot.
    pub differences: Vec<String>,
    /// Unified diff: expected (snapshot) vs actual (database), as TOML.
    pub toml_diff: String,
    /// SQL that turns the database back into the snapshot's schema.
    pub fix_sql: String,
    /// Objects of the database strata does not model (by kind and name): not compared, and
    /// not drift.
    pub unmanaged: Vec<crate::introspect::unmanaged::Unmanaged>,
}

/// Runs `verify`.
pub fn run(project: &Project, as_json: bool, fix_sql: bool, db: &DbArgs) -> Result<Outcome> {
    // Progress on stderr while it works (a large schema takes a while in the scratch
    // database); none for JSON or the bare SQL.
    let progress = Progress::new(as_json || fix_sql);
    let report = runtime()?.block_on(build_report(project, db, &progress));
    drop(progress);
    let report = report?;
    let expected = report
        .last_applied
        .as_deref()
        .unwrap_or("an empty schema (nothing applied)");
    if as_json {
        json::print("verify", !report.drift, &report)?;
    } else if fix_sql {
        outln!("{}", report.fix_sql);
    } else if !report.drift {
        outln!(
            "{}: {} matches {expected}",
            style::out(Tone::Good, "ok"),
            report.database
        );
    } else {
        outln!(
            "{}: {} differs from {expected}:",
            style::out(Tone::Bad, "drift"),
            report.database
        );
        for line in &report.differences {
            outln!("  {line}");
        }
        outln!("\n{}", colour_diff(&report.toml_diff));
        outln!("Run `strata verify --fix-sql` for the SQL that restores the expected schema.");
    }
    if !as_json
        && !fix_sql
        && let Some(summary) = crate::introspect::unmanaged::summary(&report.unmanaged)
    {
        outln!("not compared: {summary}");
    }
    Ok(if report.drift {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The unified diff with removed lines red and added lines green (on a coloured stdout).
fn colour_diff(diff: &str) -> String {
    if !style::enabled(Stream::Stdout) {
        return diff.to_string();
    }
    let mut out = String::with_capacity(diff.len() * 2);
    for line in diff.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let tone = match body.as_bytes().first() {
            _ if body.starts_with("---") || body.starts_with("+++") => Some(Tone::Dim),
            Some(b'-') => Some(Tone::Bad),
            Some(b'+') => Some(Tone::Good),
            Some(b'@') => Some(Tone::Dim),
            _ => None,
        };
        match tone {
            Some(tone) => out.push_str(&style::out(tone, body)),
            None => out.push_str(body),
        }
        out.push_str(end);
    }
    out
}

/// The drift report of the database `db` (also used by `docs`), its phases shown on `progress`.
pub(crate) async fn build_report(
    project: &Project,
    db: &DbArgs,
    progress: &Progress,
) -> Result<Report> {
    progress.task("verify: connecting", 0, None, "");
    let (client, target) = connect(project, db).await?;
    progress.task("verify: reading the history", 0, None, "");
    let applied = history::read(&client, &project.history_table).await?;
    let last = applied.iter().rev().find(|a| a.error.is_none());
    let expected = match last {
        None => Schema::default(),
        Some(row) => {
            let path = project.snapshots_dir.join(format!("{}.json", row.tag));
            let snapshot = Snapshot::load(&path)
                .with_context(|| format!("loading the snapshot of {}", row.tag))?;
            if row
                .snapshot_id
                .as_ref()
                .is_some_and(|id| id != &snapshot.id)
            {
                anyhow::bail!(
                    "{} has id {} but the database recorded {} when it applied {}: the snapshot \
                     file changed since (run `strata check`)",
                    path.display(),
                    snapshot.id,
                    row.snapshot_id.as_deref().unwrap_or(""),
                    row.tag
                );
            }
            snapshot.schema
        }
    };
    let options = InspectOptions {
        exclude_tables: crate::import::unmanaged_tables(project),
    };
    progress.task("verify: reading the database", 0, None, "");
    let actual = inspect(&client, &options).await?;
    let unmanaged = crate::introspect::unmanaged::unmanaged(&client).await?;
    progress.task(
        &format!(
            "verify: building the expected schema ({} tables) in a scratch database",
            expected.tables.len()
        ),
        0,
        None,
        "",
    );
    let expected = canonicalize(&client, &target, &expected).await?;
    progress.task("verify: comparing", 0, None, "");
    let mut report = compare(
        &expected,
        &actual,
        target.to_string(),
        last.map(|a| a.tag.clone()),
    );
    report.unmanaged = unmanaged;
    Ok(report)
}

/// The report for two canonical models.
pub fn compare(
    expected: &Schema,
    actual: &Schema,
    database: String,
    last: Option<String>,
) -> Report {
    let drift = !expected.equivalent(actual);
    let options = DiffOptions {
        allow_destructive: true,
        decide_rename: None,
    };
    let hints = Default::default();
    let (differences, fix_sql) = if drift {
        let found = diff(expected, actual, &hints, &options).unwrap_or_default();
        let fix = diff(actual, expected, &hints, &options).unwrap_or_default();
        let context = crate::sql::Context::new(&[expected, actual]);
        (
            found.iter().map(|c| c.to_string()).collect(),
            crate::sql::render_migration("verify_fix", &fix, &context).up,
        )
    } else {
        (Vec::new(), String::new())
    };
    let actual_in_expected_order = reorder_columns(actual, expected);
    let toml_diff = if drift {
        similar::TextDiff::from_lines(
            write::single_file(expected),
            write::single_file(&actual_in_expected_order),
        )
        .unified_diff()
        .context_radius(3)
        .header("expected (snapshot)", "actual (database)")
        .to_string()
    } else {
        String::new()
    };
    Report {
        drift,
        database,
        last_applied: last,
        differences,
        toml_diff,
        fix_sql,
        unmanaged: Vec::new(),
    }
}

/// `actual` with each table's columns in `expected`'s order (extra columns last), so the
/// TOML diff shows real differences, not PostgreSQL's append-only column order.
fn reorder_columns(actual: &Schema, expected: &Schema) -> Schema {
    let mut out = actual.clone();
    for table in &mut out.tables {
        let Some(reference) = expected.table(&table.name) else {
            continue;
        };
        let position = |name: &str| {
            reference
                .columns
                .iter()
                .position(|c| c.name == name)
                .unwrap_or(usize::MAX)
        };
        table.columns.sort_by_key(|c| position(&c.name));
    }
    out
}
