//! The foreign-key graph of a schema (who references whom) and how its tables are split into
//! diagrams when there are too many for one to stay readable.

use crate::schema::model::{QualifiedName, Schema};

/// From this many tables on, the schema is drawn as several diagrams with an index.
pub const SPLIT_AT: usize = 200;
/// The most tables one diagram holds once the schema is split.
pub const GROUP_SIZE: usize = 50;

/// The position of a table in `schema.tables`, if it exists.
pub fn table_index(schema: &Schema, name: &QualifiedName) -> Option<usize> {
    match schema.tables.binary_search_by(|t| t.name.cmp(name)) {
        Ok(i) => Some(i),
        Err(_) => schema.tables.iter().position(|t| &t.name == name),
    }
}

/// One foreign key as an edge: the referencing table and key, and the referenced table when
/// it exists in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The table holding the foreign key.
    pub from: usize,
    /// The foreign key's position in that table's `foreign_keys`.
    pub key: usize,
    /// The referenced table.
    pub to: usize,
}

/// Every foreign key of a schema, by referencing and by referenced table.
#[derive(Debug, Default)]
pub struct Graph {
    /// For each table, the references it holds, in foreign-key order.
    pub outgoing: Vec<Vec<Reference>>,
    /// For each table, the references pointing at it, by referencing table then key.
    pub incoming: Vec<Vec<Reference>>,
}

impl Graph {
    /// The graph of `schema`. A foreign key to a table missing from the model (which
    /// validation forbids) is left out.
    pub fn new(schema: &Schema) -> Graph {
        let count = schema.tables.len();
        let mut graph = Graph {
            outgoing: vec![Vec::new(); count],
            incoming: vec![Vec::new(); count],
        };
        for (from, table) in schema.tables.iter().enumerate() {
            for (key, fk) in table.foreign_keys.iter().enumerate() {
                if let Some(to) = table_index(schema, &fk.referenced_table) {
                    let reference = Reference { from, key, to };
                    graph.outgoing[from].push(reference);
                    graph.incoming[to].push(reference);
                }
            }
        }
        graph
    }

    /// The tables linked to `table` by a foreign key in either direction, sorted, without
    /// `table` itself.
    fn neighbours(&self, table: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self.outgoing[table]
            .iter()
            .map(|r| r.to)
            .chain(self.incoming[table].iter().map(|r| r.from))
            .filter(|&t| t != table)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The tables drawn in one diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// What the diagram shows, e.g. `public: posts and 49 more`.
    pub title: String,
    /// Positions in `schema.tables`, ascending.
    pub tables: Vec<usize>,
}

/// The diagrams of a schema: one with every table below [`SPLIT_AT`] tables; otherwise one per
/// PostgreSQL schema and connected group of tables, a group larger than [`GROUP_SIZE`] cut
/// into parts along a depth-first walk (so a part is mostly connected) and small groups packed
/// together. Deterministic: it depends only on the model's (sorted) order.
pub fn groups(schema: &Schema, graph: &Graph) -> Vec<Group> {
    let count = schema.tables.len();
    if count < SPLIT_AT {
        return vec![Group {
            title: "All tables".to_string(),
            tables: (0..count).collect(),
        }];
    }
    let mut out = Vec::new();
    let mut start = 0;
    while start < count {
        let namespace = &schema.tables[start].name.schema;
        let end = start
            + schema.tables[start..]
                .iter()
                .take_while(|t| &t.name.schema == namespace)
                .count();
        group_namespace(schema, graph, start..end, &mut out);
        start = end;
    }
    out
}

/// The groups of the tables `range` (one PostgreSQL schema), appended to `out`.
fn group_namespace(
    schema: &Schema,
    graph: &Graph,
    range: std::ops::Range<usize>,
    out: &mut Vec<Group>,
) {
    let namespace = schema.tables[range.start].name.schema.clone();
    let mut visited = vec![false; schema.tables.len()];
    let mut packed: Vec<usize> = Vec::new();
    let flush = |packed: &mut Vec<usize>, out: &mut Vec<Group>| {
        if !packed.is_empty() {
            out.push(group(schema, &namespace, std::mem::take(packed)));
        }
    };
    for first in range.clone() {
        if visited[first] {
            continue;
        }
        let component = depth_first(graph, first, &range, &mut visited);
        if component.len() > GROUP_SIZE {
            flush(&mut packed, out);
            let parts = component.len().div_ceil(GROUP_SIZE);
            let size = component.len().div_ceil(parts);
            for part in component.chunks(size) {
                out.push(group(schema, &namespace, part.to_vec()));
            }
        } else {
            if packed.len() + component.len() > GROUP_SIZE {
                flush(&mut packed, out);
            }
            packed.extend(component);
        }
    }
    flush(&mut packed, out);
}

/// The tables reachable from `first` through foreign keys inside `range`, in depth-first
/// preorder with neighbours taken in ascending order.
fn depth_first(
    graph: &Graph,
    first: usize,
    range: &std::ops::Range<usize>,
    visited: &mut [bool],
) -> Vec<usize> {
    let mut order = Vec::new();
    let mut stack = vec![first];
    while let Some(table) = stack.pop() {
        if visited[table] {
            continue;
        }
        visited[table] = true;
        order.push(table);
        for next in graph.neighbours(table).into_iter().rev() {
            if range.contains(&next) && !visited[next] {
                stack.push(next);
            }
        }
    }
    order
}

/// A group of `tables` (in walk order: the first names the group), sorted for display.
fn group(schema: &Schema, namespace: &str, mut tables: Vec<usize>) -> Group {
    let first = &schema.tables[tables[0]].name.name;
    let title = match tables.len() {
        1 => format!("{namespace}: {first}"),
        n => format!("{namespace}: {first} and {} more", n - 1),
    };
    tables.sort_unstable();
    Group { title, tables }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Column, ForeignKey, ReferentialAction, Table};

    fn table(name: &str, references: &[&str]) -> Table {
        let mut t = Table::new(QualifiedName::parse(name));
        t.columns.push(Column::new("id", "integer"));
        for (i, target) in references.iter().enumerate() {
            t.foreign_keys.push(ForeignKey {
                name: format!("{name}_{i}_fkey"),
                columns: vec!["id".into()],
                referenced_table: QualifiedName::parse(target),
                referenced_columns: vec!["id".into()],
                on_delete: ReferentialAction::NoAction,
                on_update: ReferentialAction::NoAction,
                ..ForeignKey::default()
            });
        }
        t
    }

    fn schema(tables: Vec<Table>) -> Schema {
        let mut schema = Schema {
            tables,
            ..Default::default()
        };
        schema.sort();
        schema
    }

    #[test]
    fn references_both_ways() {
        let s = schema(vec![table("a", &[]), table("b", &["a", "b"])]);
        let g = Graph::new(&s);
        assert_eq!(g.outgoing[1].len(), 2);
        assert_eq!(
            g.incoming[0],
            vec![Reference {
                from: 1,
                key: 0,
                to: 0
            }]
        );
        assert_eq!(
            g.incoming[1],
            vec![Reference {
                from: 1,
                key: 1,
                to: 1
            }]
        );
        assert_eq!(g.neighbours(1), vec![0]);
    }

    #[test]
    fn small_schemas_are_one_diagram() {
        let s = schema(vec![table("a", &[]), table("b", &["a"])]);
        let groups = groups(&s, &Graph::new(&s));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].tables, vec![0, 1]);
    }

    #[test]
    fn large_schemas_split_by_namespace_and_component() {
        // A binary tree of 230 tables in public, 30 unrelated tables in `audit`.
        let mut tables: Vec<Table> = (0..230)
            .map(|i| {
                let name = format!("t{i:03}");
                if i == 0 {
                    table(&name, &[])
                } else {
                    table(&name, &[&format!("t{:03}", (i - 1) / 2)])
                }
            })
            .collect();
        tables.extend((0..30).map(|i| table(&format!("audit.log{i:02}"), &[])));
        let s = schema(tables);
        let groups = groups(&s, &Graph::new(&s));
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.tables.clone()).collect();
        seen.sort_unstable();
        assert_eq!(
            seen,
            (0..260).collect::<Vec<_>>(),
            "every table exactly once"
        );
        assert!(groups.iter().all(|g| g.tables.len() <= GROUP_SIZE));
        assert_eq!(groups[0].title, "audit: log00 and 29 more");
        assert_eq!(
            groups.len(),
            1 + 5,
            "audit packed in one, 230 in five parts"
        );
        assert!(groups[1].title.starts_with("public: t000 and"));
    }
}
