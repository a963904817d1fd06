//! Tables: an index on the overview, and a detailed section each (columns, constraints,
//! foreign keys both ways, indexes, comments) on the page of its diagram.

use super::{Site, code, code_list, link, section};
use crate::docs::graph::Reference;
use crate::docs::names::{short_type, table_anchor};
use crate::docs::{escape, keys};
use crate::schema::model::{Column, ForeignKey, Identity, Index, IndexKey, Table};

/// The index of tables: name, size, links both ways and the first line of the comment.
pub(super) fn overview(site: &Site) -> Option<String> {
    let tables = &site.schema.tables;
    if tables.is_empty() {
        return None;
    }
    let mut body = String::from(
        "<table class=\"index\">\n<thead><tr><th>Table</th><th>Columns</th>\
         <th>References</th><th>Referenced by</th><th>Comment</th></tr></thead>\n<tbody>\n",
    );
    for (t, table) in tables.iter().enumerate() {
        body.push_str("<tr><td>");
        link(&mut body, &site.table_href(t), &table.name.to_string());
        body.push_str(&format!(
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>",
            table.columns.len(),
            site.graph.outgoing[t].len(),
            site.graph.incoming[t].len()
        ));
        if let Some(comment) = &table.comment {
            escape::push(&mut body, comment.lines().next().unwrap_or(""));
        }
        body.push_str("</td></tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    Some(section("tables", "Tables", tables.len(), &body))
}

/// The detailed sections of `tables`, under one heading.
pub(in crate::docs) fn table_details(site: &Site, tables: &[usize]) -> String {
    let mut body = String::new();
    for &t in tables {
        details(&mut body, site, t);
    }
    format!("<section id=\"table-details\">\n<h2>Table details</h2>\n{body}</section>\n")
}

/// One table's section.
fn details(out: &mut String, site: &Site, t: usize) {
    let table = &site.schema.tables[t];
    let anchor = table_anchor(&table.name);
    out.push_str(&format!("<section class=\"object\" id=\"{anchor}\">\n<h3>"));
    escape::push(out, &table.name.to_string());
    out.push_str(&format!(
        " <a class=\"anchor\" href=\"#{anchor}\" title=\"Link to this table\">#</a></h3>\n"
    ));
    if let Some(comment) = &table.comment {
        out.push_str("<p class=\"comment\">");
        escape::push(out, comment);
        out.push_str("</p>\n");
    }
    columns(out, site, table);
    constraints(out, table);
    references(out, site, table, &site.graph.outgoing[t]);
    referenced_by(out, site, &site.graph.incoming[t]);
    indexes(out, table);
    out.push_str("</section>\n");
}

fn columns(out: &mut String, site: &Site, table: &Table) {
    out.push_str(
        "<table class=\"columns\">\n<thead><tr><th>Column</th><th>Type</th><th>Null</th>\
         <th>Default</th><th>Keys</th><th>Comment</th></tr></thead>\n<tbody>\n",
    );
    for column in &table.columns {
        out.push_str("<tr><td>");
        code(out, &column.name);
        out.push_str("</td><td>");
        let data_type = short_type(&column.data_type);
        match site.enum_of_type(&column.data_type) {
            Some(e) => {
                out.push_str("<code>");
                link(out, &site.enum_href(e), &data_type);
                out.push_str("</code>");
            }
            None => code(out, &data_type),
        }
        let nullable = !column.not_null && !keys::in_primary_key(table, &column.name);
        out.push_str(if nullable {
            "</td><td>null</td><td>"
        } else {
            "</td><td>not null</td><td>"
        });
        default(out, column);
        out.push_str("</td><td class=\"keys\">");
        escape::push(out, &keys::badge(table, &column.name));
        out.push_str("</td><td>");
        if let Some(comment) = &column.comment {
            escape::push(out, comment);
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The default, identity or generation expression of a column.
fn default(out: &mut String, column: &Column) {
    if let Some(default) = &column.default {
        code(out, &crate::sql::default_text(default));
    }
    match column.identity {
        Some(Identity::Always) => out.push_str("identity (always)"),
        Some(Identity::ByDefault) => out.push_str("identity (by default)"),
        None => {}
    }
    if let Some(expression) = &column.generated {
        out.push_str("generated: ");
        code(out, expression);
    }
}

/// Primary key, unique and check constraints.
fn constraints(out: &mut String, table: &Table) {
    let mut items = Vec::new();
    if let Some(pk) = &table.primary_key {
        let mut item = String::from("primary key ");
        code(&mut item, &pk.name);
        item.push_str(" (");
        code_list(&mut item, &pk.columns);
        item.push(')');
        items.push(item);
    }
    for unique in &table.uniques {
        let mut item = String::from("unique ");
        code(&mut item, &unique.name);
        item.push_str(" (");
        code_list(&mut item, &unique.columns);
        item.push(')');
        if unique.nulls_not_distinct {
            item.push_str(", nulls not distinct");
        }
        items.push(item);
    }
    for check in &table.checks {
        let mut item = String::from("check ");
        code(&mut item, &check.name);
        item.push_str(": ");
        code(&mut item, &check.expression);
        items.push(item);
    }
    list(out, "Constraints", &items);
}

/// The foreign keys this table holds.
fn references(out: &mut String, site: &Site, table: &Table, outgoing: &[Reference]) {
    let items: Vec<String> = table
        .foreign_keys
        .iter()
        .enumerate()
        .map(|(key, fk)| {
            let mut item = String::new();
            code_list(&mut item, &fk.columns);
            item.push_str(" &rarr; ");
            match outgoing.iter().find(|r| r.key == key) {
                Some(r) => link(
                    &mut item,
                    &site.table_href(r.to),
                    &fk.referenced_table.to_string(),
                ),
                None => escape::push(&mut item, &fk.referenced_table.to_string()),
            }
            item.push_str(" (");
            code_list(&mut item, &fk.referenced_columns);
            item.push_str(") ");
            key_details(&mut item, fk);
            item
        })
        .collect();
    list(out, "References", &items);
}

/// The foreign keys of other tables (or this one) that point here.
fn referenced_by(out: &mut String, site: &Site, incoming: &[Reference]) {
    let items: Vec<String> = incoming
        .iter()
        .map(|r| {
            let from = &site.schema.tables[r.from];
            let fk = &from.foreign_keys[r.key];
            let mut item = String::new();
            link(&mut item, &site.table_href(r.from), &from.name.to_string());
            item.push_str(" (");
            code_list(&mut item, &fk.columns);
            item.push_str(") ");
            key_details(&mut item, fk);
            item
        })
        .collect();
    list(out, "Referenced by", &items);
}

/// `<code>name</code>, on delete cascade, deferrable`.
fn key_details(out: &mut String, fk: &ForeignKey) {
    code(out, &fk.name);
    if fk.on_delete != Default::default() {
        out.push_str(", on delete ");
        out.push_str(fk.on_delete.toml());
    }
    if fk.on_update != Default::default() {
        out.push_str(", on update ");
        out.push_str(fk.on_update.toml());
    }
    if fk.deferrable {
        out.push_str(if fk.initially_deferred {
            ", deferrable initially deferred"
        } else {
            ", deferrable"
        });
    }
}

fn indexes(out: &mut String, table: &Table) {
    let items: Vec<String> = table
        .indexes
        .iter()
        .map(|index| {
            let mut item = String::new();
            code(&mut item, &index.name);
            item.push_str(": ");
            if index.unique {
                item.push_str("unique ");
            }
            escape::push(&mut item, &index.method);
            item.push_str(" (");
            code_list(&mut item, &index_parts(index));
            item.push(')');
            if !index.include.is_empty() {
                item.push_str(" include (");
                code_list(&mut item, &index.include);
                item.push(')');
            }
            if index.nulls_not_distinct {
                item.push_str(" nulls not distinct");
            }
            if let Some(predicate) = &index.predicate {
                item.push_str(" where ");
                code(&mut item, predicate);
            }
            item
        })
        .collect();
    list(out, "Indexes", &items);
}

/// Each key of an index as written in TOML: `title`, `created_at DESC`, `lower(name)`; the
/// NULLS order only where it is not PostgreSQL's default for the direction.
fn index_parts(index: &Index) -> Vec<String> {
    index
        .parts
        .iter()
        .map(|part| {
            let mut text = match &part.key {
                IndexKey::Column(name) => name.clone(),
                IndexKey::Expression(expression) => expression.clone(),
            };
            if part.descending {
                text.push_str(" DESC");
            }
            if part.nulls_first != part.descending {
                text.push_str(if part.nulls_first {
                    " NULLS FIRST"
                } else {
                    " NULLS LAST"
                });
            }
            text
        })
        .collect()
}

/// `<h4>title</h4><ul><li>..</li></ul>`; nothing when there are no items.
fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("<h4>{title}</h4>\n<ul>\n"));
    for item in items {
        out.push_str("<li>");
        out.push_str(item);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}
