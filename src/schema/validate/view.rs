//! Views and materialized views: names, one query each (no second statement), options,
//! materialized views' indexes, no name shared with a table or sequence, and no cycle among
//! the views' queries.

use super::expressions::check_expression;
use super::index::build_index;
use super::names::check_name;
use super::table::storage_parameters;
use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::parse::{Loc, RawSchema, RawTable, RawView, Reporter};
use std::collections::BTreeMap;

/// The options a plain view takes.
const VIEW_OPTIONS: &[&str] = &["check_option", "security_barrier", "security_invoker"];

/// Builds every view into the model; run after the tables (names are checked against them).
pub(super) fn build_views(
    raw: &RawSchema,
    schema: &mut Schema,
    hints: &mut RenameHints,
    r: &mut Reporter,
) {
    let mut seen: BTreeMap<&QualifiedName, Loc> = BTreeMap::new();
    for written in &raw.views {
        let kind = if written.materialized {
            "materialized view"
        } else {
            "view"
        };
        check_name(
            r,
            written.at,
            &format!("{kind} schema"),
            &written.name.schema,
        );
        check_name(r, written.at, kind, &written.name.name);
        if let Some(first) = seen.insert(&written.name, written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "view `{}` is defined twice (also at {place}); views and materialized views \
                     share one namespace",
                    written.name
                ),
            );
            continue;
        }
        if let Some(table) = raw.tables.iter().find(|t| t.name == written.name) {
            let place = r.place(table.at);
            r.error(
                written.at,
                format!(
                    "{kind} `{}` has the name of table `{}` (at {place}); tables and views share \
                     one namespace",
                    written.name, table.name
                ),
            );
        }
        if let Some(sequence) = raw.sequences.iter().find(|s| s.name == written.name) {
            let place = r.place(sequence.at);
            r.error(
                written.at,
                format!(
                    "{kind} `{}` has the name of sequence `{}` (at {place}); sequences and views \
                     share one namespace",
                    written.name, sequence.name
                ),
            );
        }
        // A view has a row type: it shares the type namespace too.
        let types = raw
            .enums
            .iter()
            .map(|e| (&e.name, e.at, "enum"))
            .chain(raw.domains.iter().map(|d| (&d.name, d.at, "domain")))
            .chain(raw.composites.iter().map(|c| (&c.name, c.at, "type")));
        for (name, at, type_kind) in types {
            if name == &written.name {
                let place = r.place(at);
                r.error(
                    written.at,
                    format!(
                        "{kind} `{}` has the name of {type_kind} `{name}` (at {place}); a view's \
                         row type shares the types' namespace",
                        written.name
                    ),
                );
            }
        }
        for index in &written.indexes {
            let clash = raw.tables.iter().find(|t| {
                (t.name.schema == written.name.schema && t.name.name == index.name)
                    || t.indexes
                        .iter()
                        .any(|i| t.name.schema == written.name.schema && i.name == index.name)
            });
            let clash_view = raw.views.iter().find(|v| {
                v.name.schema == written.name.schema
                    && (v.name.name == index.name
                        || (!std::ptr::eq(*v, written)
                            && v.indexes.iter().any(|i| i.name == index.name)))
            });
            if let Some(at) = clash.map(|t| t.at).or(clash_view.map(|v| v.at)) {
                let place = r.place(at);
                r.error(
                    index.at,
                    format!(
                        "name `{}` is already used in schema `{}` (at {place}); indexes, tables \
                         and views share one namespace",
                        index.name, written.name.schema
                    ),
                );
            }
        }
        if let Some(view) = build_view(written, kind, hints, r) {
            schema.views.push(view);
        }
    }
    schema.views.sort_by(|a, b| a.name.cmp(&b.name));
    if let Err(cycle) = dependency_order(&schema.views) {
        let names: Vec<String> = cycle.iter().map(|n| n.to_string()).collect();
        let at = raw
            .views
            .iter()
            .find(|v| v.name == cycle[0])
            .map_or(Loc::default(), |v| v.at);
        r.error(
            at,
            format!(
                "the queries of views {} read each other in a cycle",
                names.join(", ")
            ),
        );
    }
}

fn build_view(
    written: &RawView,
    kind: &str,
    hints: &mut RenameHints,
    r: &mut Reporter,
) -> Option<View> {
    let query = written.query.as_ref()?;
    let what = format!("{kind} `{}` query", written.name);
    if !check_expression(r, query.at, &what, &query.value) {
        return None;
    }
    if let Some(comment) = &written.comment
        && comment.contains('\0')
    {
        r.error(
            written.at,
            "PostgreSQL cannot store a NUL character (\\u0000) in a comment",
        );
    }
    let mut view = View::new(written.name.clone(), query.value.trim());
    view.materialized = written.materialized;
    view.comment = written.comment.clone();
    view.no_data = !written.with_data;
    for column in &written.columns {
        check_name(r, column.at, "column", &column.value);
        if view.columns.contains(&column.value) {
            r.error(
                column.at,
                format!(
                    "{kind} `{}` names column `{}` twice",
                    written.name, column.value
                ),
            );
        }
        view.columns.push(column.value.clone());
    }
    view.options = storage_parameters(&written.options);
    view.grants =
        super::grant::build_grants(crate::schema::model::GrantKind::Table, &written.grants, r);
    for comment in &written.column_comments {
        let (column, text) = &comment.value;
        check_name(r, comment.at, "column", column);
        if text.contains('\0') {
            r.error(
                comment.at,
                "PostgreSQL cannot store a NUL character (\\u0000) in a comment",
            );
        }
        view.column_comments.insert(column.clone(), text.clone());
    }
    if !written.materialized {
        for option in &written.options {
            let name = option.value.0.to_lowercase();
            if !VIEW_OPTIONS.contains(&name.as_str()) {
                r.error(
                    option.at,
                    format!(
                        "unknown view option `{}` (expected one of: {})",
                        option.value.0,
                        VIEW_OPTIONS.join(", ")
                    ),
                );
            }
        }
        if let Some(check) = view.options.get_mut("check_option") {
            *check = check.to_lowercase();
            if check != "local" && check != "cascaded" {
                let at = written
                    .options
                    .iter()
                    .find(|o| o.value.0.eq_ignore_ascii_case("check_option"))
                    .map_or(written.at, |o| o.at);
                r.error(at, "`check_option` is \"local\" or \"cascaded\"");
            }
        }
    }
    if let Some(from) = &written.renamed_from {
        check_name(r, from.at, "renamed_from", &from.value);
        let old = QualifiedName::parse(&from.value);
        if old == written.name {
            r.error(
                from.at,
                format!("{kind} `{}` cannot be renamed from itself", written.name),
            );
        } else {
            hints.views.insert(written.name.clone(), old);
        }
    }
    let mut concurrent = Vec::new();
    view.indexes = build_indexes(written, &view, &mut concurrent, r);
    for index in concurrent {
        hints
            .concurrent_indexes
            .insert((written.name.clone(), index));
    }
    Some(view)
}

/// A materialized view's indexes, checked as a table's are against the view's columns: the
/// declared ones, else those its select list names; when neither is known, any bare name.
/// The names of those built `CONCURRENTLY` go to `concurrent`.
fn build_indexes(
    written: &RawView,
    view: &View,
    concurrent: &mut Vec<String>,
    r: &mut Reporter,
) -> Vec<Index> {
    if written.indexes.is_empty() {
        return Vec::new();
    }
    let mut columns: Vec<String> = view.columns.clone();
    let derived = crate::sql::view_columns::select_list(&view.query);
    match derived {
        Some(items) if columns.is_empty() || items.len() > columns.len() => {
            let skip = columns.len();
            columns.extend(items.into_iter().skip(skip).map(|i| i.name));
        }
        Some(_) => {}
        None => {
            for index in &written.indexes {
                for entry in index.columns.iter().chain(&index.include) {
                    let name = entry.value.split_whitespace().next().unwrap_or("");
                    columns.push(name.trim_matches('"').to_string());
                }
            }
        }
    }
    let mut table = Table::new(view.name.clone());
    table.columns = columns.iter().map(|c| Column::new(c, "text")).collect();
    let raw_table = RawTable {
        name: view.name.clone(),
        at: written.at,
        comment: None,
        renamed_from: None,
        primary_key: None,
        columns: Vec::new(),
        indexes: Vec::new(),
        checks: Vec::new(),
        uniques: Vec::new(),
        foreign_keys: Vec::new(),
        unlogged: false,
        storage: Vec::new(),
        partition_by: None,
        partition_of: None,
        bounds: None,
        triggers: Vec::new(),
        policies: Vec::new(),
        row_level_security: None,
        grants: Vec::new(),
    };
    let mut out = Vec::new();
    for index in &written.indexes {
        check_name(r, index.at, "index", &index.name);
        if out.iter().any(|i: &Index| i.name == index.name) {
            r.error(index.at, format!("index `{}` is defined twice", index.name));
            continue;
        }
        if let Some(built) = build_index(&raw_table, &table, index, r) {
            if index.concurrently {
                concurrent.push(built.name.clone());
            }
            out.push(built);
        }
    }
    out
}
