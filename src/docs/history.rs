//! The migration history page: each migration's changes and hazards (the diff between its
//! snapshot and the one before, as `generate` would describe it), and, given a database, each
//! migration's state and the drift `verify` reports.

use super::{escape, page};
use crate::commands::verify::Report;
use crate::diff::{DiffOptions, diff};
use crate::lint::{Hazard, hazards};
use crate::migrate::journal::Journal;
use crate::migrate::status::{Row, State};
use crate::schema::{RenameHints, Schema};
use std::fmt::Write as _;

/// Everything the history page shows.
#[derive(Debug, Default)]
pub struct History {
    pub migrations: Vec<Migration>,
    /// What schema/ changes relative to the last snapshot: a migration yet to be generated.
    pub pending: Vec<String>,
    /// Given a database: where it is and what it holds.
    pub database: Option<Database>,
}

/// One migration of the journal.
#[derive(Debug, Clone)]
pub struct Migration {
    pub idx: u32,
    pub tag: String,
    pub created_at: String,
    pub transactional: bool,
    /// The changes from the previous snapshot to this one, one line each.
    pub changes: Vec<String>,
    pub hazards: Vec<Hazard>,
    /// Why the changes are unknown (a missing or unreadable snapshot).
    pub problem: Option<String>,
    /// Given a database: the migration's state there.
    pub state: Option<Row>,
}

/// What the database says.
#[derive(Debug)]
pub struct Database {
    /// The database, password masked.
    pub url: String,
    /// The drift report of `verify`, or why it could not be made.
    pub drift: Result<Report, String>,
    /// Migrations applied there that the journal does not know.
    pub unknown: Vec<Row>,
}

/// The migrations of `journal` with their changes: each snapshot (read by `snapshot`, given a
/// tag) diffed against the one before, the first against the empty schema. A snapshot that
/// cannot be read is reported on its migration, and the next one is diffed against the last
/// snapshot that could. Also returns that last model (empty without history).
pub fn migrations(
    journal: &Journal,
    mut snapshot: impl FnMut(&str) -> anyhow::Result<Schema>,
) -> (Vec<Migration>, Schema) {
    let mut previous = Schema::default();
    let mut out = Vec::with_capacity(journal.entries.len());
    for entry in &journal.entries {
        let mut migration = Migration {
            idx: entry.idx,
            tag: entry.tag.clone(),
            created_at: entry.created_at.clone(),
            transactional: entry.transactional,
            changes: Vec::new(),
            hazards: Vec::new(),
            problem: None,
            state: None,
        };
        match snapshot(&entry.tag) {
            Ok(schema) => {
                match changes(&previous, &schema, &RenameHints::default()) {
                    Ok((lines, found)) => {
                        migration.changes = lines;
                        migration.hazards = found;
                    }
                    Err(e) => migration.problem = Some(e),
                }
                previous = schema;
            }
            Err(e) => migration.problem = Some(format!("{e:#}")),
        }
        out.push(migration);
    }
    (out, previous)
}

/// The changes from `from` to `to`, described one per line, and their hazards. Without rename
/// hints (snapshots do not keep them) a rename shows as a drop and an add.
pub fn changes(
    from: &Schema,
    to: &Schema,
    hints: &RenameHints,
) -> Result<(Vec<String>, Vec<Hazard>), String> {
    let options = DiffOptions {
        allow_destructive: true,
        decide_rename: None,
    };
    let changes = diff(from, to, hints, &options).map_err(|e| e.to_string())?;
    let lines = changes.iter().map(|c| c.to_string()).collect();
    Ok((lines, hazards(&changes)))
}

/// The history page.
pub fn page(site_title: &str, history: &History) -> String {
    let mut body = String::from("<h1>Migrations</h1>\n");
    lead(&mut body, history);
    if let Some(database) = &history.database {
        drift(&mut body, database);
    }
    if !history.pending.is_empty() {
        body.push_str(
            "<section id=\"pending\">\n<h2>Not yet generated</h2>\n<p>The schema files differ \
             from the last migration's snapshot; <code>strata generate</code> would write:</p>\n",
        );
        lines(&mut body, &history.pending);
        body.push_str("</section>\n");
    }
    summary_table(&mut body, history);
    for migration in &history.migrations {
        section(&mut body, migration, history.database.is_some());
    }
    page::page(site_title, "Migrations", page::Nav::History, &body)
}

fn lead(out: &mut String, history: &History) {
    let _ = write!(
        out,
        "<p class=\"lead\">{} migration{} in the journal. ",
        history.migrations.len(),
        if history.migrations.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    match &history.database {
        Some(database) => {
            let count = |state: State| {
                history
                    .migrations
                    .iter()
                    .filter(|m| m.state.as_ref().is_some_and(|r| r.state == state))
                    .count()
            };
            out.push_str("Database ");
            code(out, &database.url);
            let _ = writeln!(
                out,
                ": {} applied, {} pending.</p>",
                count(State::Applied),
                count(State::Pending)
            );
        }
        None => out.push_str(
            "No database was given, so states and drift are not shown (pass \
             <code>--database-url</code>, or set the variable named by \
             <code>database_url_env</code>).</p>\n",
        ),
    }
}

/// The drift section: what `verify` would report.
fn drift(out: &mut String, database: &Database) {
    out.push_str("<section id=\"drift\">\n<h2>Drift</h2>\n");
    match &database.drift {
        Err(reason) => {
            out.push_str("<p class=\"warn\">The drift could not be computed: ");
            escape::push(out, reason);
            out.push_str("</p>\n");
        }
        Ok(report) if !report.drift => {
            out.push_str("<p class=\"ok\">None: the database matches ");
            match &report.last_applied {
                Some(tag) => code(out, tag),
                None => out.push_str("an empty schema (nothing applied)"),
            }
            out.push_str(".</p>\n");
        }
        Ok(report) => {
            out.push_str("<p class=\"warn\">The database differs from ");
            match &report.last_applied {
                Some(tag) => code(out, tag),
                None => out.push_str("an empty schema (nothing applied)"),
            }
            out.push_str(" (as <code>strata verify</code> reports it):</p>\n");
            lines(out, &report.differences);
            out.push_str(
                "<details><summary>Expected and actual schema, as a TOML diff</summary>\n<pre>",
            );
            escape::push(out, &report.toml_diff);
            out.push_str("</pre></details>\n");
        }
    }
    out.push_str("</section>\n");
}

/// The table of every migration: index, tag, date, size, hazards and (given a database) state.
fn summary_table(out: &mut String, history: &History) {
    let with_state = history.database.is_some();
    out.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n<table class=\"index\">\n<thead><tr><th>#</th><th>Migration</th><th>Created</th><th>Changes</th><th>Hazards</th>");
    if with_state {
        out.push_str("<th>State</th><th>Applied</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for m in &history.migrations {
        let _ = write!(
            out,
            "<tr><td class=\"num\">{:04}</td><td><a href=\"#",
            m.idx
        );
        anchor(out, &m.tag);
        out.push_str("\">");
        escape::push(out, &m.tag);
        out.push_str("</a></td><td>");
        escape::push(out, &m.created_at);
        let _ = write!(
            out,
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            m.changes.len(),
            m.hazards.len()
        );
        if with_state {
            state_cells(out, m.state.as_ref());
        }
        out.push_str("</tr>\n");
    }
    if let Some(database) = &history.database {
        for row in &database.unknown {
            let _ = write!(out, "<tr><td class=\"num\">{:04}</td><td>", row.idx);
            escape::push(out, &row.tag);
            out.push_str("</td><td></td><td></td><td></td>");
            state_cells(out, Some(row));
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn state_cells(out: &mut String, row: Option<&Row>) {
    let Some(row) = row else {
        out.push_str("<td></td><td></td>");
        return;
    };
    let name = state_name(row.state);
    let _ = write!(
        out,
        "<td><span class=\"state {}\">{}</span></td><td>",
        name.replace(' ', "-"),
        name
    );
    if let Some(at) = &row.applied_at {
        escape::push(out, at);
    }
    if let Some(ms) = row.duration_ms {
        let _ = write!(out, " ({ms} ms)");
    }
    out.push_str("</td>");
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Applied => "applied",
        State::Pending => "pending",
        State::Edited => "edited",
        State::MissingFile => "missing file",
        State::UnknownToJournal => "unknown to the journal",
        State::Failed => "failed",
        State::RollbackFailed => "rollback failed",
        State::Unknown => "unknown",
    }
}

/// One migration's section: facts, hazards, changes.
fn section(out: &mut String, m: &Migration, with_state: bool) {
    out.push_str("<section class=\"migration\" id=\"");
    anchor(out, &m.tag);
    out.push_str("\">\n<h3>");
    escape::push(out, &m.tag);
    if let Some(row) = m.state.as_ref().filter(|_| with_state) {
        let name = state_name(row.state);
        let _ = write!(
            out,
            " <span class=\"state {}\">{name}</span>",
            name.replace(' ', "-")
        );
    }
    out.push_str("</h3>\n<p class=\"meta\">Created ");
    escape::push(out, &m.created_at);
    out.push_str(if m.transactional {
        "; runs in one transaction"
    } else {
        "; non-transactional (applied in batches)"
    });
    if let Some(error) = m.state.as_ref().and_then(|r| r.error.as_ref()) {
        out.push_str("; stopped with: ");
        code(out, error);
    }
    out.push_str(".</p>\n");
    if let Some(problem) = &m.problem {
        out.push_str("<p class=\"warn\">Changes unknown: ");
        escape::push(out, problem);
        out.push_str("</p>\n");
    } else if m.changes.is_empty() {
        out.push_str(
            "<p>No schema change: a hand-written migration (data, functions, triggers); \
             see its SQL file.</p>\n",
        );
    }
    if !m.hazards.is_empty() {
        out.push_str("<h4>Hazards</h4>\n<ul class=\"hazards\">\n");
        for hazard in &m.hazards {
            let _ = write!(
                out,
                "<li><span class=\"hazard\">{}</span>: ",
                hazard.kind.name()
            );
            escape::push(out, &hazard.message);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    if !m.changes.is_empty() {
        let _ = writeln!(out, "<h4>Changes ({})</h4>", m.changes.len());
        lines(out, &m.changes);
    }
    out.push_str("</section>\n");
}

/// A list of plain text lines.
fn lines(out: &mut String, items: &[String]) {
    out.push_str("<ul class=\"changes\">\n");
    for item in items {
        out.push_str("<li>");
        escape::push(out, item);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// `m-<tag>`, with the tag's unusual characters encoded as in table anchors.
fn anchor(out: &mut String, tag: &str) {
    out.push_str("m-");
    for byte in tag.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            out.push(byte as char);
        } else {
            let _ = write!(out, "-{byte:02x}");
        }
    }
}

fn code(out: &mut String, text: &str) {
    out.push_str("<code>");
    escape::push(out, text);
    out.push_str("</code>");
}
