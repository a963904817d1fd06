//! The names a piece of SQL text mentions (a view's query, a function's body, a policy's
//! expression), read from its tokens: what the differ needs, without a server, to order views
//! and functions after the objects they read and to find the views a column change touches.
//!
//! It over-approximates on purpose: a word that names an object is taken as a use of it even
//! when, in the query, it is an alias or a column of the same name. A false dependency costs a
//! view recreated for nothing or an order that was not needed; a missed one costs a failed
//! migration. Names inside string constants (dynamic SQL in `EXECUTE '...'`) are not seen.

use super::lex::{self, Backslashes, Token, TokenKind};
use crate::schema::model::QualifiedName;
use std::collections::BTreeSet;

/// The identifiers of a text: every word, and every `a.b` pair (a schema-qualified name, or a
/// table-qualified column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    /// Every identifier, folded as PostgreSQL folds it (bare words to lower case).
    words: BTreeSet<String>,
    /// The identifiers not written after a dot: candidates for unqualified object names.
    leading: BTreeSet<String>,
    /// `(a, b)` for every `a.b` in the text (`a.b.c` gives `(a, b)` and `(b, c)`).
    qualified: BTreeSet<(String, String)>,
}

impl Mentions {
    /// The mentions of `text`. Text the lexer cannot read whole (an unterminated string in a
    /// body the server would reject anyway) gives what it read up to the problem: it is never
    /// an error here, validation reports it.
    pub fn of(text: &str) -> Mentions {
        let tokens = readable_tokens(text);
        let mut mentions = Mentions::default();
        let significant: Vec<&Token> = tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Comment)
            .collect();
        let mut previous: Option<String> = None;
        let mut after_dot = false;
        for token in significant {
            if token.kind == TokenKind::Punct && token.text(text) == "." {
                after_dot = previous.is_some();
                continue;
            }
            match lex::identifier(token, text) {
                Some(word) => {
                    match previous.take().filter(|_| after_dot) {
                        Some(qualifier) => {
                            mentions.qualified.insert((qualifier, word.clone()));
                        }
                        None => {
                            mentions.leading.insert(word.clone());
                        }
                    }
                    mentions.words.insert(word.clone());
                    previous = Some(word);
                }
                None => previous = None,
            }
            after_dot = false;
        }
        mentions
    }

    /// Whether the text may use the object `name`: written qualified (`audit.events`), or
    /// unqualified when it lives in `public` (the default search path).
    pub fn object(&self, name: &QualifiedName) -> bool {
        self.qualified
            .contains(&(name.schema.clone(), name.name.clone()))
            || (name.is_public() && self.leading.contains(&name.name))
    }

    /// Whether `word` appears anywhere, bare or after a dot (a column name, for instance).
    pub fn word(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

/// The tokens of `text`, or of the part before the first problem the lexer finds.
fn readable_tokens(text: &str) -> Vec<Token> {
    let mut end = text.len();
    // Each retry ends before the previous error, so this stops.
    loop {
        match lex::tokenize(&text[..end], Backslashes::Literal) {
            Ok(tokens) => return tokens,
            Err(error) if error.offset < end && text.is_char_boundary(error.offset) => {
                end = error.offset
            }
            Err(_) => return Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unqualified_names_are_public_objects() {
        let m = Mentions::of("SELECT o.id, Total FROM orders o JOIN \"Line Items\" li ON true");
        assert!(m.object(&QualifiedName::public("orders")));
        assert!(m.object(&QualifiedName::public("Line Items")));
        assert!(!m.object(&QualifiedName::public("line items")));
        assert!(!m.object(&QualifiedName::new("audit", "orders")));
        assert!(m.word("total") && m.word("id"));
    }

    #[test]
    fn qualified_names_match_their_schema_only() {
        let m = Mentions::of("SELECT audit.record(e.*) FROM audit . events e -- public.fake");
        assert!(m.object(&QualifiedName::new("audit", "events")));
        assert!(m.object(&QualifiedName::new("audit", "record")));
        assert!(!m.object(&QualifiedName::public("events")));
        assert!(!m.object(&QualifiedName::public("fake")));
    }

    #[test]
    fn strings_are_not_names_and_bad_text_gives_what_it_read() {
        let m = Mentions::of("SELECT 'orders' FROM users WHERE x = 'unterminated");
        assert!(!m.object(&QualifiedName::public("orders")));
        assert!(m.object(&QualifiedName::public("users")));
    }
}
