//! Functions, procedures and aggregates, matched by schema, name and argument types.
//!
//! New ones are created before the defaults, checks and indexes that call them
//! (`CreateFunctions`, bodies unchecked); those over a table's row type, or with a body the
//! server parses at creation (`BEGIN ATOMIC`, `RETURN`), after the tables
//! (`CreateRelationFunctions`). A changed body or option is `CREATE OR REPLACE`; a changed
//! argument list or return type, which PostgreSQL cannot replace, is a drop and a create.
//! Removed ones are dropped late (`DropFunctions`), once nothing calls them, or early
//! (`DropRelationFunctions`) when they hang on a table. Aggregates follow their functions
//! and are dropped before them; within a phase, a function follows the functions it names.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{Aggregate, Argument, Function, QualifiedName, Schema};
use crate::sql::refs::Mentions;

pub(super) fn diff_functions(from: &Schema, to: &Schema, phases: &mut Phases) {
    let mut creates: Vec<(Phase, &Function, Change)> = Vec::new();
    for function in &to.functions {
        let phase = if is_relation_function(function, to) {
            Phase::CreateRelationFunctions
        } else {
            Phase::CreateFunctions
        };
        // Grants are changes of their own (`diff::grant`).
        let bare = function.without_grants();
        let change = match from.function(&function.key()).map(Function::without_grants) {
            None => Change::CreateFunction { function: bare },
            Some(old) if old == bare => continue,
            Some(old) if needs_recreate(&old, &bare) => Change::RecreateFunction {
                from: old,
                to: bare,
            },
            Some(old) => Change::ReplaceFunction {
                from: old,
                to: bare,
            },
        };
        creates.push((phase, function, change));
    }
    let mut drops: Vec<(Phase, &Function, Change)> = Vec::new();
    for function in &from.functions {
        if to.function(&function.key()).is_none() {
            let phase = if is_relation_function(function, from) {
                Phase::DropRelationFunctions
            } else {
                Phase::DropFunctions
            };
            drops.push((
                phase,
                function,
                Change::DropFunction {
                    function: function.without_grants(),
                },
            ));
        }
    }

    // Aggregates: dropped before the functions they use, created after.
    for aggregate in &from.aggregates {
        if to.aggregate(&aggregate.key()).is_none() {
            let phase = if aggregate_on_relation(aggregate, from) {
                Phase::DropRelationFunctions
            } else {
                Phase::DropFunctions
            };
            phases.push(
                phase,
                Change::DropAggregate {
                    aggregate: aggregate.clone(),
                },
            );
        }
    }
    let mut drops = in_dependency_order(drops);
    drops.reverse();
    for (phase, _, change) in drops {
        phases.push(phase, change);
    }
    for (phase, _, change) in in_dependency_order(creates) {
        phases.push(phase, change);
    }
    for aggregate in &to.aggregates {
        let phase = if aggregate_on_relation(aggregate, to) {
            Phase::CreateRelationFunctions
        } else {
            Phase::CreateFunctions
        };
        let change = match from.aggregate(&aggregate.key()) {
            None => Change::CreateAggregate {
                aggregate: aggregate.clone(),
            },
            Some(old) if old == aggregate => continue,
            Some(old) if old.stype != aggregate.stype || old.finalfunc != aggregate.finalfunc => {
                Change::RecreateAggregate {
                    from: old.clone(),
                    to: aggregate.clone(),
                }
            }
            Some(old) => Change::ReplaceAggregate {
                from: old.clone(),
                to: aggregate.clone(),
            },
        };
        phases.push(phase, change);
    }
}

/// True when PostgreSQL cannot `CREATE OR REPLACE` one into the other: the argument list
/// (names, modes, defaults) or the return type changes, or a function becomes a procedure.
pub fn needs_recreate(from: &Function, to: &Function) -> bool {
    from.arguments != to.arguments || from.returns != to.returns || from.procedure != to.procedure
}

/// The type names an argument list and return clause use (element types, `SETOF` and
/// `%ROWTYPE` stripped).
fn type_names(function: &Function) -> Vec<QualifiedName> {
    let mut types: Vec<String> = function
        .arguments
        .iter()
        .map(|a| Argument::parse(a).data_type)
        .collect();
    if let Some(returns) = &function.returns {
        let text = returns.trim();
        let lower = text.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("setof ") {
            types.push(text[text.len() - rest.len()..].trim().to_string());
        } else if !crate::schema::model::returns_set(text) {
            types.push(text.to_string());
        } else if let Some(open) = text.find('(') {
            let inner = text[open + 1..].trim_end().trim_end_matches(')');
            types.extend(inner.split(',').map(|c| Argument::parse(c).data_type));
        }
    }
    types
        .iter()
        .map(|t| {
            let t = t.split('%').next().unwrap_or(t);
            let (base, _) = crate::schema::types::split_array(t);
            QualifiedName::parse(&unquote(base.trim()))
        })
        .collect()
}

fn unquote(text: &str) -> String {
    text.split('.')
        .map(|p| p.trim().trim_matches('"').to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// True when a function needs tables to exist: its arguments or result use a table's row
/// type (or a column's type, `t.c%TYPE`), or its body is parsed at creation (SQL-standard)
/// and names a table. A SQL-standard body that reads no table (`RETURN lower(t)`) is created
/// with the others, before the indexes and defaults that may call it.
pub fn is_relation_function(function: &Function, schema: &Schema) -> bool {
    if function.is_sql_standard_body() {
        let mentions = Mentions::of(&function.body);
        if schema.tables.iter().any(|t| mentions.object(&t.name)) {
            return true;
        }
    }
    type_names(function).iter().any(|name| {
        schema.table(name).is_some() || {
            // `t.c%TYPE` written as `t.c`: the table is the qualifier.
            let table = QualifiedName::public(name.schema.clone());
            !name.is_public() && schema.table(&table).is_some()
        }
    })
}

/// True when an aggregate uses a relation function or a table's row type as its state.
fn aggregate_on_relation(aggregate: &Aggregate, schema: &Schema) -> bool {
    let uses = |name: &QualifiedName| {
        schema
            .functions
            .iter()
            .any(|f| &f.name == name && is_relation_function(f, schema))
    };
    uses(&aggregate.sfunc)
        || aggregate.finalfunc.as_ref().is_some_and(uses)
        || aggregate.combinefunc.as_ref().is_some_and(uses)
        || schema
            .table(&QualifiedName::parse(
                crate::schema::types::split_array(&aggregate.stype).0,
            ))
            .is_some()
}

/// The text a function names other functions in.
fn text_of(function: &Function) -> String {
    format!(
        "{} {} {}",
        function.arguments.join(", "),
        function.returns.as_deref().unwrap_or(""),
        function.body
    )
}

/// Stable topological order: a function after the (other) functions its text names; a cycle
/// keeps the given order.
fn in_dependency_order(items: Vec<(Phase, &Function, Change)>) -> Vec<(Phase, &Function, Change)> {
    let mentions: Vec<Mentions> = items
        .iter()
        .map(|(_, f, _)| Mentions::of(&text_of(f)))
        .collect();
    let depends = |a: usize, b: usize| {
        a != b && items[b].1.name != items[a].1.name && mentions[a].object(&items[b].1.name)
    };
    let n = items.len();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n)
            .find(|&a| !done[a] && (0..n).all(|b| done[b] || !depends(a, b)))
            .or_else(|| (0..n).find(|&a| !done[a]))
            .expect("an item is left");
        done[next] = true;
        order.push(next);
    }
    let mut slots: Vec<Option<(Phase, &Function, Change)>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each item once"))
        .collect()
}

/// What changed between two versions of a function, e.g. `body, volatility`.
pub fn delta(from: &Function, to: &Function) -> String {
    let mut parts = Vec::new();
    let mut note = |changed: bool, what: &str| {
        if changed {
            parts.push(what.to_string());
        }
    };
    note(from.arguments != to.arguments, "arguments");
    note(from.returns != to.returns, "return type");
    note(from.procedure != to.procedure, "kind");
    note(from.language != to.language, "language");
    note(from.body != to.body, "body");
    note(from.volatility != to.volatility, "volatility");
    note(from.strict != to.strict, "strictness");
    note(from.security_definer != to.security_definer, "security");
    note(from.parallel != to.parallel, "parallel safety");
    note(from.leakproof != to.leakproof, "leakproof");
    note(from.cost != to.cost, "cost");
    note(from.rows != to.rows, "rows");
    note(from.set != to.set, "settings");
    note(from.comment != to.comment, "comment");
    if parts.is_empty() {
        "changed".to_string()
    } else {
        format!("{} changed", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse::parse_str;

    fn model(toml: &str) -> Schema {
        parse_str(toml).unwrap_or_else(|e| panic!("{e}")).schema
    }

    fn creates(toml: &str) -> Vec<(Phase, String)> {
        let mut phases = Phases::default();
        diff_functions(&Schema::default(), &model(toml), &mut phases);
        phases
            .into_phased()
            .into_iter()
            .map(|(phase, change)| (phase, change.to_string()))
            .collect()
    }

    #[test]
    fn functions_follow_what_they_call_and_relation_functions_the_tables() {
        let toml = r#"
[table.t.columns]
id = { type = "integer" }

[function.a_outer]
returns = "integer"
language = "sql"
body = "RETURN z_inner() + 1"

[function.z_inner]
returns = "integer"
language = "sql"
body = "RETURN 1"

[function.reads_t]
returns = "bigint"
language = "sql"
body = "BEGIN ATOMIC SELECT count(*) FROM t; END"

[function.row_of]
arguments = ["r t"]
returns = "integer"
language = "sql"
body = "SELECT r.id"

[aggregate.agg]
arguments = ["integer"]
sfunc = "int4pl"
stype = "integer"
"#;
        assert_eq!(
            creates(toml),
            vec![
                (
                    Phase::CreateFunctions,
                    "function z_inner(): added".to_string()
                ),
                (
                    Phase::CreateFunctions,
                    "function a_outer(): added".to_string()
                ),
                (
                    Phase::CreateFunctions,
                    "aggregate agg(integer): added".to_string()
                ),
                (
                    Phase::CreateRelationFunctions,
                    "function reads_t(): added".to_string()
                ),
                (
                    Phase::CreateRelationFunctions,
                    "function row_of(t): added".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_new_return_type_recreates_and_a_new_body_replaces() {
        let from =
            model("[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n");
        let body =
            model("[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 2\"\n");
        let retyped =
            model("[function.f]\nreturns = \"bigint\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n");
        let kinds = |to: &Schema| {
            let mut phases = Phases::default();
            diff_functions(&from, to, &mut phases);
            phases.into_changes()
        };
        assert!(matches!(kinds(&body)[..], [Change::ReplaceFunction { .. }]));
        assert!(matches!(
            kinds(&retyped)[..],
            [Change::RecreateFunction { .. }]
        ));
        assert!(kinds(&from).is_empty());
        assert!(matches!(
            kinds(&Schema::default())[..],
            [Change::DropFunction { .. }]
        ));
    }
}
