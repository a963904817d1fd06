//! Views and materialized views as TOML (`views.toml`), in dependency order so the file reads
//! top-down; queries that span lines as multi-line strings.

use super::table::{index_value, storage_value};
use super::{key, string, string_array};
use crate::schema::model::*;
use std::fmt::Write as _;

/// `views.toml`: every view and materialized view; empty when there is none.
pub(super) fn views_file(schema: &Schema) -> String {
    let ordered: Vec<&View> = match dependency_order(&schema.views) {
        Ok(order) => order,
        Err(_) => schema.views.iter().collect(),
    };
    let mut out = String::new();
    for view in ordered {
        if !out.is_empty() {
            out.push('\n');
        }
        let kind = if view.materialized {
            "materialized_view"
        } else {
            "view"
        };
        let name = key(&view.name.to_string());
        let _ = writeln!(out, "[{kind}.{name}]");
        let _ = writeln!(out, "query = {}", query_string(&view.query));
        if !view.columns.is_empty() {
            let _ = writeln!(out, "columns = {}", string_array(&view.columns));
        }
        if view.materialized && view.no_data {
            let _ = writeln!(out, "with_data = false");
        }
        if !view.options.is_empty() {
            let _ = writeln!(out, "with = {}", storage_value(&view.options));
        }
        if let Some(comment) = &view.comment {
            let _ = writeln!(out, "comment = {}", string(comment));
        }
        if !view.grants.is_empty() {
            let _ = writeln!(
                out,
                "grants = {}",
                super::trigger::grants_value(&view.grants)
            );
        }
        if !view.column_comments.is_empty() {
            let entries: Vec<String> = view
                .column_comments
                .iter()
                .map(|(column, comment)| format!("{} = {}", key(column), string(comment)))
                .collect();
            let _ = writeln!(out, "column_comments = {{ {} }}", entries.join(", "));
        }
        if !view.indexes.is_empty() {
            let _ = writeln!(out, "\n[{kind}.{name}.indexes]");
            for index in &view.indexes {
                let _ = writeln!(out, "{} = {}", key(&index.name), index_value(index));
            }
        }
    }
    out
}

/// A query as a TOML string: a multi-line basic string when it spans lines (as
/// `pg_get_viewdef` prints it), with `\`, `"` and control characters escaped; else one line.
fn query_string(query: &str) -> String {
    if !query.contains('\n') {
        return string(query);
    }
    let mut out = String::from("\"\"\"\n");
    for c in query.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use crate::schema::parse::parse_str;

    #[test]
    fn views_parse_back_to_the_same_model() {
        let toml = r#"
[table.t.columns]
id = { type = "bigint" }
name = { type = "text" }

[view.b]
query = "SELECT id FROM a"

[view.a]
query = "SELECT id,\n    name AS \"Quoted \\\\ name\"\n   FROM t\n  WHERE name <> 'x'"
columns = ["i", "n"]
with = { security_barrier = true }
comment = "c"
column_comments = { i = "the id", "n" = "it's \"n\"" }

[materialized_view."audit.m"]
query = "SELECT id FROM t"
with_data = false
with = { fillfactor = 70 }

[materialized_view."audit.m".indexes]
m_id_idx = { columns = ["id DESC"], unique = true, comment = "i" }
"#;
        let parsed = parse_str(toml).unwrap();
        assert_eq!(parsed.schema.views.len(), 3);
        let written = super::super::assert_reads_back(&parsed.schema);
        let views = &written.iter().find(|(n, _)| n == "views.toml").unwrap().1;
        assert!(views.find("[view.a]").unwrap() < views.find("[view.b]").unwrap());
        assert!(
            views.contains("query = \"\"\"\nSELECT id,\n    name"),
            "{views}"
        );
    }
}
