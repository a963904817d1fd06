//! A lexer for the SQL text users write in raw keys (`default_sql`, `generated`, checks, index
//! expressions and predicates, view queries and function bodies), as PostgreSQL's scanner reads
//! it: quoted identifiers, standard and escape strings, dollar quotes, nested block comments.
//!
//! It does not parse SQL. It answers the questions strata must answer without a server: is this
//! text *one* expression that cannot escape the parentheses strata puts around it (no top-level
//! `;`, nothing unterminated, brackets balanced), and which names does it mention (for ordering
//! views and functions after what they read).

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A bare word: keyword or unquoted identifier (`select`, `lower`, `created_at`).
    Word,
    /// A `"quoted identifier"` (the text includes the quotes).
    QuotedIdent,
    /// A string constant in any form: `'..'`, `E'..'`, `U&'..'`, `B'..'`, `X'..'`, `$tag$..$tag$`.
    String,
    /// A numeric constant.
    Number,
    /// `$1`: a positional parameter (function bodies).
    Param,
    /// An operator such as `+`, `->>`, `::`, `<=`.
    Operator,
    /// One of `( ) [ ] , ; . :`.
    Punct,
    /// A `--` or `/* */` comment.
    Comment,
}

/// One token with its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Why a text is not one expression, with the byte offset where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub offset: usize,
    pub message: String,
}

/// How plain `'...'` strings treat a backslash: PostgreSQL's `standard_conforming_strings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backslashes {
    /// `standard_conforming_strings = on` (the default since 9.1): a backslash is a character.
    Literal,
    /// `off`: a backslash escapes the next character, as in `E'...'`.
    Escape,
}

/// Splits `text` into tokens, white space dropped, comments kept.
pub fn tokenize(text: &str, backslashes: Backslashes) -> Result<Vec<Token>, LexError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let (kind, end) = match b {
            b'-' if bytes.get(i + 1) == Some(&b'-') => (TokenKind::Comment, line_comment(text, i)?),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                (TokenKind::Comment, block_comment(bytes, i)?)
            }
            b'\'' => (TokenKind::String, quoted(bytes, i, b'\'', backslashes)?),
            b'"' => (
                TokenKind::QuotedIdent,
                quoted(bytes, i, b'"', Backslashes::Literal)?,
            ),
            b'$' => dollar(text, i)?,
            b'(' | b')' | b'[' | b']' | b',' | b';' | b'.' if !is_number_start(bytes, i) => {
                (TokenKind::Punct, i + 1)
            }
            b':' if bytes.get(i + 1) == Some(&b':') => (TokenKind::Operator, i + 2),
            b':' => (TokenKind::Punct, i + 1),
            b'0'..=b'9' | b'.' => (TokenKind::Number, number(bytes, i)),
            _ if is_word_start(text, i) => word_or_prefixed_string(text, i, backslashes)?,
            _ if is_operator_char(b) => (TokenKind::Operator, operator(bytes, i)),
            _ => {
                return Err(LexError {
                    offset: i,
                    message: format!(
                        "unexpected character {:?}",
                        text[i..].chars().next().unwrap_or('?')
                    ),
                });
            }
        };
        tokens.push(Token { kind, start, end });
        i = end;
    }
    Ok(tokens)
}

fn is_number_start(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

fn is_word_start(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || (c as u32) >= 0x80)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || (c as u32) >= 0x80
}

fn is_operator_char(b: u8) -> bool {
    b"+-*/<>=~!@#%^&|`?".contains(&b)
}

/// Past a `--` comment. It must end with a line break: the renderer closes the expression
/// after it, and an unterminated line comment would swallow the closing parenthesis.
fn line_comment(text: &str, start: usize) -> Result<usize, LexError> {
    match text[start..].find(['\n', '\r']) {
        Some(end) => Ok(start + end),
        None => Err(LexError {
            offset: start,
            message: "a `--` comment that runs to the end would comment out what strata writes \
                      after the expression; use /* ... */ or end it with a line break"
                .into(),
        }),
    }
}

/// Past a `/* */` comment; they nest.
fn block_comment(bytes: &[u8], start: usize) -> Result<usize, LexError> {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Ok(i);
            }
        } else {
            i += 1;
        }
    }
    Err(LexError {
        offset: start,
        message: "unterminated /* comment".into(),
    })
}

/// Past a string or quoted identifier opened at `start` by `quote`; a doubled quote stays
/// inside, and with [`Backslashes::Escape`] so does a backslash-escaped one.
fn quoted(
    bytes: &[u8],
    start: usize,
    quote: u8,
    backslashes: Backslashes,
) -> Result<usize, LexError> {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == b'\\' && backslashes == Backslashes::Escape {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(LexError {
        offset: start,
        message: if quote == b'"' {
            "unterminated quoted identifier".into()
        } else {
            "unterminated string".into()
        },
    })
}

/// `$1` (a parameter) or `$tag$ ... $tag$` (a dollar-quoted string).
fn dollar(text: &str, start: usize) -> Result<(TokenKind, usize), LexError> {
    let bytes = text.as_bytes();
    if bytes.get(start + 1).is_some_and(u8::is_ascii_digit) {
        let mut i = start + 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        return Ok((TokenKind::Param, i));
    }
    let rest = &text[start + 1..];
    let tag_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if !rest[tag_len..].starts_with('$') {
        return Err(LexError {
            offset: start,
            message: "a `$` that opens no dollar-quoted string".into(),
        });
    }
    let delimiter = &text[start..start + tag_len + 2];
    let body = start + delimiter.len();
    match text[body..].find(delimiter) {
        Some(end) => Ok((TokenKind::String, body + end + delimiter.len())),
        None => Err(LexError {
            offset: start,
            message: format!("unterminated dollar-quoted string (no closing {delimiter})"),
        }),
    }
}

fn number(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_')
    {
        // 1e-5: a sign right after the exponent belongs to the number.
        if (bytes[i] == b'e' || bytes[i] == b'E') && matches!(bytes.get(i + 1), Some(b'+' | b'-')) {
            i += 1;
        }
        i += 1;
    }
    i
}

/// A word, or a prefixed string: `E'..'`, `B'..'`, `X'..'`, `N'..'`, `U&'..'`, `U&".."`.
fn word_or_prefixed_string(
    text: &str,
    start: usize,
    backslashes: Backslashes,
) -> Result<(TokenKind, usize), LexError> {
    let bytes = text.as_bytes();
    let end = text[start..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len(), |(i, _)| start + i);
    let word = &text[start..end];
    if bytes.get(end) == Some(&b'\'') {
        match word.to_ascii_lowercase().as_str() {
            "e" => {
                return Ok((
                    TokenKind::String,
                    quoted(bytes, end, b'\'', Backslashes::Escape)?,
                ));
            }
            "b" | "x" | "n" => {
                return Ok((TokenKind::String, quoted(bytes, end, b'\'', backslashes)?));
            }
            _ => {}
        }
    }
    if word.eq_ignore_ascii_case("u") && bytes.get(end) == Some(&b'&') {
        match bytes.get(end + 1) {
            Some(b'\'') => {
                return Ok((
                    TokenKind::String,
                    quoted(bytes, end + 1, b'\'', backslashes)?,
                ));
            }
            Some(b'"') => {
                let close = quoted(bytes, end + 1, b'"', Backslashes::Literal)?;
                return Ok((TokenKind::QuotedIdent, close));
            }
            _ => {}
        }
    }
    Ok((TokenKind::Word, end))
}

/// Past an operator: a run of operator characters, stopping before a comment start.
fn operator(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && is_operator_char(bytes[i]) {
        if i > start
            && ((bytes[i] == b'-' && bytes.get(i + 1) == Some(&b'-'))
                || (bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*')))
        {
            break;
        }
        i += 1;
    }
    i
}

/// Checks that `text` is one expression that stays inside the parentheses strata writes
/// around it: it lexes completely (nothing unterminated) under either setting of
/// `standard_conforming_strings` *with the same token boundaries* (so a backslash cannot make the
/// server see a string end where strata saw none), its brackets balance, and it has no `;`
/// outside strings and comments. Returns its tokens (comments dropped).
pub fn single_expression(text: &str) -> Result<Vec<Token>, LexError> {
    let tokens = tokenize(text, Backslashes::Literal)?;
    let escaped = tokenize(text, Backslashes::Escape).map_err(|e| ambiguous(e.offset))?;
    let boundaries = |t: &[Token]| t.iter().map(|t| (t.start, t.end)).collect::<Vec<_>>();
    if boundaries(&tokens) != boundaries(&escaped) {
        let offset = tokens
            .iter()
            .zip(&escaped)
            .find(|(a, b)| a != b)
            .map_or(0, |(a, _)| a.start);
        return Err(ambiguous(offset));
    }
    if tokens.is_empty() || tokens.iter().all(|t| t.kind == TokenKind::Comment) {
        return Err(LexError {
            offset: 0,
            message: "the expression is empty".into(),
        });
    }
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for token in &tokens {
        if token.kind != TokenKind::Punct {
            continue;
        }
        match text.as_bytes()[token.start] {
            b';' => {
                return Err(LexError {
                    offset: token.start,
                    message: "`;` ends the statement: write one expression, not several statements"
                        .into(),
                });
            }
            open @ (b'(' | b'[') => stack.push((open, token.start)),
            close @ (b')' | b']') => {
                let expected = if close == b')' { b'(' } else { b'[' };
                match stack.pop() {
                    Some((open, _)) if open == expected => {}
                    _ => {
                        return Err(LexError {
                            offset: token.start,
                            message: format!("unbalanced `{}`", close as char),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((open, offset)) = stack.pop() {
        return Err(LexError {
            offset,
            message: format!("`{}` is never closed", open as char),
        });
    }
    Ok(tokens
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect())
}

fn ambiguous(offset: usize) -> LexError {
    LexError {
        offset,
        message: "a backslash in a '...' string would end the string elsewhere when the server \
                  has standard_conforming_strings off; write the string as E'...' (backslashes \
                  doubled) or without the backslash"
            .into(),
    }
}

/// The name a word or quoted-identifier token denotes: quoted identifiers keep their case
/// (doubled quotes undone), bare words fold to lower case, as PostgreSQL folds them.
pub fn identifier(token: &Token, source: &str) -> Option<String> {
    let text = token.text(source);
    match token.kind {
        TokenKind::Word => Some(text.to_lowercase()),
        TokenKind::QuotedIdent if text.starts_with('"') => {
            Some(text[1..text.len() - 1].replace("\"\"", "\""))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text, Backslashes::Literal)
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn tokens_of_an_expression() {
        use TokenKind::*;
        assert_eq!(
            kinds("lower(\"Title\")::text || E'it\\'s' -- c\n/* x /* y */ */ >= $1"),
            vec![
                (Word, "lower"),
                (Punct, "("),
                (QuotedIdent, "\"Title\""),
                (Punct, ")"),
                (Operator, "::"),
                (Word, "text"),
                (Operator, "||"),
                (String, "E'it\\'s'"),
                (Comment, "-- c"),
                (Comment, "/* x /* y */ */"),
                (Operator, ">="),
                (Param, "$1"),
            ]
        );
        assert_eq!(
            kinds("$body$ a; b $body$ 1.5e-3 .5"),
            vec![
                (String, "$body$ a; b $body$"),
                (Number, "1.5e-3"),
                (Number, ".5")
            ]
        );
        assert_eq!(kinds("a.b"), vec![(Word, "a"), (Punct, "."), (Word, "b")]);
    }

    #[test]
    fn one_expression_is_accepted() {
        for ok in [
            "now()",
            "(status = 'ONBOARDING' AND branch IS NULL) OR status <> 'ONBOARDING'",
            "x ~ '\\d+'",
            "'{}'::jsonb",
            "a -- note\n + 1",
            "E'\\\\'",
            "arr[1] > 0",
        ] {
            assert!(
                single_expression(ok).is_ok(),
                "{ok}: {:?}",
                single_expression(ok)
            );
        }
    }

    #[test]
    fn escapes_are_refused_with_a_place() {
        let cases = [
            ("1; DROP TABLE v", 1, "`;`"),
            ("integer); CREATE ROLE x", 7, "unbalanced"),
            ("(a", 0, "never closed"),
            ("'open", 0, "unterminated string"),
            ("$x$ open", 0, "unterminated dollar"),
            ("/* open", 0, "unterminated /*"),
            ("a > 0 -- eats the )", 6, "`--` comment"),
            ("\"open", 0, "unterminated quoted"),
            ("", 0, "empty"),
        ];
        for (text, offset, message) in cases {
            let error = single_expression(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error:?}");
            assert!(error.message.contains(message), "{text}: {error:?}");
        }
    }

    /// Under standard_conforming_strings = off, `'\''` is one string holding a quote: strata
    /// must not read `'\'' ; DROP ...'` as two harmless strings.
    #[test]
    fn a_backslash_that_moves_a_string_end_is_refused() {
        let error = single_expression("'\\'' ; DROP TABLE v; --'").unwrap_err();
        assert!(
            error.message.contains("standard_conforming_strings"),
            "{error:?}"
        );
        assert!(single_expression("'a\\' || 'b'").is_err());
    }

    #[test]
    fn identifiers_fold_like_postgres() {
        let text = "Foo \"Bar\"\"x\"";
        let tokens = tokenize(text, Backslashes::Literal).unwrap();
        assert_eq!(identifier(&tokens[0], text).as_deref(), Some("foo"));
        assert_eq!(identifier(&tokens[1], text).as_deref(), Some("Bar\"x"));
    }
}
