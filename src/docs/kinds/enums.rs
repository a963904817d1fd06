//! Enums: a table on the overview, each with its values and the columns that use it.

use super::{Site, code, code_list, link, section};
use crate::docs::{escape, names};

/// The enums' section: a row per enum.
pub(super) fn overview(site: &Site) -> Option<String> {
    let enums = &site.schema.enums;
    if enums.is_empty() {
        return None;
    }
    let usages = usages(site);
    let mut body = String::from(
        "<table class=\"index\">\n<thead><tr><th>Enum</th><th>Values, in order</th>\
         <th>Used by</th></tr></thead>\n<tbody>\n",
    );
    for (e, enum_type) in enums.iter().enumerate() {
        let anchor = names::enum_anchor(&enum_type.name);
        body.push_str(&format!("<tr id=\"{anchor}\"><td>"));
        escape::push(&mut body, &enum_type.name.to_string());
        body.push_str("</td><td>");
        code_list(&mut body, &enum_type.values);
        body.push_str("</td><td>");
        if usages[e].is_empty() {
            body.push_str("no column");
        }
        for (i, (t, column)) in usages[e].iter().enumerate() {
            if i > 0 {
                body.push_str(", ");
            }
            link(
                &mut body,
                &site.table_href(*t),
                &site.schema.tables[*t].name.to_string(),
            );
            body.push('.');
            code(&mut body, column);
        }
        body.push_str("</td></tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    Some(section("enums", "Enums", enums.len(), &body))
}

/// For each enum, the (table, column) pairs whose type is the enum or an array of it.
fn usages(site: &Site) -> Vec<Vec<(usize, String)>> {
    let mut out = vec![Vec::new(); site.schema.enums.len()];
    for (t, table) in site.schema.tables.iter().enumerate() {
        for column in &table.columns {
            if let Some(e) = site.enum_of_type(&column.data_type) {
                out[e].push((t, column.name.clone()));
            }
        }
    }
    out
}
