//! Places the boxes of a diagram and routes its edges, with the `layout-rs` crate (Sugiyama
//! layering, crossing reduction, Brandes-Koepf placement). strata draws the SVG itself: the
//! crate only reports where each box went and the curve of each edge.

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// A box's size, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// Where a box went: its top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A placed diagram: a rectangle per box and a curve per edge, in input order, and the
/// size of the whole.
#[derive(Debug, Clone, Default)]
pub struct Placed {
    pub boxes: Vec<Rect>,
    /// Each edge's curve: a start point, then (control, control, end) triples as in an SVG
    /// path `M p C c1 c2 p2 S c3 p3 ...` (see [`Placed::path`]). Empty when the layout gave none.
    pub edges: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

impl Placed {
    /// The SVG path data of edge `i`, with one decimal (deterministic and compact).
    pub fn path(&self, i: usize) -> Option<String> {
        let points = self.edges.get(i)?;
        if points.len() < 4 {
            return None;
        }
        let p = |(x, y): (f64, f64)| format!("{x:.1} {y:.1}");
        let mut d = format!(
            "M {} C {}, {}, {}",
            p(points[0]),
            p(points[1]),
            p(points[2]),
            p(points[3])
        );
        for pair in points[4..].chunks(2) {
            if let [control, end] = pair {
                d.push_str(&format!(" S {}, {}", p(*control), p(*end)));
            }
        }
        Some(d)
    }
}

/// The margin around a drawing, and the gap between packed boxes.
const MARGIN: f64 = 20.0;
const GAP: f64 = 40.0;
/// Boxes without edges are packed in rows at least this wide (or as wide as the graph).
const MIN_ROW: f64 = 1200.0;

/// Lays out boxes of the given sizes with edges `(from, to)` between them: `from` is placed
/// above `to` where the edges allow it. Boxes without edges (tables nothing references, enums)
/// are packed in rows below the graph rather than left to widen its first layer. Never
/// panics: should the layout crate fail, every box is packed and the edges left out.
pub fn place(sizes: &[Size], edges: &[(usize, usize)]) -> Placed {
    let mut linked = vec![false; sizes.len()];
    for &(from, to) in edges {
        for end in [from, to] {
            if let Some(slot) = linked.get_mut(end) {
                *slot = true;
            }
        }
    }
    let graph_nodes: Vec<usize> = (0..sizes.len()).filter(|&i| linked[i]).collect();
    let mut placed = Placed {
        boxes: vec![Rect::default(); sizes.len()],
        edges: vec![Vec::new(); edges.len()],
        ..Placed::default()
    };
    let mut packed: Vec<usize> = (0..sizes.len()).filter(|&i| !linked[i]).collect();
    if !graph_nodes.is_empty() {
        // Positions in the subgraph of linked boxes.
        let mut position = vec![usize::MAX; sizes.len()];
        for (n, &i) in graph_nodes.iter().enumerate() {
            position[i] = n;
        }
        let sub_sizes: Vec<Size> = graph_nodes.iter().map(|&i| sizes[i]).collect();
        let sub_edges: Vec<(usize, usize)> = edges
            .iter()
            .map(|&(from, to)| (position[from], position[to]))
            .collect();
        let run = std::panic::catch_unwind(|| place_with_crate(&sub_sizes, &sub_edges));
        match run {
            Ok(Some(graph)) => {
                for (n, &i) in graph_nodes.iter().enumerate() {
                    placed.boxes[i] = graph.boxes[n];
                }
                placed.edges = graph.edges;
                placed.width = graph.width;
                placed.height = graph.height;
            }
            _ => packed = (0..sizes.len()).collect(),
        }
    }
    pack(&mut placed, sizes, &packed);
    placed
}

/// Sets out boxes `which` in rows below what is placed, widening the drawing as needed.
fn pack(placed: &mut Placed, sizes: &[Size], which: &[usize]) {
    if which.is_empty() {
        return;
    }
    let row_limit = placed.width.max(MIN_ROW);
    let top = if placed.height > 0.0 {
        placed.height
    } else {
        MARGIN
    };
    let (mut x, mut y, mut row_height) = (MARGIN, top, 0.0f64);
    for &i in which {
        let size = sizes[i];
        if x > MARGIN && x + size.width > row_limit - MARGIN {
            x = MARGIN;
            y += row_height + GAP;
            row_height = 0.0;
        }
        placed.boxes[i] = Rect {
            x,
            y,
            width: size.width,
            height: size.height,
        };
        x += size.width + GAP;
        row_height = row_height.max(size.height);
        placed.width = placed.width.max(x - GAP + MARGIN);
    }
    placed.height = y + row_height + MARGIN;
}

fn place_with_crate(sizes: &[Size], edges: &[(usize, usize)]) -> Option<Placed> {
    let orientation = Orientation::TopToBottom;
    let mut graph = VisualGraph::new(orientation);
    let handles: Vec<_> = sizes
        .iter()
        .enumerate()
        .map(|(i, size)| {
            graph.add_node(Element::create_with_properties(
                ShapeKind::new_box(""),
                StyleAttr::simple(),
                orientation,
                Point::new(size.width, size.height),
                format!("n{i}"),
            ))
        })
        .collect();
    for (i, &(from, to)) in edges.iter().enumerate() {
        graph.add_edge(
            Arrow::simple_with_properties("", format!("e{i}")),
            *handles.get(from)?,
            *handles.get(to)?,
        );
    }
    let mut recorder = Recorder {
        placed: Placed {
            boxes: vec![Rect::default(); sizes.len()],
            edges: vec![Vec::new(); edges.len()],
            ..Placed::default()
        },
    };
    graph.do_it(false, false, false, &mut recorder);
    Some(recorder.normalised())
}

/// A render backend that records where layout-rs draws our boxes and edges (tagged with
/// `n<i>` and `e<i>` properties) and ignores everything else.
struct Recorder {
    placed: Placed,
}

impl Recorder {
    /// Moves the drawing so its top-left is at (20, 20) and sets the overall size.
    fn normalised(mut self) -> Placed {
        let points = self.placed.edges.iter().flatten().copied();
        let corners = self
            .placed
            .boxes
            .iter()
            .flat_map(|b| [(b.x, b.y), (b.x + b.width, b.y + b.height)]);
        let all: Vec<(f64, f64)> = corners.chain(points).collect();
        let min_x = all.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let min_y = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let max_x = all.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        let max_y = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let (dx, dy) = (MARGIN - min_x, MARGIN - min_y);
        for b in &mut self.placed.boxes {
            b.x += dx;
            b.y += dy;
        }
        for point in self.placed.edges.iter_mut().flatten() {
            point.0 += dx;
            point.1 += dy;
        }
        self.placed.width = max_x - min_x + 2.0 * MARGIN;
        self.placed.height = max_y - min_y + 2.0 * MARGIN;
        self.placed
    }
}

/// The index in a `n<i>` / `e<i>` tag.
fn tagged(properties: &Option<String>, prefix: char) -> Option<usize> {
    properties.as_deref()?.strip_prefix(prefix)?.parse().ok()
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(slot) = tagged(&properties, 'n').and_then(|i| self.placed.boxes.get_mut(i)) {
            *slot = Rect {
                x: xy.x,
                y: xy.y,
                width: size.x,
                height: size.y,
            };
        }
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        _head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        // layout-rs's path: the start point and its exit control, then for each later point
        // its entry control and the point (svg.rs in the crate writes `M a C b, c, d S e, f`).
        if let Some(slot) = tagged(&properties, 'e').and_then(|i| self.placed.edges.get_mut(i)) {
            *slot = path
                .iter()
                .flat_map(|(a, b)| [(a.x, a.y), (b.x, b.y)])
                .collect();
        }
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(n: usize) -> Vec<Size> {
        vec![
            Size {
                width: 100.0,
                height: 60.0
            };
            n
        ]
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    #[test]
    fn boxes_do_not_overlap_and_edges_have_curves() {
        let edges = [(0, 1), (0, 2), (2, 3), (3, 3), (1, 0)];
        let placed = place(&sizes(5), &edges);
        assert_eq!(placed.boxes.len(), 5);
        for (i, a) in placed.boxes.iter().enumerate() {
            assert_eq!(a.width, 100.0);
            for b in &placed.boxes[i + 1..] {
                assert!(!overlap(a, b), "{a:?} overlaps {b:?}");
            }
            assert!(a.x >= 0.0 && a.x + a.width <= placed.width);
            assert!(a.y >= 0.0 && a.y + a.height <= placed.height);
        }
        for i in 0..edges.len() {
            let path = placed
                .path(i)
                .unwrap_or_else(|| panic!("edge {i} has no path"));
            assert!(path.starts_with("M "), "{path}");
        }
        // Parents above children.
        assert!(placed.boxes[0].y < placed.boxes[2].y);
    }

    #[test]
    fn empty_and_single() {
        assert!(place(&[], &[]).boxes.is_empty());
        let one = place(&sizes(1), &[]);
        assert_eq!(one.boxes.len(), 1);
        assert_eq!((one.boxes[0].x, one.boxes[0].y), (20.0, 20.0));
    }

    #[test]
    fn same_input_same_output() {
        let edges = [(0, 1), (1, 2), (0, 3), (3, 4), (4, 5), (2, 5)];
        let a = place(&sizes(6), &edges);
        let b = place(&sizes(6), &edges);
        assert_eq!(a.boxes, b.boxes);
        assert_eq!(a.edges, b.edges);
    }

    #[test]
    fn boxes_without_edges_are_packed_below_the_graph() {
        let placed = place(&sizes(40), &[(0, 1)]);
        let graph_bottom = placed.boxes[0].y.max(placed.boxes[1].y) + 60.0;
        for b in &placed.boxes[2..] {
            assert!(b.y >= graph_bottom, "{b:?} is not below the graph");
            assert!(b.x + b.width <= MIN_ROW, "{b:?} overruns the row");
        }
        assert!(placed.boxes[12].y > placed.boxes[2].y, "wrapped into rows");
        let alone = place(&sizes(3), &[]);
        assert_eq!((alone.boxes[0].x, alone.boxes[0].y), (20.0, 20.0));
        assert_eq!(alone.boxes[1].x, 160.0);
    }
}
