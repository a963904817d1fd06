//! Raw SQL keys (`default_sql`, `generated`, checks, index expressions and predicates) are the
//! only places where the format takes SQL as written, and each must be exactly one expression:
//! strata writes it between parentheses, and nothing in it may close them or end the statement.

use crate::schema::parse::{Loc, Reporter};
use crate::sql::lex;

/// Reports `text` unless it is one expression; true when it is.
pub(super) fn check_expression(r: &mut Reporter, at: Loc, what: &str, text: &str) -> bool {
    match lex::single_expression(text) {
        Ok(_) => true,
        Err(e) => {
            r.error(at.within_string(e.offset), format!("{what}: {}", e.message));
            false
        }
    }
}
