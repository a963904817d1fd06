//! The pages' content, one module per object kind. Each kind contributes a section to the
//! overview ([`OVERVIEW`]); tables also have a detailed section on the page of their diagram.
//! A new kind (views, sequences, functions ...) is a new module and one entry in [`OVERVIEW`].

mod enums;
mod extensions;
mod tables;

pub(super) use tables::table_details;

use super::{Site, escape};

/// The overview section of one kind of object; `None` when the schema has none of it.
type OverviewSection = fn(&Site) -> Option<String>;

/// The overview's sections, in page order.
const OVERVIEW: &[OverviewSection] = &[tables::overview, enums::overview, extensions::overview];

/// Every overview section the schema has something for.
pub(super) fn overview_sections(site: &Site) -> Vec<String> {
    OVERVIEW
        .iter()
        .filter_map(|section| section(site))
        .collect()
}

/// The index of diagrams, once the schema is split: each with its size and tables.
pub(super) fn diagram_index(site: &Site) -> String {
    let mut body = String::from("<ol class=\"diagrams\">\n");
    for (g, group) in site.groups.iter().enumerate() {
        let page = site.page_file(g);
        body.push_str(&format!("<li><a href=\"{page}\">"));
        escape::push(&mut body, &group.title);
        body.push_str(&format!(
            "</a> <span class=\"count\">{} tables</span><br><span class=\"members\">",
            group.tables.len()
        ));
        for (i, &t) in group.tables.iter().enumerate() {
            if i > 0 {
                body.push_str(", ");
            }
            link(
                &mut body,
                &site.table_href(t),
                &site.schema.tables[t].name.to_string(),
            );
        }
        body.push_str("</span></li>\n");
    }
    body.push_str("</ol>\n");
    section(
        "diagrams",
        "Diagrams",
        site.groups.len(),
        &format!(
            "<p>The schema has {} tables: too many for one readable diagram, so each \
             PostgreSQL schema and each connected group of tables is drawn on its own, \
             large groups in parts of at most {}.</p>\n{body}",
            site.schema.tables.len(),
            super::graph::GROUP_SIZE
        ),
    )
}

/// `<section id=..><h2>title <span class=count>n</span></h2>body</section>`.
fn section(id: &str, title: &str, count: usize, body: &str) -> String {
    format!(
        "<section id=\"{id}\">\n<h2>{title} <span class=\"count\">{count}</span></h2>\n{body}</section>\n"
    )
}

/// `<a href="href">text</a>`, both escaped.
fn link(out: &mut String, href: &str, text: &str) {
    out.push_str("<a href=\"");
    escape::push(out, href);
    out.push_str("\">");
    escape::push(out, text);
    out.push_str("</a>");
}

/// `<code>text</code>`, escaped.
fn code(out: &mut String, text: &str) {
    out.push_str("<code>");
    escape::push(out, text);
    out.push_str("</code>");
}

/// `<code>a</code>, <code>b</code>`.
fn code_list(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        code(out, item);
    }
}
