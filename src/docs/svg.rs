//! The ER diagram of one group of tables as SVG: a card per table (its columns, types and
//! keys), foreign keys as edges from the referenced table to the referencing one, the enums
//! the tables use, and a dashed card for each table on another diagram that one of these
//! references. Every card links to its section. Styled from within, so the `.svg` file looks
//! the same alone as inside a page.

use super::Site;
use super::escape;
use super::graph::Reference;
use super::keys::{badge, in_primary_key, is_one_to_one};
use super::layout::{self, Size};
use super::names::short_type;
use crate::schema::model::{ForeignKey, Table};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The diagram's monospace font: 12 px, each character 0.6 em wide in DejaVu Sans Mono,
/// Menlo and Consolas alike (a little more here, so a name never overruns its card).
const CHAR_WIDTH: f64 = 7.4;
const HEADER: f64 = 26.0;
const ROW: f64 = 18.0;
const PAD: f64 = 10.0;
/// Enum cards list at most this many values, then "… N more".
const MAX_ENUM_VALUES: usize = 12;

const STYLE: &str = "\
.erd{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px}\
.erd .card{fill:#fff;stroke:#8a9bb0;stroke-width:1}\
.erd .head{fill:#2f5d8a}\
.erd .enum .head{fill:#6b7a2f}\
.erd .stub .card{fill:#f3f5f8;stroke-dasharray:4 3}\
.erd .stub .head{fill:#8a9bb0}\
.erd .title{fill:#fff;font-weight:bold}\
.erd .name{fill:#1a202c}\
.erd .type{fill:#5a6677}\
.erd .note{fill:#5a6677;font-style:italic}\
.erd .pk{fill:#b7791f;font-weight:bold}\
.erd .fk{fill:#2b6cb0;font-weight:bold}\
.erd .uk{fill:#6b46c1;font-weight:bold}\
.erd .edge{fill:none;stroke:#7a8699;stroke-width:1.4}\
.erd .edge:hover,.erd a:hover .card{stroke:#c05621;stroke-width:2.5}\
.erd .mark{fill:none;stroke:#7a8699;stroke-width:1.4}";

/// One card of the diagram.
struct Card {
    /// `table`, `enum` or `stub` (the CSS class).
    kind: &'static str,
    /// The header text.
    title: String,
    rows: Vec<Row>,
    href: String,
    /// The `<title>` tooltip (a comment), if any.
    tooltip: Option<String>,
    /// For tables: the name, as `data-table` (the tests count them).
    table: Option<String>,
}

/// One line of a card: a key badge, a name and a type (or a note).
struct Row {
    badge: String,
    name: String,
    detail: String,
    /// The CSS class of `detail`: `type`, or `note` for explanatory text.
    detail_class: &'static str,
}

/// Where a card's columns start: the badge, the name and the detail (type or note).
struct Columns {
    badge: f64,
    name: f64,
    detail: f64,
}

impl Card {
    /// The widest of `f` over the rows, in characters.
    fn widest(&self, f: fn(&Row) -> &str) -> usize {
        self.rows
            .iter()
            .map(|r| f(r).chars().count())
            .max()
            .unwrap_or(0)
    }

    fn columns(&self) -> Columns {
        let (badge, name) = (self.widest(|r| &r.badge), self.widest(|r| &r.name));
        let name_x = match badge {
            0 => PAD,
            n => PAD + (n + 1) as f64 * CHAR_WIDTH,
        };
        let detail_x = match name {
            0 => name_x,
            n => name_x + (n + 2) as f64 * CHAR_WIDTH,
        };
        Columns {
            badge: PAD,
            name: name_x,
            detail: detail_x,
        }
    }

    fn height(&self) -> f64 {
        HEADER + ROW * self.rows.len() as f64 + 6.0
    }

    fn size(&self) -> Size {
        let rows_width =
            self.columns().detail + self.widest(|r| &r.detail) as f64 * CHAR_WIDTH + PAD;
        // The title is bold: a little wider than the rows' characters.
        let title_width = 2.0 * PAD + 1.1 * CHAR_WIDTH * self.title.chars().count() as f64;
        Size {
            width: rows_width.max(title_width).max(120.0).ceil(),
            height: self.height(),
        }
    }
}

/// The diagram of group `g` as an `<svg>` element (inline-ready: it carries its namespace).
pub fn diagram(site: &Site, g: usize) -> String {
    let (cards, node) = cards(site, g);
    let drawn = edges(site, g, &node);
    // Self-references are drawn as a loop beside their card, not laid out.
    let layout_edges: Vec<(usize, usize)> = drawn
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| (e.from, e.to))
        .collect();
    let sizes: Vec<Size> = cards.iter().map(Card::size).collect();
    let placed = layout::place(&sizes, &layout_edges);

    let mut out = String::with_capacity(2048 + 1024 * cards.len());
    // A self-reference's loop sticks out to the right of its card.
    let width = placed.width
        + if drawn.iter().any(|e| e.from == e.to) {
            40.0
        } else {
            0.0
        };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"erd\" width=\"{w:.0}\" height=\"{h:.0}\" \
         viewBox=\"0 0 {w:.0} {h:.0}\">\n<title>ER diagram: ",
        w = width.max(1.0),
        h = placed.height.max(1.0)
    );
    escape::push(&mut out, &site.groups[g].title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n");
    out.push_str(MARKERS);
    out.push_str("<g class=\"edges\">\n");
    let mut laid_out = 0;
    for edge in &drawn {
        let path = if edge.from == edge.to {
            Some(self_loop(site, edge.reference, &placed.boxes[edge.from]))
        } else {
            laid_out += 1;
            placed.path(laid_out - 1)
        };
        if let Some(path) = path {
            draw_edge(&mut out, site, edge.reference, &path);
        }
    }
    out.push_str("</g>\n<g class=\"cards\">\n");
    for (card, rect) in cards.iter().zip(&placed.boxes) {
        draw_card(&mut out, card, rect.x, rect.y, rect.width);
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// The cards of group `g` (its tables, then tables elsewhere that they reference, then the
/// enums they use) and, for each table shown, its card: `(table, card)` sorted by table.
fn cards(site: &Site, g: usize) -> (Vec<Card>, Vec<(usize, usize)>) {
    let group = &site.groups[g];
    let in_group: BTreeSet<usize> = group.tables.iter().copied().collect();
    let mut cards: Vec<Card> = group.tables.iter().map(|&t| table_card(site, t)).collect();
    let mut node: Vec<(usize, usize)> = group
        .tables
        .iter()
        .enumerate()
        .map(|(n, &t)| (t, n))
        .collect();
    let outside: BTreeSet<usize> = group
        .tables
        .iter()
        .flat_map(|&t| site.graph.outgoing[t].iter().map(|r| r.to))
        .filter(|to| !in_group.contains(to))
        .collect();
    for &t in &outside {
        node.push((t, cards.len()));
        cards.push(stub_card(site, t));
    }
    node.sort_unstable();
    let whole_schema = group.tables.len() == site.schema.tables.len();
    for e in used_enums(site, whole_schema, &group.tables) {
        cards.push(enum_card(site, e));
    }
    (cards, node)
}

/// A foreign key drawn as an edge between two cards.
struct Edge {
    reference: Reference,
    /// The referenced table's card: the edge starts there (and is laid out above).
    from: usize,
    /// The referencing table's card.
    to: usize,
}

/// Every foreign key of group `g`'s tables, in table and key order.
fn edges(site: &Site, g: usize, node: &[(usize, usize)]) -> Vec<Edge> {
    let card = |t: usize| {
        node.binary_search_by_key(&t, |&(table, _)| table)
            .map(|i| node[i].1)
            .ok()
    };
    site.groups[g]
        .tables
        .iter()
        .flat_map(|&t| site.graph.outgoing[t].iter().copied())
        .filter_map(|reference| {
            Some(Edge {
                reference,
                from: card(reference.to)?,
                to: card(reference.from)?,
            })
        })
        .collect()
}

/// A loop on the right of a card, from the referenced column's row to the referencing one's.
fn self_loop(site: &Site, reference: Reference, rect: &layout::Rect) -> String {
    let table = &site.schema.tables[reference.from];
    let fk = &table.foreign_keys[reference.key];
    let row_y = |column: Option<&String>| {
        let row = column
            .and_then(|name| table.columns.iter().position(|c| &c.name == name))
            .unwrap_or(0);
        rect.y + HEADER + ROW * row as f64 + ROW / 2.0
    };
    let (y1, y2) = (
        row_y(fk.referenced_columns.first()),
        row_y(fk.columns.first()),
    );
    let x = rect.x + rect.width;
    format!(
        "M {x:.1} {y1:.1} C {c:.1} {y1:.1}, {c:.1} {y2:.1}, {x:.1} {y2:.1}",
        c = x + 36.0
    )
}

/// An edge with its markers and its tooltip.
fn draw_edge(out: &mut String, site: &Site, reference: Reference, path: &str) {
    let table = &site.schema.tables[reference.from];
    let fk = &table.foreign_keys[reference.key];
    let end = if is_one_to_one(table, fk) {
        "one"
    } else {
        "many"
    };
    let _ = write!(
        out,
        "<path class=\"edge\" d=\"{path}\" marker-start=\"url(#erd-one)\" marker-end=\"url(#erd-{end})\"><title>"
    );
    escape::push(out, &edge_title(table, fk));
    out.push_str("</title></path>\n");
}

/// The diagram as a file of its own.
pub fn standalone(diagram: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{diagram}")
}

/// A bar at the referenced end ("one"), a crow's foot at the referencing end ("many"); both
/// drawn pointing into the card, whichever way the edge runs.
const MARKERS: &str = "<defs>\
<marker id=\"erd-one\" viewBox=\"0 0 14 12\" refX=\"14\" refY=\"6\" markerWidth=\"14\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">\
<path class=\"mark\" d=\"M0 6 H14 M8 1 V11\"/></marker>\
<marker id=\"erd-many\" viewBox=\"0 0 14 12\" refX=\"14\" refY=\"6\" markerWidth=\"14\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
<path class=\"mark\" d=\"M0 6 H14 M4 6 L14 1 M4 6 L14 11\"/></marker>\
</defs>\n";

fn draw_card(out: &mut String, card: &Card, x: f64, y: f64, width: f64) {
    out.push_str("<a href=\"");
    escape::push(out, &card.href);
    let _ = write!(
        out,
        "\"><g class=\"{kind}\" transform=\"translate({x:.1} {y:.1})\"",
        kind = card.kind
    );
    if let Some(name) = &card.table {
        out.push_str(" data-table=\"");
        escape::push(out, name);
        out.push('"');
    }
    out.push('>');
    if let Some(tooltip) = &card.tooltip {
        out.push_str("<title>");
        escape::push(out, tooltip);
        out.push_str("</title>");
    }
    let _ = write!(
        out,
        "<rect class=\"card\" width=\"{width:.0}\" height=\"{height:.0}\" rx=\"4\"/>\
         <rect class=\"head\" width=\"{width:.0}\" height=\"{HEADER:.0}\" rx=\"4\"/>\
         <text class=\"title\" x=\"{PAD:.0}\" y=\"17\">",
        height = card.height()
    );
    escape::push(out, &card.title);
    out.push_str("</text>\n");
    let columns = card.columns();
    for (i, row) in card.rows.iter().enumerate() {
        draw_row(out, row, HEADER + ROW * i as f64 + 14.0, &columns);
    }
    out.push_str("</g></a>\n");
}

/// One row of a card as a `<text>` with a `<tspan>` per column.
fn draw_row(out: &mut String, row: &Row, baseline: f64, columns: &Columns) {
    let _ = write!(out, "<text y=\"{baseline:.0}\">");
    if !row.badge.is_empty() {
        // Coloured after its first key: PK before FK before UK.
        let class = row
            .badge
            .split(',')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let _ = write!(out, "<tspan class=\"{class}\" x=\"{:.1}\">", columns.badge);
        escape::push(out, &row.badge);
        out.push_str("</tspan>");
    }
    if !row.name.is_empty() {
        let _ = write!(out, "<tspan class=\"name\" x=\"{:.1}\">", columns.name);
        escape::push(out, &row.name);
        out.push_str("</tspan>");
    }
    let _ = write!(
        out,
        "<tspan class=\"{class}\" x=\"{x:.1}\">",
        class = row.detail_class,
        x = columns.detail
    );
    escape::push(out, &row.detail);
    out.push_str("</tspan></text>\n");
}

fn table_card(site: &Site, t: usize) -> Card {
    let table = &site.schema.tables[t];
    let rows = table
        .columns
        .iter()
        .map(|column| {
            let mut detail = short_type(&column.data_type);
            if !column.not_null && !in_primary_key(table, &column.name) {
                detail.push('?');
            }
            Row {
                badge: badge(table, &column.name),
                name: column.name.clone(),
                detail,
                detail_class: "type",
            }
        })
        .collect();
    Card {
        kind: "table",
        title: table.name.to_string(),
        rows,
        href: site.table_href(t),
        tooltip: table.comment.clone(),
        table: Some(table.name.to_string()),
    }
}

fn stub_card(site: &Site, t: usize) -> Card {
    let table = &site.schema.tables[t];
    Card {
        kind: "stub",
        title: table.name.to_string(),
        rows: vec![Row {
            badge: String::new(),
            name: String::new(),
            detail: format!("on diagram {}", site.group_of(t) + 1),
            detail_class: "note",
        }],
        href: site.table_href(t),
        tooltip: None,
        table: None,
    }
}

fn enum_card(site: &Site, e: usize) -> Card {
    let enum_type = &site.schema.enums[e];
    let mut rows: Vec<Row> = enum_type
        .values
        .iter()
        .take(MAX_ENUM_VALUES)
        .map(|value| Row {
            badge: String::new(),
            name: String::new(),
            detail: value.clone(),
            detail_class: "type",
        })
        .collect();
    if enum_type.values.len() > MAX_ENUM_VALUES {
        rows.push(Row {
            badge: String::new(),
            name: String::new(),
            detail: format!("… {} more", enum_type.values.len() - MAX_ENUM_VALUES),
            detail_class: "note",
        });
    }
    Card {
        kind: "enum",
        title: format!("enum {}", enum_type.name),
        rows,
        href: site.enum_href(e),
        tooltip: None,
        table: None,
    }
}

/// The enums to draw: every enum when the diagram shows the whole schema, else those the
/// tables' columns use; in schema order.
fn used_enums(site: &Site, whole_schema: bool, tables: &[usize]) -> Vec<usize> {
    if whole_schema {
        return (0..site.schema.enums.len()).collect();
    }
    let used: BTreeSet<usize> = tables
        .iter()
        .flat_map(|&t| site.schema.tables[t].columns.iter())
        .filter_map(|c| site.enum_of_type(&c.data_type))
        .collect();
    used.into_iter().collect()
}

/// `posts.author_id -> auth.id (posts_author_id_fkey, on delete cascade)`.
fn edge_title(table: &Table, fk: &ForeignKey) -> String {
    let mut text = format!(
        "{}.{} -> {}.{} ({}",
        table.name,
        fk.columns.join(", "),
        fk.referenced_table,
        fk.referenced_columns.join(", "),
        fk.name
    );
    if fk.on_delete != Default::default() {
        text.push_str(", on delete ");
        text.push_str(fk.on_delete.toml());
    }
    if fk.on_update != Default::default() {
        text.push_str(", on update ");
        text.push_str(fk.on_update.toml());
    }
    text.push(')');
    text
}
