//! Views and materialized views: create (with options, comment and a materialized view's
//! indexes), drop, `CREATE OR REPLACE`, rename.

use super::render_constraint::storage_clause;
use super::{Statement, quote};
use crate::diff::Change;
use crate::schema::model::{QualifiedName, View};

/// Statements for a view change.
pub fn render(change: &Change) -> Vec<Statement> {
    match change {
        Change::CreateView { view } => create(view, false),
        Change::DropView { view } => vec![drop(view)],
        Change::ReplaceView { from, to } => {
            if crate::diff::view_replaceable(from, to) {
                let mut out = create(to, true);
                if from.comment != to.comment && to.comment.is_none() {
                    out.push(comment_on(to, None));
                }
                // OR REPLACE keeps the comments of the columns it keeps.
                for column in from.column_comments.keys() {
                    if !to.column_comments.contains_key(column) {
                        out.push(comment_on_column(to, column, None));
                    }
                }
                out.retain(|s| {
                    !to.column_comments.iter().any(|(column, comment)| {
                        from.column_comments.get(column) == Some(comment)
                            && s.sql == comment_on_column(to, column, Some(comment)).sql
                    })
                });
                out
            } else {
                let mut out = vec![drop(from)];
                out.extend(create(to, false));
                out
            }
        }
        Change::RenameView {
            from,
            to,
            materialized,
        } => rename(from, to, *materialized),
        other => unreachable!("render_view got {other:?}"),
    }
}

/// `VIEW` or `MATERIALIZED VIEW`.
fn keyword(view: &View) -> &'static str {
    if view.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    }
}

/// `CREATE [OR REPLACE] [MATERIALIZED] VIEW v [(cols)] [WITH (..)] AS query [WITH NO DATA]`,
/// then its indexes and comment. The query is written as is: validation made sure it is one
/// statement. A line break ends it when it holds a `--` comment, which would otherwise swallow
/// what follows.
fn create(view: &View, replace: bool) -> Vec<Statement> {
    let columns = if view.columns.is_empty() {
        String::new()
    } else {
        format!(" ({})", quote::ident_list(&view.columns))
    };
    let end = if view.query.contains("--") { "\n" } else { "" };
    let mut sql = format!(
        "CREATE {}{} {}{columns}{} AS\n{}{end}",
        if replace { "OR REPLACE " } else { "" },
        keyword(view),
        quote::qualified(&view.name),
        storage_clause(&view.options),
        view.query
    );
    if view.materialized && view.no_data {
        sql.push_str(if end.is_empty() {
            " WITH NO DATA"
        } else {
            "WITH NO DATA"
        });
    }
    let mut out = vec![Statement::new(sql)];
    for index in &view.indexes {
        out.extend(super::render_constraint::render(&Change::CreateIndex {
            table: view.name.clone(),
            index: index.clone(),
            concurrently: false,
        }));
    }
    if view.comment.is_some() {
        out.push(comment_on(view, view.comment.as_deref()));
    }
    for (column, comment) in &view.column_comments {
        out.push(comment_on_column(view, column, Some(comment)));
    }
    out
}

fn comment_on_column(view: &View, column: &str, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        quote::qualified(&view.name),
        quote::ident(column),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

fn drop(view: &View) -> Statement {
    Statement::new(format!(
        "DROP {} {}",
        keyword(view),
        quote::qualified(&view.name)
    ))
}

fn rename(from: &QualifiedName, to: &QualifiedName, materialized: bool) -> Vec<Statement> {
    let kind = if materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    };
    let mut out = Vec::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        out.push(Statement::new(format!(
            "ALTER {kind} {} SET SCHEMA {}",
            quote::qualified(&current),
            quote::ident(&to.schema)
        )));
        current.schema = to.schema.clone();
    }
    if from.name != to.name {
        out.push(Statement::new(format!(
            "ALTER {kind} {} RENAME TO {}",
            quote::qualified(&current),
            quote::ident(&to.name)
        )));
    }
    out
}

fn comment_on(view: &View, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON {} {} IS {}",
        keyword(view),
        quote::qualified(&view.name),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_with_semicolons_in_strings_stays_one_statement() {
        let mut view = View::new(
            QualifiedName::public("v"),
            "SELECT ';' AS a, $x$;DROP TABLE t;$x$ AS b, \"c;\" FROM t -- end; here",
        );
        view.materialized = true;
        view.no_data = true;
        let sql: String = render(&Change::CreateView { view })
            .iter()
            .map(|s| format!("{};\n", s.sql))
            .collect();
        let statements = crate::migrate::split::split(&sql);
        assert_eq!(statements.len(), 1, "{sql}");
        assert!(sql.ends_with("-- end; here\nWITH NO DATA;\n"), "{sql}");
    }
}
