//! Function bodies: the dollar quote a body is written in (with a tag the body does not hold,
//! so nothing in it can end the string), and the checks that keep a SQL-standard body
//! (`BEGIN ATOMIC ... END`, `RETURN expr`) one body: nothing after the `END` that closes it.

use super::lex::{self, Backslashes, LexError, Token, TokenKind};

/// `$$body$$`, or `$function$body$function$`, `$function1$...` when the body holds the
/// shorter tag: the first tag whose closing delimiter first occurs right after the body.
pub fn dollar_quote(body: &str) -> String {
    let mut n = 0usize;
    loop {
        let tag = match n {
            0 => "$$".to_string(),
            1 => "$function$".to_string(),
            n => format!("$function{}$", n - 1),
        };
        let joined = format!("{body}{tag}");
        if joined.find(&tag) == Some(body.len()) {
            return format!("{tag}{body}{tag}");
        }
        n += 1;
    }
}

/// True when `token` is the word `word` (any case).
fn is_word(token: &Token, text: &str, word: &str) -> bool {
    token.kind == TokenKind::Word && token.text(text).eq_ignore_ascii_case(word)
}

/// Checks a SQL-standard body: `RETURN` and one expression, or `BEGIN ATOMIC`, statements,
/// and the `END` that closes it as the last token (`CASE ... END` nests; a `case` or `end`
/// after `.` or `AS` is a label, not a keyword). Strings must end at the same places whatever
/// the server's `standard_conforming_strings`.
pub fn check_sql_standard_body(text: &str) -> Result<(), LexError> {
    let tokens = lex::tokenize(text, Backslashes::Literal)?;
    let escaped = lex::tokenize(text, Backslashes::Escape).map_err(|e| ambiguous(e.offset))?;
    let bounds = |t: &[Token]| t.iter().map(|t| (t.start, t.end)).collect::<Vec<_>>();
    if bounds(&tokens) != bounds(&escaped) {
        return Err(ambiguous(0));
    }
    let tokens: Vec<Token> = tokens
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    if tokens.first().is_some_and(|t| is_word(t, text, "return")) {
        let rest = &text[tokens[0].end..];
        return lex::single_expression(rest)
            .map(|_| ())
            .map_err(|e| LexError {
                offset: e.offset + tokens[0].end,
                message: e.message,
            });
    }
    if tokens.len() < 2
        || !is_word(&tokens[0], text, "begin")
        || !is_word(&tokens[1], text, "atomic")
    {
        return Err(LexError {
            offset: 0,
            message: "a SQL-standard body starts with BEGIN ATOMIC or RETURN".into(),
        });
    }
    match atomic_end(&tokens[2..], text) {
        Some(i) if i + 3 == tokens.len() => Ok(()),
        Some(i) => Err(LexError {
            offset: tokens[i + 3].start,
            message: "text after the END that closes BEGIN ATOMIC: a body is one body".into(),
        }),
        None => Err(LexError {
            offset: tokens[0].start,
            message: "BEGIN ATOMIC is never closed by END".into(),
        }),
    }
}

/// The index (in `tokens`, which follow `BEGIN ATOMIC`) of the `END` that closes the block.
fn atomic_end(tokens: &[Token], text: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, token) in tokens.iter().enumerate() {
        let label = i > 0 && {
            let prev = &tokens[i - 1];
            prev.text(text) == "." || is_word(prev, text, "as")
        };
        if label {
            continue;
        }
        if is_word(token, text, "case") {
            depth += 1;
        } else if is_word(token, text, "end") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

fn ambiguous(offset: usize) -> LexError {
    LexError {
        offset,
        message: "a backslash in a '...' string would end the string elsewhere when the server \
                  has standard_conforming_strings off; write it as E'...'"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_never_occurs_in_the_body() {
        assert_eq!(dollar_quote("SELECT 1"), "$$SELECT 1$$");
        assert_eq!(
            dollar_quote("SELECT '$$'"),
            "$function$SELECT '$$'$function$"
        );
        assert_eq!(dollar_quote("x$"), "$function$x$$function$");
        assert_eq!(
            dollar_quote("$$ $function$"),
            "$function1$$$ $function$$function1$"
        );
    }

    #[test]
    fn atomic_bodies_end_at_their_end() {
        assert!(check_sql_standard_body("BEGIN ATOMIC SELECT 1; END").is_ok());
        assert!(
            check_sql_standard_body(
                "begin atomic select case when true then 1 end; select 2 as \"end\"; end"
            )
            .is_ok()
        );
        assert!(check_sql_standard_body("RETURN a + b").is_ok());
        assert!(check_sql_standard_body("RETURN 1; DROP TABLE t").is_err());
        let e = check_sql_standard_body("BEGIN ATOMIC SELECT 1; END; DROP TABLE t; END");
        assert!(e.unwrap_err().message.contains("after the END"));
        // `t.case` is a column: the server closes the block at the first END.
        assert!(
            check_sql_standard_body("BEGIN ATOMIC SELECT t.case FROM t; END; DROP TABLE t; END")
                .is_err()
        );
        assert!(check_sql_standard_body("BEGIN ATOMIC SELECT 1;").is_err());
        assert!(check_sql_standard_body("SELECT 1").is_err());
    }
}
