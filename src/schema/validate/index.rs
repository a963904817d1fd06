//! Indexes: their key parts (a column or an expression, with collation, operator class, order
//! and NULLS placement), access method, predicate, included columns and storage parameters.

use super::expressions::check_expression;
use crate::schema::model::*;
use crate::schema::parse::{Located, RawIndex, RawTable, Reporter};
use crate::sql::lex::{self, Backslashes, Token, TokenKind};
use crate::sql::quote::is_reserved;

/// The access methods PostgreSQL ships.
pub const METHODS: &[&str] = &["btree", "hash", "gin", "gist", "brin", "spgist"];

pub(super) fn build_index(
    raw: &RawTable,
    table: &Table,
    index: &RawIndex,
    r: &mut Reporter,
) -> Option<Index> {
    if index.columns.is_empty() {
        r.error(
            index.at,
            format!("index `{}` needs at least one column", index.name),
        );
        return None;
    }
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    let mut parts = Vec::new();
    for entry in &index.columns {
        match read_part(&entry.value, &columns) {
            Ok(mut part) => {
                // A column's own collation named again is no collation (PostgreSQL does not
                // keep it apart): the canonical form leaves it out.
                if let IndexKey::Column(name) = &part.key
                    && part.collation.is_some()
                    && table
                        .column(name)
                        .is_some_and(|c| c.collation == part.collation)
                {
                    part.collation = None;
                }
                match &part.key {
                    IndexKey::Expression(expression) => {
                        check_index_expression(raw, index, entry, expression, &columns, r)
                    }
                    IndexKey::Column(name) if !columns.contains(&name.as_str()) => r.error(
                        entry.at,
                        format!(
                            "index `{}` names column `{name}`, which table `{}` does not have",
                            index.name, raw.name
                        ),
                    ),
                    IndexKey::Column(_) => {}
                }
                parts.push(part);
            }
            Err(e) => r.error(
                entry.at.within_string(e.offset),
                format!("index `{}`: {}", index.name, e.message),
            ),
        }
    }
    for column in &index.include {
        if !columns.contains(&column.value.as_str()) {
            r.error(
                column.at,
                format!(
                    "index `{}` include names column `{}`, which table `{}` does not have",
                    index.name, column.value, raw.name
                ),
            );
        }
    }
    if let Some(predicate) = &index.predicate {
        check_expression(
            r,
            predicate.at,
            &format!("index `{}` where", index.name),
            &predicate.value,
        );
    }
    let method = match &index.using {
        None => "btree".to_string(),
        Some(using) => {
            let method = using.value.trim().to_ascii_lowercase();
            if !METHODS.contains(&method.as_str()) {
                r.error(
                    using.at,
                    format!("`using` must be one of {}", METHODS.join(", ")),
                );
            }
            method
        }
    };
    Some(Index {
        name: index.name.clone(),
        parts,
        unique: index.unique,
        method,
        predicate: index.predicate.as_ref().map(|p| p.value.trim().to_string()),
        include: index.include.iter().map(|c| c.value.clone()).collect(),
        nulls_not_distinct: index.nulls_not_distinct,
        storage: super::table::storage_parameters(&index.storage),
        comment: index.comment.clone(),
    })
}

/// An expression key must be one expression, and the names it uses as columns must be columns
/// of the table: `user-id` (meant as a column with a hyphen) would otherwise reach the server
/// as `user - id`.
fn check_index_expression(
    raw: &RawTable,
    index: &RawIndex,
    entry: &Located<String>,
    expression: &str,
    columns: &[&str],
    r: &mut Reporter,
) {
    let what = format!("index `{}`", index.name);
    if !check_expression(r, entry.at, &what, expression) {
        return;
    }
    // `user-id` is almost always a column name with a hyphen, not `user - id` (which
    // PostgreSQL would parse, then reject at migrate): say so now.
    if looks_like_hyphenated_name(expression) {
        r.error(
            entry.at,
            format!(
                "index `{}`: `{expression}` is neither a column of table `{}` nor an expression \
                 over its columns (write `a - b` with spaces for a subtraction)",
                index.name, raw.name
            ),
        );
        return;
    }
    let Ok(tokens) = lex::single_expression(expression) else {
        return;
    };
    for name in column_references(&tokens, expression) {
        if !columns.contains(&name.as_str()) {
            r.error(
                entry.at,
                format!(
                    "index `{}`: `{}` is neither a column of table `{}` nor an expression over \
                     its columns (`{name}` is not a column)",
                    index.name, entry.value, raw.name
                ),
            );
            return;
        }
    }
}

/// `word-word` without spaces: how a column name with a hyphen looks when it is not quoted.
fn looks_like_hyphenated_name(text: &str) -> bool {
    let mut parts = text.split('-');
    let word = |w: &str| {
        !w.is_empty()
            && w.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !w.starts_with(|c: char| c.is_ascii_digit())
    };
    parts.next().is_some_and(word)
        && text.contains('-')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// Names an expression uses as column references: words and quoted identifiers that are not
/// key words, function names (followed by `(`), qualified parts, cast targets or typed
/// literals. An approximation that errs towards accepting.
pub fn column_references(tokens: &[Token], source: &str) -> Vec<String> {
    column_reference_tokens(tokens, source)
        .into_iter()
        .map(|i| {
            let token = &tokens[i];
            match token.kind {
                TokenKind::Word => token.text(source).to_string(),
                _ => lex::identifier(token, source).unwrap_or_default(),
            }
        })
        .collect()
}

/// The positions in `tokens` of the column references (see [`column_references`]).
pub fn column_reference_tokens(tokens: &[Token], source: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(name) = lex::identifier(token, source) else {
            continue;
        };
        let text = |t: Option<&Token>| t.map(|t| t.text(source).to_ascii_lowercase());
        let previous = text(i.checked_sub(1).and_then(|p| tokens.get(p)));
        let next = tokens.get(i + 1);
        let followed_by = |s: &str| next.is_some_and(|t| t.text(source) == s);
        if token.kind == TokenKind::Word
            && (is_reserved(&name) || EXPRESSION_WORDS.binary_search(&name.as_str()).is_ok())
        {
            continue;
        }
        if followed_by("(")
            || followed_by(".")
            || next.is_some_and(|t| t.kind == TokenKind::String)
            || matches!(previous.as_deref(), Some("::" | "." | "as"))
        {
            continue;
        }
        // A cast target may be several words (`::double precision`): skip words after one.
        if token.kind == TokenKind::Word && cast_continuation(tokens, i, source) {
            continue;
        }
        out.push(i);
    }
    out
}

/// True when the word at `i` continues a type name that follows a `::` or `AS`.
fn cast_continuation(tokens: &[Token], i: usize, source: &str) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let t = &tokens[j];
        match t.kind {
            TokenKind::Word if !is_reserved(&t.text(source).to_ascii_lowercase()) => continue,
            TokenKind::Operator if t.text(source) == "::" => return true,
            _ => return false,
        }
    }
    false
}

/// Non-reserved words that appear in expressions without being columns.
const EXPRESSION_WORDS: &[&str] = &[
    "at",
    "between",
    "character",
    "day",
    "double",
    "escape",
    "first",
    "hour",
    "interval",
    "last",
    "minute",
    "month",
    "nulls",
    "precision",
    "second",
    "time",
    "timestamp",
    "value",
    "varying",
    "without",
    "year",
    "zone",
];

/// Why an index entry could not be read, at a byte offset of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartError {
    pub offset: usize,
    pub message: String,
}

/// Reads an index entry: `key [COLLATE collation] [opclass] [ASC | DESC] [NULLS FIRST | LAST]`.
/// The key is a column when it is exactly the name of one of `columns` (so `user-id` is the
/// column of that name, not a subtraction), or a single name or quoted identifier; anything
/// else is an expression.
pub fn read_part(text: &str, columns: &[&str]) -> Result<IndexPart, PartError> {
    let tokens = lex::tokenize(text, Backslashes::Literal).map_err(|e| PartError {
        offset: e.offset,
        message: e.message,
    })?;
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text(text).to_ascii_lowercase())
    };
    let mut end = tokens.len();
    let mut nulls_first = None;
    if end >= 2 && word(end - 2).as_deref() == Some("nulls") {
        nulls_first = match word(end - 1).as_deref() {
            Some("first") => Some(true),
            Some("last") => Some(false),
            _ => None,
        };
        if nulls_first.is_some() {
            end -= 2;
        }
    }
    let mut descending = false;
    if end >= 2 {
        match word(end - 1).as_deref() {
            Some("desc") => {
                descending = true;
                end -= 1;
            }
            Some("asc") => end -= 1,
            _ => {}
        }
    }
    let key_end = |end: usize| tokens.get(end.wrapping_sub(1)).map_or(0, |t| t.end);
    let whole = text[..key_end(end)].trim();
    let (key, collation, opclass) = if columns.contains(&whole) {
        (IndexKey::Column(whole.to_string()), None, None)
    } else {
        split_key(&tokens[..end], text)?
    };
    Ok(IndexPart {
        key,
        descending,
        nulls_first: nulls_first.unwrap_or(descending),
        collation,
        opclass,
    })
}

type KeyParts = (IndexKey, Option<String>, Option<String>);

/// The key, its collation and its operator class from the tokens before the sort order.
fn split_key(tokens: &[Token], text: &str) -> Result<KeyParts, PartError> {
    if tokens.is_empty() {
        return Err(PartError {
            offset: 0,
            message: "an index entry needs a column or an expression".into(),
        });
    }
    let mut end = tokens.len();
    let opclass = trailing_name(tokens, end, text).filter(|&(start, _)| {
        start > 0
            && completes_operand(&tokens[start - 1], text)
            && !is_collate(&tokens[start - 1], text)
    });
    if let Some((start, name)) = &opclass {
        end = *start;
        let _ = name;
    }
    let mut collation = None;
    if let Some((start, name)) = trailing_name(tokens, end, text)
        && start >= 2
        && is_collate(&tokens[start - 1], text)
    {
        collation = Some(name);
        end = start - 1;
    }
    let key_tokens = &tokens[..end];
    let key = match key_tokens {
        [single] if single.kind == TokenKind::Word => {
            IndexKey::Column(single.text(text).to_string())
        }
        [single] if single.kind == TokenKind::QuotedIdent => {
            IndexKey::Column(lex::identifier(single, text).unwrap_or_default())
        }
        [] => {
            return Err(PartError {
                offset: 0,
                message: "an index entry needs a column or an expression".into(),
            });
        }
        [first, .., last] => IndexKey::Expression(text[first.start..last.end].to_string()),
        [_] => IndexKey::Expression(text[key_tokens[0].start..key_tokens[0].end].to_string()),
    };
    Ok((key, collation, opclass.map(|(_, name)| name)))
}

/// A (possibly schema-qualified) name ending at token `end`: its first token and its text
/// (bare words folded to lower case, as PostgreSQL folds them; quoted ones kept).
fn trailing_name(tokens: &[Token], end: usize, text: &str) -> Option<(usize, String)> {
    let last = tokens.get(end.checked_sub(1)?)?;
    if !matches!(last.kind, TokenKind::Word | TokenKind::QuotedIdent)
        || (last.kind == TokenKind::Word && is_reserved(&last.text(text).to_ascii_lowercase()))
    {
        return None;
    }
    let name = lex::identifier(last, text)?;
    if end >= 3
        && tokens[end - 2].text(text) == "."
        && matches!(
            tokens[end - 3].kind,
            TokenKind::Word | TokenKind::QuotedIdent
        )
    {
        let schema = lex::identifier(&tokens[end - 3], text)?;
        return Some((end - 3, format!("{schema}.{name}")));
    }
    Some((end - 1, name))
}

/// True when a token can end an operand, so that a name after it is a separate clause (an
/// operator class) rather than part of the expression.
fn completes_operand(token: &Token, text: &str) -> bool {
    match token.kind {
        TokenKind::Word => !is_reserved(&token.text(text).to_ascii_lowercase()),
        TokenKind::QuotedIdent => true,
        TokenKind::Punct => matches!(token.text(text), ")" | "]"),
        _ => false,
    }
}

fn is_collate(token: &Token, text: &str) -> bool {
    token.kind == TokenKind::Word && token.text(text).eq_ignore_ascii_case("collate")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str) -> IndexPart {
        read_part(text, &["user-id", "createdAt"]).unwrap()
    }

    #[test]
    fn columns_orders_and_expressions() {
        let p = part("createdAt DESC NULLS LAST");
        assert_eq!(p.key, IndexKey::Column("createdAt".into()));
        assert!(p.descending && !p.nulls_first);
        let p = part("created_at desc");
        assert!(p.descending && p.nulls_first);
        let p = part("lower(title)");
        assert_eq!(p.key, IndexKey::Expression("lower(title)".into()));
        assert!(!p.descending && !p.nulls_first);
        let p = part("a ASC NULLS FIRST");
        assert_eq!(p.key, IndexKey::Column("a".into()));
        assert!(p.nulls_first);
        assert_eq!(part("user-id").key, IndexKey::Column("user-id".into()));
        assert_eq!(
            part("\"Odd\"\"Name\"").key,
            IndexKey::Column("Odd\"Name".into())
        );
        assert_eq!(part("a + b").key, IndexKey::Expression("a + b".into()));
        assert_eq!(part("a IS NULL").opclass, None);
    }

    #[test]
    fn operator_classes_and_collations() {
        let p = part("name gin_trgm_ops");
        assert_eq!(p.key, IndexKey::Column("name".into()));
        assert_eq!(p.opclass.as_deref(), Some("gin_trgm_ops"));
        let p = part("lower(name) text_pattern_ops DESC");
        assert_eq!(p.key, IndexKey::Expression("lower(name)".into()));
        assert_eq!(p.opclass.as_deref(), Some("text_pattern_ops"));
        assert!(p.descending);
        let p = part("name COLLATE \"C\" ext.Trgm_Ops");
        assert_eq!(p.collation.as_deref(), Some("C"));
        assert_eq!(p.opclass.as_deref(), Some("ext.trgm_ops"));
        let p = part("title COLLATE \"en-x-icu\"");
        assert_eq!(p.key, IndexKey::Column("title".into()));
        assert_eq!(p.collation.as_deref(), Some("en-x-icu"));
        assert_eq!(p.opclass, None);
    }

    #[test]
    fn column_references_skip_functions_keywords_and_casts() {
        let text = "coalesce(\"Title\", name::text) || x::double precision IS NOT NULL AND y > interval '1 day'";
        let tokens = lex::single_expression(text).unwrap();
        assert_eq!(
            column_references(&tokens, text),
            ["Title", "name", "x", "y"]
        );
        let text = "user-id";
        let tokens = lex::single_expression(text).unwrap();
        assert_eq!(column_references(&tokens, text), ["id"]);
    }
}
