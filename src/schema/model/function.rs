//! Functions, procedures and aggregates. Their identity is schema + name + argument types
//! (overloads are separate objects); argument lists, return types and bodies are kept as
//! written (PostgreSQL's own spelling once they come from a database).

use super::{GrantTarget, Grants, PUBLIC, QualifiedName, is_false};
use crate::sql::lex::{self, Backslashes, TokenKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A function or a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualifiedName,
    /// A procedure (`CREATE PROCEDURE`): no return type, volatility, strictness, parallel
    /// safety, leakproofness, cost or rows.
    #[serde(default, skip_serializing_if = "is_false")]
    pub procedure: bool,
    /// Each argument as PostgreSQL writes it: `[mode] [name] type [DEFAULT expr]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// `numeric`, `trigger`, `SETOF x`, `TABLE (a integer, b text)`; `None` for a procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    pub language: String,
    #[serde(default, skip_serializing_if = "Volatility::is_default")]
    pub volatility: Volatility,
    /// `RETURNS NULL ON NULL INPUT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strict: bool,
    /// `SECURITY DEFINER`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub security_definer: bool,
    #[serde(default, skip_serializing_if = "Parallel::is_default")]
    pub parallel: Parallel,
    #[serde(default, skip_serializing_if = "is_false")]
    pub leakproof: bool,
    /// `COST`, as decimal text; `None` is PostgreSQL's default (1 for C and internal
    /// functions, 100 for the others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    /// `ROWS` of a set-returning function, as decimal text; `None` is the default (1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
    /// `SET name = value` options, by setting name (lower case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, String>,
    /// The body: the text between the dollar quotes, or a SQL-standard body (`BEGIN ATOMIC
    /// ... END`, `RETURN expr`) written as is.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Who may execute it, the owner left out. `None` is PostgreSQL's default (`PUBLIC` may
    /// `EXECUTE`); `Some` is the whole list (`{}`: the owner only). `Some` of the default is
    /// normalised to `None` (see [`normalize_function_grants`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grants: Option<Grants>,
}

/// PostgreSQL's default privileges of a function or procedure: `PUBLIC` may `EXECUTE`.
pub fn default_function_grants() -> Grants {
    Grants::from([(PUBLIC.to_string(), vec!["EXECUTE".to_string()])])
}

/// `Some` of the default grants is `None`.
pub fn normalize_function_grants(grants: Option<Grants>) -> Option<Grants> {
    grants.filter(|g| *g != default_function_grants())
}

/// `IMMUTABLE`, `STABLE` or `VOLATILE` (the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    Immutable,
    Stable,
    #[default]
    Volatile,
}

impl Volatility {
    pub fn is_default(&self) -> bool {
        *self == Volatility::Volatile
    }

    /// The SQL keyword.
    pub fn sql(self) -> &'static str {
        match self {
            Volatility::Immutable => "IMMUTABLE",
            Volatility::Stable => "STABLE",
            Volatility::Volatile => "VOLATILE",
        }
    }

    /// The TOML spelling.
    pub fn word(self) -> &'static str {
        match self {
            Volatility::Immutable => "immutable",
            Volatility::Stable => "stable",
            Volatility::Volatile => "volatile",
        }
    }
}

/// `PARALLEL UNSAFE` (the default), `RESTRICTED` or `SAFE`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    #[default]
    Unsafe,
    Restricted,
    Safe,
}

impl Parallel {
    pub fn is_default(&self) -> bool {
        *self == Parallel::Unsafe
    }

    /// The SQL keyword.
    pub fn sql(self) -> &'static str {
        match self {
            Parallel::Unsafe => "UNSAFE",
            Parallel::Restricted => "RESTRICTED",
            Parallel::Safe => "SAFE",
        }
    }

    /// The TOML spelling.
    pub fn word(self) -> &'static str {
        match self {
            Parallel::Unsafe => "unsafe",
            Parallel::Restricted => "restricted",
            Parallel::Safe => "safe",
        }
    }
}

/// An aggregate (`CREATE AGGREGATE`), of the normal kind (not ordered-set or hypothetical).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub name: QualifiedName,
    /// The argument types (optionally with names), as for functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// The state transition function.
    pub sfunc: QualifiedName,
    /// The state type.
    pub stype: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalfunc: Option<QualifiedName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combinefunc: Option<QualifiedName>,
    /// The initial state, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initcond: Option<String>,
    #[serde(default, skip_serializing_if = "Parallel::is_default")]
    pub parallel: Parallel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One argument read into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// `IN`, `OUT`, `INOUT` or `VARIADIC` (upper case), when written.
    pub mode: Option<String>,
    pub name: Option<String>,
    pub data_type: String,
    pub default: Option<String>,
}

/// Words that begin a built-in type name: a first word among them is never an argument name
/// (`double precision`, `character varying(20)`, `timestamp with time zone`).
const TYPE_WORDS: &[&str] = &[
    "bigint",
    "bit",
    "boolean",
    "char",
    "character",
    "dec",
    "decimal",
    "double",
    "float",
    "int",
    "integer",
    "interval",
    "national",
    "nchar",
    "numeric",
    "real",
    "setof",
    "smallint",
    "time",
    "timestamp",
    "varchar",
];

const MODES: &[&str] = &["in", "out", "inout", "variadic"];

impl Argument {
    /// Reads `[mode] [name] type [DEFAULT expr | = expr]`. Text the lexer cannot read is
    /// taken whole as the type (validation reports it).
    pub fn parse(text: &str) -> Argument {
        let text = text.trim();
        let whole = || Argument {
            mode: None,
            name: None,
            data_type: text.to_string(),
            default: None,
        };
        let Ok(tokens) = lex::tokenize(text, Backslashes::Literal) else {
            return whole();
        };
        let tokens: Vec<_> = tokens
            .into_iter()
            .filter(|t| t.kind != TokenKind::Comment)
            .collect();
        let mut depth = 0usize;
        let mut cut = None;
        for (i, token) in tokens.iter().enumerate() {
            let word = token.text(text);
            match (token.kind, word) {
                (TokenKind::Punct, "(" | "[") => depth += 1,
                (TokenKind::Punct, ")" | "]") => depth = depth.saturating_sub(1),
                (TokenKind::Operator, "=") if depth == 0 => {
                    cut = Some(i);
                    break;
                }
                (TokenKind::Word, w) if depth == 0 && w.eq_ignore_ascii_case("default") => {
                    cut = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let (decl, default) = match cut {
            Some(i) => (
                &tokens[..i],
                tokens
                    .get(i + 1)
                    .map(|t| text[t.start..].trim().to_string()),
            ),
            None => (&tokens[..], None),
        };
        let mut rest = decl;
        let is_word = |t: &lex::Token, set: &[&str]| {
            t.kind == TokenKind::Word && set.contains(&t.text(text).to_ascii_lowercase().as_str())
        };
        let mut mode = None;
        if rest.len() > 1 && is_word(&rest[0], MODES) {
            mode = Some(rest[0].text(text).to_ascii_uppercase());
            rest = &rest[1..];
        }
        let mut name = None;
        if rest.len() > 1
            && matches!(rest[0].kind, TokenKind::Word | TokenKind::QuotedIdent)
            && !is_word(&rest[0], TYPE_WORDS)
            && !matches!(rest[1].text(text), "." | "(" | "[" | "%")
        {
            name = Some(rest[0].text(text).to_string());
            rest = &rest[1..];
            if mode.is_none() && rest.len() > 1 && is_word(&rest[0], MODES) {
                mode = Some(rest[0].text(text).to_ascii_uppercase());
                rest = &rest[1..];
            }
        }
        let data_type = match (rest.first(), rest.last()) {
            (Some(first), Some(last)) => text[first.start..last.end].trim().to_string(),
            _ => return whole(),
        };
        Argument {
            mode,
            name,
            data_type,
            default,
        }
    }

    /// The argument without its default, as `DROP`/`COMMENT ON` take it.
    pub fn declaration(&self) -> String {
        let mut parts = Vec::new();
        if let Some(mode) = &self.mode {
            parts.push(mode.as_str());
        }
        if let Some(name) = &self.name {
            parts.push(name.as_str());
        }
        parts.push(&self.data_type);
        parts.join(" ")
    }

    /// The type as identity compares it: canonical where it is a well-formed type name.
    pub fn identity_type(&self) -> String {
        crate::schema::types::canonicalize(&self.data_type, &[])
            .map(|(canonical, _)| canonical)
            .unwrap_or_else(|_| self.data_type.clone())
    }
}

/// An argument list as PostgreSQL prints it (`a integer, b text DEFAULT 'x, y'::text`), one
/// string per argument: split on the commas outside brackets, strings and quotes.
pub fn split_arguments(text: &str) -> Vec<String> {
    let Ok(tokens) = lex::tokenize(text, Backslashes::Literal) else {
        return vec![text.trim().to_string()]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for token in tokens {
        if token.kind != TokenKind::Punct {
            continue;
        }
        match token.text(text) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                out.push(text[start..token.start].trim().to_string());
                start = token.end;
            }
            _ => {}
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() || !out.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// The identity types of an argument list: every argument but `OUT` ones (which are part of a
/// procedure's identity, not of a function's).
pub fn identity_types(arguments: &[String], procedure: bool) -> Vec<String> {
    arguments
        .iter()
        .map(|a| Argument::parse(a))
        .filter(|a| procedure || a.mode.as_deref() != Some("OUT"))
        .map(|a| a.identity_type())
        .collect()
}

/// The argument list without defaults, for `DROP` and `COMMENT ON`.
pub fn declarations(arguments: &[String]) -> String {
    arguments
        .iter()
        .map(|a| Argument::parse(a).declaration())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Function {
    /// The argument types that make up its identity.
    pub fn identity(&self) -> Vec<String> {
        identity_types(&self.arguments, self.procedure)
    }

    /// `name(type, type)`, as messages and TOML keys of overloads name it.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.identity().join(", "))
    }

    /// The sort and lookup key.
    pub fn key(&self) -> (QualifiedName, Vec<String>) {
        (self.name.clone(), self.identity())
    }

    /// `FUNCTION` or `PROCEDURE`.
    pub fn keyword(&self) -> &'static str {
        if self.procedure {
            "PROCEDURE"
        } else {
            "FUNCTION"
        }
    }

    /// Its grants, PostgreSQL's default when none are declared.
    pub fn effective_grants(&self) -> Grants {
        self.grants.clone().unwrap_or_else(default_function_grants)
    }

    /// The target of its `GRANT`s: `ON FUNCTION name(args)` or `ON PROCEDURE`, the arguments
    /// without defaults (as `DROP` names it).
    pub fn grant_target(&self) -> GrantTarget {
        GrantTarget::Function {
            name: self.name.clone(),
            arguments: declarations(&self.arguments),
            procedure: self.procedure,
        }
    }

    /// The function without its grants: what `CREATE FUNCTION` makes (grants are changes of
    /// their own).
    pub fn without_grants(&self) -> Function {
        Function {
            grants: None,
            ..self.clone()
        }
    }

    /// True when the body is a SQL-standard one (`BEGIN ATOMIC ... END` or `RETURN expr`),
    /// parsed (and its dependencies recorded) when the function is created.
    pub fn is_sql_standard_body(&self) -> bool {
        is_sql_standard_body(&self.body)
    }
}

/// True when a return clause returns a set (`SETOF x`, `TABLE (...)`).
pub fn returns_set(returns: &str) -> bool {
    let lower = returns.trim_start().to_ascii_lowercase();
    lower.starts_with("setof ")
        || (lower.starts_with("table") && lower[5..].trim_start().starts_with('('))
}

/// True when `body` starts with `BEGIN ATOMIC` or `RETURN`.
pub fn is_sql_standard_body(body: &str) -> bool {
    let Ok(tokens) = lex::tokenize(body, Backslashes::Literal) else {
        return false;
    };
    let mut words = tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .map(|t| (t.kind, t.text(body).to_ascii_lowercase()));
    match words.next() {
        Some((TokenKind::Word, w)) if w == "return" => true,
        Some((TokenKind::Word, w)) if w == "begin" => {
            matches!(words.next(), Some((TokenKind::Word, w)) if w == "atomic")
        }
        _ => false,
    }
}

impl Aggregate {
    /// The argument types that make up its identity.
    pub fn identity(&self) -> Vec<String> {
        identity_types(&self.arguments, false)
    }

    /// `name(type, type)`.
    pub fn signature(&self) -> String {
        let args = if self.arguments.is_empty() {
            "*".to_string()
        } else {
            self.identity().join(", ")
        };
        format!("{}({args})", self.name)
    }

    /// The sort and lookup key.
    pub fn key(&self) -> (QualifiedName, Vec<String>) {
        (self.name.clone(), self.identity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<String>, Option<String>, String, Option<String>) {
        let a = Argument::parse(text);
        (a.mode, a.name, a.data_type, a.default)
    }

    #[test]
    fn arguments_split_into_mode_name_type_default() {
        assert_eq!(
            parts("amount numeric"),
            (None, Some("amount".into()), "numeric".into(), None)
        );
        assert_eq!(parts("numeric"), (None, None, "numeric".into(), None));
        assert_eq!(
            parts("double precision"),
            (None, None, "double precision".into(), None)
        );
        assert_eq!(
            parts("OUT total double precision"),
            (
                Some("OUT".into()),
                Some("total".into()),
                "double precision".into(),
                None
            )
        );
        assert_eq!(
            parts("variadic xs integer[]"),
            (
                Some("VARIADIC".into()),
                Some("xs".into()),
                "integer[]".into(),
                None
            )
        );
        assert_eq!(
            parts("c text DEFAULT 'a, b'::text"),
            (
                None,
                Some("c".into()),
                "text".into(),
                Some("'a, b'::text".into())
            )
        );
        assert_eq!(
            parts("n numeric(10,2) = 1"),
            (
                None,
                Some("n".into()),
                "numeric(10,2)".into(),
                Some("1".into())
            )
        );
        assert_eq!(parts("audit.kind"), (None, None, "audit.kind".into(), None));
        assert_eq!(
            parts("\"My Arg\" character varying"),
            (
                None,
                Some("\"My Arg\"".into()),
                "character varying".into(),
                None
            )
        );
    }

    #[test]
    fn identity_leaves_out_function_out_arguments_and_canonicalises() {
        let args = vec!["a int".to_string(), "OUT b text".to_string()];
        assert_eq!(identity_types(&args, false), vec!["integer"]);
        assert_eq!(identity_types(&args, true), vec!["integer", "text"]);
        assert_eq!(declarations(&["x int DEFAULT 1".to_string()]), "x int");
    }

    #[test]
    fn printed_argument_lists_split_outside_strings_and_brackets() {
        assert_eq!(
            split_arguments("a numeric(10,2), b text DEFAULT 'x, y'::text, VARIADIC c integer[]"),
            vec![
                "a numeric(10,2)",
                "b text DEFAULT 'x, y'::text",
                "VARIADIC c integer[]"
            ]
        );
        assert!(split_arguments("").is_empty());
    }

    #[test]
    fn sql_standard_bodies() {
        assert!(is_sql_standard_body("BEGIN ATOMIC SELECT 1; END"));
        assert!(is_sql_standard_body("  return a + b"));
        assert!(!is_sql_standard_body("SELECT 1"));
        assert!(!is_sql_standard_body("BEGIN RETURN 1; END"));
    }
}
