//! The output columns of a view's query, read from its top-level select list without a
//! server: what the differ needs to decide whether `CREATE OR REPLACE VIEW` can replace a view
//! (PostgreSQL allows it only when the old columns stay, in order and of the same types, and
//! new ones are appended).
//!
//! Conservative: anything it cannot name for sure (`*`, a `VALUES` query, an expression whose
//! name PostgreSQL would make up) gives `None`, and the view is dropped and created instead.

use super::lex::{self, Backslashes, Token, TokenKind};

/// One entry of a select list: the column name PostgreSQL gives it, and the entry's tokens
/// as text (white space and comments dropped), which stand for its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectItem {
    pub name: String,
    pub text: String,
}

/// Words that end a select list.
const LIST_END: &[&str] = &[
    "from",
    "where",
    "group",
    "having",
    "window",
    "order",
    "limit",
    "offset",
    "union",
    "intersect",
    "except",
    "fetch",
    "for",
    "into",
];

/// The select list of the query's first top-level `SELECT`, or `None` when some entry's
/// name cannot be told.
pub fn select_list(query: &str) -> Option<Vec<SelectItem>> {
    let tokens: Vec<Token> = lex::tokenize(query, Backslashes::Literal)
        .ok()?
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    let word = |t: &Token| (t.kind == TokenKind::Word).then(|| t.text(query).to_lowercase());
    let punct = |t: &Token, p: &str| t.kind == TokenKind::Punct && t.text(query) == p;
    let mut depth = 0usize;
    let mut start = None;
    for (i, t) in tokens.iter().enumerate() {
        if punct(t, "(") || punct(t, "[") {
            depth += 1;
        } else if punct(t, ")") || punct(t, "]") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && word(t).as_deref() == Some("select") {
            start = Some(i + 1);
            break;
        }
    }
    let mut i = start?;
    match tokens.get(i).and_then(word).as_deref() {
        Some("all") => i += 1,
        Some("distinct") => {
            i += 1;
            if tokens.get(i).and_then(word).as_deref() == Some("on") {
                i += 1;
                i = skip_group(&tokens, i, query)?;
            }
        }
        _ => {}
    }
    let mut items: Vec<&[Token]> = Vec::new();
    let mut item_start = i;
    let mut depth = 0usize;
    let mut end = tokens.len();
    for (j, t) in tokens.iter().enumerate().skip(i) {
        if punct(t, "(") || punct(t, "[") {
            depth += 1;
        } else if punct(t, ")") || punct(t, "]") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && punct(t, ",") {
            items.push(&tokens[item_start..j]);
            item_start = j + 1;
        } else if depth == 0 && word(t).is_some_and(|w| LIST_END.contains(&w.as_str())) {
            end = j;
            break;
        }
    }
    items.push(&tokens[item_start..end]);
    items
        .into_iter()
        .map(|item| select_item(item, query))
        .collect()
}

/// The index after the parenthesised group that starts at `i`.
fn skip_group(tokens: &[Token], i: usize, query: &str) -> Option<usize> {
    if tokens.get(i)?.text(query) != "(" {
        return None;
    }
    let mut depth = 0usize;
    for (j, t) in tokens.iter().enumerate().skip(i) {
        match (t.kind, t.text(query)) {
            (TokenKind::Punct, "(") => depth += 1,
            (TokenKind::Punct, ")") => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_name(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent)
}

/// The name of one entry: its alias, else the column it reads (through casts), else the
/// function it calls.
fn select_item(item: &[Token], query: &str) -> Option<SelectItem> {
    let text = item
        .iter()
        .map(|t| t.text(query))
        .collect::<Vec<_>>()
        .join(" ");
    let n = item.len();
    let last = item.last()?;
    let alias = if n >= 2 && is_name(last) {
        let before = &item[n - 2];
        let before_text = before.text(query);
        // `expr AS alias`, or `expr alias` (`AS` is a name token too).
        if (is_name(before)
            || matches!(before.kind, TokenKind::Number | TokenKind::String)
            || (before.kind == TokenKind::Punct && matches!(before_text, ")" | "]")))
            && !is_keyword_pair(before, last, query)
        {
            Some(last)
        } else {
            None
        }
    } else {
        None
    };
    let name = match alias {
        Some(t) => lex::identifier(t, query)?,
        None => {
            // `expr::type` is named after `expr`.
            let cast = item
                .iter()
                .position(|t| t.kind == TokenKind::Operator && t.text(query) == "::")
                .unwrap_or(n);
            let core = &item[..cast];
            let chain_end = core
                .iter()
                .enumerate()
                .take_while(|(k, t)| {
                    if k % 2 == 0 {
                        is_name(t)
                    } else {
                        t.kind == TokenKind::Punct && t.text(query) == "."
                    }
                })
                .count();
            if chain_end == 0 || chain_end % 2 == 0 {
                return None;
            }
            let rest = &core[chain_end..];
            let plain = rest.is_empty();
            let call = rest.first().is_some_and(|t| t.text(query) == "(")
                && skip_group(core, chain_end, query) == Some(core.len());
            if !plain && !call {
                return None;
            }
            lex::identifier(&core[chain_end - 1], query)?
        }
    };
    Some(SelectItem { name, text })
}

/// Two words that are one type name (`x::double precision`), not an expression and its alias.
fn is_keyword_pair(before: &Token, last: &Token, query: &str) -> bool {
    let pair = (
        before.text(query).to_lowercase(),
        last.text(query).to_lowercase(),
    );
    matches!(
        (pair.0.as_str(), pair.1.as_str()),
        ("double", "precision") | ("time", "zone") | ("character", "varying") | ("bit", "varying")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(query: &str) -> Option<Vec<String>> {
        select_list(query).map(|items| items.into_iter().map(|i| i.name).collect())
    }

    #[test]
    fn names_of_columns_aliases_casts_and_calls() {
        assert_eq!(
            names("SELECT id, u.handle, karma::text, lower(h) AS l, count(*) n, \"Big\" FROM t"),
            Some(vec![
                "id".into(),
                "handle".into(),
                "karma".into(),
                "l".into(),
                "n".into(),
                "Big".into()
            ])
        );
        assert_eq!(
            names("SELECT DISTINCT ON (a) a, max(b) FROM t GROUP BY a"),
            Some(vec!["a".into(), "max".into()])
        );
        assert_eq!(
            names("WITH x AS (SELECT 1 AS q) SELECT q FROM x"),
            Some(vec!["q".into()])
        );
    }

    #[test]
    fn unknown_names_give_none() {
        assert_eq!(names("SELECT * FROM t"), None);
        assert_eq!(names("SELECT t.* FROM t"), None);
        assert_eq!(names("SELECT a + 1 FROM t"), None);
        assert_eq!(names("VALUES (1)"), None);
    }
}
