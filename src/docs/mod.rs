//! `strata docs`: the schema as a self-contained static site (HTML and CSS, readable without
//! JavaScript or a network), with an ER diagram drawn as SVG, a section per table and enum,
//! and the migration history; and the schema as a Mermaid `erDiagram`.
//!
//! Pure: a model and a history in, files (path and contents) out; `commands::docs` reads the
//! project and the database and writes the files with [`output::replace_dir`]. The same input
//! gives byte-identical files.
//!
//! Pages: `index.html` (overview, and below `graph::SPLIT_AT` tables the one diagram with
//! every table's section), `diagram-NN.html` (one per group of tables once the schema is
//! split), `history.html`, `style.css`, and each diagram alone as an `.svg` file. Object kinds
//! are rendered by one module each under `kinds/`.

pub mod escape;
mod graph;
pub mod history;
mod keys;
mod kinds;
mod layout;
pub mod mermaid;
pub mod names;
pub mod output;
mod page;
mod svg;

use crate::schema::model::Schema;
use crate::schema::types;
use graph::{Graph, Group};
use std::collections::BTreeMap;

/// What the site is made from.
pub struct Input<'a> {
    /// The site's title (the header of every page).
    pub title: &'a str,
    /// The schema being documented (schema/ as parsed).
    pub schema: &'a Schema,
    /// The migrations, their changes and (given a database) their state and the drift.
    pub history: &'a history::History,
}

/// One file of the site: its path relative to the output directory, and its contents.
pub type File = (String, String);

/// The stylesheet shared by every page.
const STYLE: &str = include_str!("style.css");

/// The site's files, sorted by path.
pub fn site(input: &Input) -> Vec<File> {
    let site = Site::new(input.schema);
    let mut files = vec![("style.css".to_string(), STYLE.to_string())];
    let diagrams = diagrams(&site);
    for (g, diagram) in diagrams.iter().enumerate() {
        files.push((site.svg_file(g), svg::standalone(diagram)));
    }
    files.push((
        "index.html".to_string(),
        index_page(&site, input, &diagrams),
    ));
    if site.groups.len() > 1 {
        for (g, diagram) in diagrams.iter().enumerate() {
            files.push((site.page_file(g), group_page(&site, input, g, diagram)));
        }
    }
    files.push((
        "history.html".to_string(),
        history::page(input.title, input.history),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Every group's diagram, in group order. Laying out is most of the work on a large schema
/// and each diagram is independent of the others, so they are drawn on every core.
fn diagrams(site: &Site) -> Vec<String> {
    let count = site.groups.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(count);
    if threads <= 1 {
        return (0..count).map(|g| svg::diagram(site, g)).collect();
    }
    // Thread k draws groups k, k + threads, ...: the groups are of similar size.
    let mut drawn: Vec<(usize, String)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                scope.spawn(move || {
                    (k..count)
                        .step_by(threads)
                        .map(|g| (g, svg::diagram(site, g)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    drawn.sort_by_key(|(g, _)| *g);
    drawn.into_iter().map(|(_, svg)| svg).collect()
}

/// The overview: counts, the diagram (or the index of diagrams), then one section per kind.
fn index_page(site: &Site, input: &Input, diagrams: &[String]) -> String {
    let mut body = String::new();
    body.push_str("<h1>Schema</h1>\n");
    body.push_str(&summary(input.schema, site.groups.len()));
    if input.schema.tables.is_empty() && input.schema.enums.is_empty() {
        body.push_str("<p>The schema is empty: no table or enum is declared yet.</p>\n");
    } else if site.groups.len() == 1 {
        body.push_str(&figure(site, 0, &diagrams[0]));
    } else {
        body.push_str(&kinds::diagram_index(site));
    }
    for section in kinds::overview_sections(site) {
        body.push_str(&section);
    }
    if site.groups.len() == 1 {
        body.push_str(&kinds::table_details(site, &site.groups[0].tables));
    }
    page::page(input.title, "Overview", page::Nav::Overview, &body)
}

/// A page of one group of tables: its diagram, then each table's section.
fn group_page(site: &Site, input: &Input, group: usize, diagram: &str) -> String {
    let title = &site.groups[group].title;
    let mut body = String::new();
    body.push_str("<h1>");
    escape::push(&mut body, title);
    body.push_str("</h1>\n");
    body.push_str(&format!(
        "<p class=\"lead\">Diagram {} of {}: {} tables. <a href=\"index.html#diagrams\">All diagrams</a></p>\n",
        group + 1,
        site.groups.len(),
        site.groups[group].tables.len()
    ));
    body.push_str(&figure(site, group, diagram));
    body.push_str(&kinds::table_details(site, &site.groups[group].tables));
    page::page(input.title, title, page::Nav::Diagrams, &body)
}

/// The diagram in a scrollable figure, with a link to the SVG file and the legend.
fn figure(site: &Site, group: usize, diagram: &str) -> String {
    format!(
        "<figure class=\"diagram\" id=\"diagrams\">\n<div class=\"scroll\">\n{diagram}</div>\n\
         <figcaption>PK primary key, FK foreign key, UK unique; <code>?</code> nullable. \
         Edges run from the referenced table (bar) to the referencing one (crow's foot). \
         Click a table for its section. <a href=\"{svg}\">Diagram alone (SVG)</a></figcaption>\n\
         </figure>\n",
        svg = site.svg_file(group)
    )
}

/// "12 tables, 3 enums, 1 extension in 2 schemas."
fn summary(schema: &Schema, diagrams: usize) -> String {
    let namespaces: std::collections::BTreeSet<&str> = schema
        .tables
        .iter()
        .map(|t| t.name.schema.as_str())
        .chain(schema.enums.iter().map(|e| e.name.schema.as_str()))
        .collect();
    let mut text = format!(
        "<p class=\"lead\">{}, {}, {} in {}",
        crate::style::count(schema.tables.len(), "table"),
        crate::style::count(schema.enums.len(), "enum"),
        crate::style::count(schema.extensions.len(), "extension"),
        crate::style::count(namespaces.len(), "schema"),
    );
    if diagrams > 1 {
        text.push_str(&format!(", drawn as {diagrams} diagrams"));
    }
    text.push_str(". <a href=\"history.html\">Migration history</a></p>\n");
    text
}

/// Lookups shared by every page: the foreign-key graph, the diagram groups, which page holds
/// each table, and which type names are enums.
pub(crate) struct Site<'a> {
    pub schema: &'a Schema,
    pub graph: Graph,
    pub groups: Vec<Group>,
    /// For each table, the group (and so the page) that shows it.
    group_of: Vec<usize>,
    /// Enum display names (`user_status`, `audit.kind`) to their position in `schema.enums`.
    enums: BTreeMap<String, usize>,
}

impl<'a> Site<'a> {
    fn new(schema: &'a Schema) -> Self {
        let graph = Graph::new(schema);
        let groups = graph::groups(schema, &graph);
        let mut group_of = vec![0; schema.tables.len()];
        for (g, group) in groups.iter().enumerate() {
            for &t in &group.tables {
                group_of[t] = g;
            }
        }
        let enums = schema
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.to_string(), i))
            .collect();
        Site {
            schema,
            graph,
            groups,
            group_of,
            enums,
        }
    }

    /// The page of group `g`: `index.html` when there is one diagram.
    pub fn page_file(&self, g: usize) -> String {
        if self.groups.len() == 1 {
            "index.html".to_string()
        } else {
            format!("diagram-{:02}.html", g + 1)
        }
    }

    /// The standalone SVG of group `g`.
    pub fn svg_file(&self, g: usize) -> String {
        if self.groups.len() == 1 {
            "erd.svg".to_string()
        } else {
            format!("diagram-{:02}.svg", g + 1)
        }
    }

    /// The group that shows table `t`.
    pub fn group_of(&self, t: usize) -> usize {
        self.group_of[t]
    }

    /// The link to table `t`'s section.
    pub fn table_href(&self, t: usize) -> String {
        format!(
            "{}#{}",
            self.page_file(self.group_of[t]),
            names::table_anchor(&self.schema.tables[t].name)
        )
    }

    /// The link to enum `e`'s section (on the overview).
    pub fn enum_href(&self, e: usize) -> String {
        format!(
            "index.html#{}",
            names::enum_anchor(&self.schema.enums[e].name)
        )
    }

    /// The enum a column type names (directly or as an array), if any.
    pub fn enum_of_type(&self, data_type: &str) -> Option<usize> {
        self.enums.get(types::split_array(data_type).0).copied()
    }
}
