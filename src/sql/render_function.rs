//! Functions, procedures and aggregates. Function bodies are written in a dollar quote whose
//! tag the body does not hold (`body::dollar_quote`), or, for a SQL-standard body (`BEGIN
//! ATOMIC ... END`, `RETURN expr`, checked to be one body), as written. Creates run with
//! `check_function_bodies` off, as pg_dump's do, so a body may name tables created later.

use super::{Context, Statement, body, quote};
use crate::diff::Change;
use crate::schema::model::{Aggregate, Function, declarations};

/// Statements for a function or aggregate change.
pub fn render(change: &Change, ctx: &Context) -> Vec<Statement> {
    match change {
        Change::CreateFunction { function } => create(function, false, true),
        Change::DropFunction { function } => vec![drop(function)],
        Change::ReplaceFunction { from, to } => {
            let mut bare = from.clone();
            bare.comment = to.comment.clone();
            if &bare == to {
                vec![comment(to)]
            } else {
                let mut out = create(to, true, false);
                if from.comment != to.comment {
                    out.push(comment(to));
                }
                out
            }
        }
        Change::RecreateFunction { from, to } => {
            let mut out = vec![drop(from)];
            out.extend(create(to, false, true));
            out
        }
        Change::CreateAggregate { aggregate } => create_aggregate(aggregate, false, true, ctx),
        Change::DropAggregate { aggregate } => vec![drop_aggregate(aggregate)],
        Change::ReplaceAggregate { from, to } => {
            let mut bare = from.clone();
            bare.comment = to.comment.clone();
            if &bare == to {
                vec![comment_aggregate(to)]
            } else {
                let mut out = create_aggregate(to, true, false, ctx);
                if from.comment != to.comment {
                    out.push(comment_aggregate(to));
                }
                out
            }
        }
        Change::RecreateAggregate { from, to } => {
            let mut out = vec![drop_aggregate(from)];
            out.extend(create_aggregate(to, false, true, ctx));
            out
        }
        other => unreachable!("render_function got {other:?}"),
    }
}

/// `"schema"."name"(declarations)`: the function as `DROP` and `COMMENT ON` name it.
fn signature(function: &Function) -> String {
    format!(
        "{}({})",
        quote::qualified(&function.name),
        declarations(&function.arguments)
    )
}

/// A number from the model as SQL: re-read, so only a number reaches the statement.
fn number(text: &str) -> String {
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map_or_else(|| "1".to_string(), |n| n.to_string())
}

/// Settings whose value is a list (`SET search_path = a, b`): each element is written as
/// its own literal, as pg_dump does.
const LIST_SETTINGS: &[&str] = &[
    "search_path",
    "temp_tablespaces",
    "local_preload_libraries",
    "session_preload_libraries",
    "shared_preload_libraries",
];

/// `SET name TO value`.
fn setting(name: &str, value: &str) -> String {
    let name_sql = name
        .split('.')
        .map(quote::ident)
        .collect::<Vec<_>>()
        .join(".");
    let value_sql = if LIST_SETTINGS.contains(&name) {
        list_elements(value)
            .iter()
            .map(|e| quote::literal(e))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        quote::literal(value)
    };
    format!("SET {name_sql} TO {value_sql}")
}

/// The elements of a list setting as PostgreSQL prints it (`public, "My Schema"`).
fn list_elements(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(std::mem::take(&mut current).trim().to_string());
            }
            c => current.push(c),
        }
    }
    let last = current.trim().to_string();
    if !last.is_empty() || !out.is_empty() {
        out.push(last);
    }
    out
}

/// `SET check_function_bodies = off`, `CREATE ..`, `RESET`, then the comment.
fn create(function: &Function, or_replace: bool, with_comment: bool) -> Vec<Statement> {
    let mut sql = format!(
        "CREATE {}{} {}({})",
        if or_replace { "OR REPLACE " } else { "" },
        function.keyword(),
        quote::qualified(&function.name),
        function.arguments.join(", ")
    );
    if let Some(returns) = &function.returns {
        sql.push_str(&format!("\n RETURNS {returns}"));
    }
    sql.push_str(&format!(
        "\n LANGUAGE {}",
        quote::ident_if_needed(&function.language)
    ));
    let mut options = Vec::new();
    if !function.procedure {
        if !function.volatility.is_default() {
            options.push(function.volatility.sql().to_string());
        }
        if function.strict {
            options.push("STRICT".to_string());
        }
    }
    if function.security_definer {
        options.push("SECURITY DEFINER".to_string());
    }
    if !function.procedure {
        if function.leakproof {
            options.push("LEAKPROOF".to_string());
        }
        if !function.parallel.is_default() {
            options.push(format!("PARALLEL {}", function.parallel.sql()));
        }
        if let Some(cost) = &function.cost {
            options.push(format!("COST {}", number(cost)));
        }
        if let Some(rows) = &function.rows {
            options.push(format!("ROWS {}", number(rows)));
        }
    }
    if !options.is_empty() {
        sql.push_str(&format!("\n {}", options.join(" ")));
    }
    for (name, value) in &function.set {
        sql.push_str(&format!("\n {}", setting(name, value)));
    }
    if function.is_sql_standard_body() {
        sql.push('\n');
        sql.push_str(function.body.trim());
    } else {
        sql.push_str("\nAS ");
        sql.push_str(&body::dollar_quote(&function.body));
    }
    let mut out = vec![
        Statement::new("SET check_function_bodies = off"),
        Statement::new(sql),
        Statement::new("RESET check_function_bodies"),
    ];
    if with_comment && function.comment.is_some() {
        out.push(comment(function));
    }
    out
}

fn drop(function: &Function) -> Statement {
    Statement::new(format!(
        "DROP {} {}",
        function.keyword(),
        signature(function)
    ))
}

fn comment(function: &Function) -> Statement {
    Statement::new(format!(
        "COMMENT ON {} {} IS {}",
        function.keyword(),
        signature(function),
        function
            .comment
            .as_deref()
            .map(quote::literal)
            .unwrap_or_else(|| "NULL".into())
    ))
}

/// `"schema"."name"(types)`, or `(*)` for an aggregate without arguments.
fn aggregate_signature(aggregate: &Aggregate) -> String {
    let args = if aggregate.arguments.is_empty() {
        "*".to_string()
    } else {
        declarations(&aggregate.arguments)
    };
    format!("{}({args})", quote::qualified(&aggregate.name))
}

fn create_aggregate(
    aggregate: &Aggregate,
    or_replace: bool,
    with_comment: bool,
    ctx: &Context,
) -> Vec<Statement> {
    let mut options = vec![
        format!("SFUNC = {}", quote::qualified(&aggregate.sfunc)),
        format!("STYPE = {}", ctx.type_sql(&aggregate.stype)),
    ];
    if let Some(f) = &aggregate.finalfunc {
        options.push(format!("FINALFUNC = {}", quote::qualified(f)));
    }
    if let Some(f) = &aggregate.combinefunc {
        options.push(format!("COMBINEFUNC = {}", quote::qualified(f)));
    }
    if let Some(initcond) = &aggregate.initcond {
        options.push(format!("INITCOND = {}", quote::literal(initcond)));
    }
    if !aggregate.parallel.is_default() {
        options.push(format!("PARALLEL = {}", aggregate.parallel.sql()));
    }
    let args = if aggregate.arguments.is_empty() {
        "*".to_string()
    } else {
        aggregate.arguments.join(", ")
    };
    let mut out = vec![Statement::new(format!(
        "CREATE {}AGGREGATE {}({args}) (\n  {}\n)",
        if or_replace { "OR REPLACE " } else { "" },
        quote::qualified(&aggregate.name),
        options.join(",\n  ")
    ))];
    if with_comment && aggregate.comment.is_some() {
        out.push(comment_aggregate(aggregate));
    }
    out
}

fn drop_aggregate(aggregate: &Aggregate) -> Statement {
    Statement::new(format!("DROP AGGREGATE {}", aggregate_signature(aggregate)))
}

fn comment_aggregate(aggregate: &Aggregate) -> Statement {
    Statement::new(format!(
        "COMMENT ON AGGREGATE {} IS {}",
        aggregate_signature(aggregate),
        aggregate
            .comment
            .as_deref()
            .map(quote::literal)
            .unwrap_or_else(|| "NULL".into())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_settings_split_outside_quotes() {
        assert_eq!(list_elements("public, pg_temp"), vec!["public", "pg_temp"]);
        assert_eq!(
            list_elements("\"My, Schema\", public"),
            vec!["My, Schema", "public"]
        );
        assert_eq!(
            setting("search_path", "public, \"A\"\"b\""),
            "SET \"search_path\" TO 'public', 'A\"b'"
        );
        assert_eq!(setting("work_mem", "64MB"), "SET \"work_mem\" TO '64MB'");
    }
}
