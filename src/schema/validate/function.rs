//! Functions, procedures and aggregates: names like tables', arguments and return types that
//! are one clause each (and pass the type-name grammar where they are plain types), bodies
//! that are one body, options spelled as PostgreSQL knows them, and in canonical form
//! (defaults left out), so that a written default and a pulled one compare equal.

use super::expressions::check_expression;
use super::names::{check_name, check_qualified, check_text};
use super::types::KnownTypes;
use crate::schema::model::*;
use crate::schema::parse::{Loc, Located, RawFunction, RawSchema, Reporter};
use crate::sql::lex::{self, Backslashes, TokenKind};
use std::collections::{BTreeMap, BTreeSet};

/// Builds `schema.functions` and `schema.aggregates`.
pub(super) fn build_functions(
    raw: &RawSchema,
    known: &KnownTypes,
    schema: &mut Schema,
    r: &mut Reporter,
) {
    let mut seen: BTreeMap<(QualifiedName, Vec<String>), Loc> = BTreeMap::new();
    for written in &raw.functions {
        let what = if written.procedure {
            "procedure"
        } else {
            "function"
        };
        check_qualified(r, written.at, what, &written.name);
        check_text(r, written.at, "comment", written.comment.as_deref());
        let Some(function) = build_function(written, known, r) else {
            continue;
        };
        check_key_types(
            r,
            written.at,
            written.key_types.as_deref(),
            &function.identity(),
        );
        if let Some(first) = seen.insert(function.key(), written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "{what} `{}` is defined twice (also at {place}); overloads differ in their argument types",
                    function.signature()
                ),
            );
            continue;
        }
        schema.functions.push(function);
    }
    for written in &raw.aggregates {
        check_qualified(r, written.at, "aggregate", &written.name);
        check_text(r, written.at, "comment", written.comment.as_deref());
        let arguments = check_arguments(&written.arguments, known, r);
        let Some(sfunc) = &written.sfunc else {
            r.error(
                written.at,
                "an aggregate needs `sfunc` (its state function)",
            );
            continue;
        };
        let Some(stype) = &written.stype else {
            r.error(written.at, "an aggregate needs `stype` (its state type)");
            continue;
        };
        check_type(r, stype.at, "stype", &stype.value, known);
        let mut function_name = |value: &Located<String>| {
            let name = QualifiedName::parse(&value.value);
            check_qualified(r, value.at, "function", &name);
            name
        };
        let sfunc = function_name(sfunc);
        let finalfunc = written.finalfunc.as_ref().map(&mut function_name);
        let combinefunc = written.combinefunc.as_ref().map(&mut function_name);
        let aggregate = Aggregate {
            name: written.name.clone(),
            arguments,
            sfunc,
            stype: stype.value.trim().to_string(),
            finalfunc,
            combinefunc,
            initcond: written.initcond.as_ref().map(|i| {
                check_text(r, i.at, "initcond", Some(&i.value));
                i.value.clone()
            }),
            parallel: parallel(written.parallel.as_ref(), r),
            comment: written.comment.clone(),
        };
        check_key_types(
            r,
            written.at,
            written.key_types.as_deref(),
            &aggregate.identity(),
        );
        if let Some(first) = seen.insert(aggregate.key(), written.at) {
            let place = r.place(first);
            r.error(
                written.at,
                format!(
                    "aggregate `{}` has the name and argument types of another function or aggregate (at {place})",
                    aggregate.signature()
                ),
            );
            continue;
        }
        schema.aggregates.push(aggregate);
    }
}

fn build_function(written: &RawFunction, known: &KnownTypes, r: &mut Reporter) -> Option<Function> {
    for key in &written.function_only {
        r.error(
            key.at,
            format!("a procedure has no `{}` (only functions do)", key.value),
        );
    }
    let arguments = check_arguments(&written.arguments, known, r);
    let returns = match (&written.returns, written.procedure) {
        (Some(returns), false) => {
            check_returns(r, returns, known);
            Some(returns.value.trim().to_string())
        }
        (None, false) => {
            r.error(
                written.at,
                "a function needs `returns` (a type, \"SETOF type\", \"TABLE (...)\", \"trigger\" or \"void\")",
            );
            None
        }
        (_, true) => None,
    };
    let language = match &written.language {
        Some(language) => {
            let valid = language
                .value
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && language
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                r.error(
                    language.at,
                    "`language` is a language name such as sql, plpgsql or c",
                );
            }
            language.value.to_ascii_lowercase()
        }
        None => {
            r.error(
                written.at,
                "a function needs `language` (sql, plpgsql, ...)",
            );
            "sql".to_string()
        }
    };
    let Some(body) = &written.body else {
        r.error(written.at, "a function needs `body`");
        return None;
    };
    check_text(r, body.at, "body", Some(&body.value));
    if is_sql_standard_body(&body.value) {
        if language != "sql" {
            r.error(
                body.at,
                "a BEGIN ATOMIC or RETURN body is only for language sql",
            );
        } else if let Err(e) = crate::sql::body::check_sql_standard_body(&body.value) {
            r.error(
                body.at.within_string(e.offset),
                format!("body: {}", e.message),
            );
        }
    } else if body.value.trim().is_empty() {
        r.error(body.at, "the body is empty");
    }
    let volatility = match written.volatility.as_ref() {
        None => Volatility::Volatile,
        Some(v) => match v.value.to_ascii_lowercase().as_str() {
            "immutable" => Volatility::Immutable,
            "stable" => Volatility::Stable,
            "volatile" => Volatility::Volatile,
            _ => {
                r.error(v.at, "`volatility` is immutable, stable or volatile");
                Volatility::Volatile
            }
        },
    };
    let security_definer = match written.security.as_ref() {
        None => false,
        Some(s) => match s.value.to_ascii_lowercase().as_str() {
            "definer" => true,
            "invoker" => false,
            _ => {
                r.error(s.at, "`security` is invoker or definer");
                false
            }
        },
    };
    let returns_set = returns.as_deref().is_some_and(returns_set);
    let default_cost = if matches!(language.as_str(), "c" | "internal") {
        1.0
    } else {
        100.0
    };
    let cost = number(r, written.cost.as_ref(), "cost", default_cost);
    let rows = number(r, written.rows.as_ref(), "rows", 1000.0);
    if rows.is_some() && !returns_set {
        r.error(
            written.rows.as_ref().map_or(written.at, |v| v.at),
            "`rows` is only for a function that returns a set (SETOF or TABLE)",
        );
    }
    let mut set = BTreeMap::new();
    for setting in &written.set {
        let (name, value) = &setting.value;
        let valid = name.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if !valid {
            r.error(setting.at, format!("`{name}` is not a setting name"));
        }
        check_text(r, setting.at, "setting", Some(value));
        set.insert(name.to_ascii_lowercase(), value.clone());
    }
    Some(Function {
        name: written.name.clone(),
        procedure: written.procedure,
        arguments,
        returns,
        language,
        volatility,
        strict: written.strict,
        security_definer,
        parallel: parallel(written.parallel.as_ref(), r),
        leakproof: written.leakproof,
        cost,
        rows,
        set,
        body: body.value.clone(),
        comment: written.comment.clone(),
        grants: normalize_function_grants(
            written
                .grants
                .as_ref()
                .map(|raw| super::grant::build_grants(GrantKind::Function, raw, r)),
        ),
    })
}

fn parallel(value: Option<&Located<String>>, r: &mut Reporter) -> Parallel {
    match value {
        None => Parallel::Unsafe,
        Some(p) => match p.value.to_ascii_lowercase().as_str() {
            "unsafe" => Parallel::Unsafe,
            "restricted" => Parallel::Restricted,
            "safe" => Parallel::Safe,
            _ => {
                r.error(p.at, "`parallel` is unsafe, restricted or safe");
                Parallel::Unsafe
            }
        },
    }
}

/// A positive number in canonical text (as PostgreSQL's `real` prints it), `None` when it is
/// the default.
fn number(
    r: &mut Reporter,
    value: Option<&Located<String>>,
    what: &str,
    default: f32,
) -> Option<String> {
    let value = value?;
    match value.value.parse::<f32>() {
        Ok(n) if n.is_finite() && n > 0.0 => (n != default).then(|| n.to_string()),
        _ => {
            r.error(value.at, format!("`{what}` must be a positive number"));
            None
        }
    }
}

/// Each argument is one clause (nothing closes the argument list) and its type, when plain,
/// is a type name.
fn check_arguments(
    arguments: &[Located<String>],
    known: &KnownTypes,
    r: &mut Reporter,
) -> Vec<String> {
    let mut out = Vec::new();
    for argument in arguments {
        if !one_clause(r, argument.at, "argument", &argument.value) {
            continue;
        }
        let parsed = Argument::parse(&argument.value);
        check_type(r, argument.at, "argument type", &parsed.data_type, known);
        if let Some(name) = &parsed.name {
            check_name(r, argument.at, "argument", name);
        }
        out.push(argument.value.trim().to_string());
    }
    out
}

/// One expression-like clause without a top-level comma.
fn one_clause(r: &mut Reporter, at: Loc, what: &str, text: &str) -> bool {
    if !check_expression(r, at, what, text) {
        return false;
    }
    let Ok(tokens) = lex::tokenize(text, Backslashes::Literal) else {
        return false;
    };
    let mut depth = 0i32;
    for token in tokens {
        if token.kind != TokenKind::Punct {
            continue;
        }
        match token.text(text) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "," if depth == 0 => {
                r.error(
                    at.within_string(token.start),
                    format!("{what}: one per list entry (a top-level `,` starts another)"),
                );
                return false;
            }
            _ => {}
        }
    }
    true
}

/// A type as the type-name grammar reads it, unless it copies another's (`%TYPE`).
fn check_type(r: &mut Reporter, at: Loc, what: &str, text: &str, known: &KnownTypes) {
    if text.contains('%') {
        return;
    }
    if let Err(e) = crate::schema::types::canonicalize(text, &known.user) {
        r.error(at, format!("{what}: {}", e.message));
    }
}

/// `SETOF type`, `TABLE (name type, ...)` or a type.
fn check_returns(r: &mut Reporter, returns: &Located<String>, known: &KnownTypes) {
    let text = returns.value.trim();
    if !check_expression(r, returns.at, "returns", text) {
        return;
    }
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("setof ") {
        let rest = &text[text.len() - rest.len()..];
        check_type(r, returns.at, "returns", rest.trim(), known);
    } else if returns_set(text) {
        // `TABLE (...)`: columns as arguments.
        let open = text.find('(').unwrap_or(0);
        let inner = text[open + 1..].trim_end().trim_end_matches(')');
        for column in split_top_level(inner) {
            let parsed = Argument::parse(&column);
            check_type(r, returns.at, "returns", &parsed.data_type, known);
        }
    } else {
        check_type(r, returns.at, "returns", text, known);
    }
}

/// Splits on commas outside parentheses.
fn split_top_level(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// The argument types written in an overload's key must be its identity's.
fn check_key_types(r: &mut Reporter, at: Loc, key_types: Option<&str>, identity: &[String]) {
    let Some(written) = key_types else { return };
    let written: Vec<String> = split_top_level(written)
        .iter()
        .map(|t| Argument::parse(t).identity_type())
        .collect();
    if written != identity {
        r.error(
            at,
            format!(
                "the key names the argument types ({}) but `arguments` gives ({})",
                written.join(", "),
                identity.join(", ")
            ),
        );
    }
}

/// Functions whose key carries no argument types while another function of the same name
/// exists: each overload must say which it is.
pub(super) fn check_overload_keys(raw: &RawSchema, r: &mut Reporter) {
    let mut count: BTreeMap<&QualifiedName, usize> = BTreeMap::new();
    for f in &raw.functions {
        *count.entry(&f.name).or_default() += 1;
    }
    for a in &raw.aggregates {
        *count.entry(&a.name).or_default() += 1;
    }
    let overloaded: BTreeSet<&QualifiedName> = count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name)
        .collect();
    let entries = raw
        .functions
        .iter()
        .map(|f| (&f.name, f.key_types.is_none(), f.at))
        .chain(
            raw.aggregates
                .iter()
                .map(|a| (&a.name, a.key_types.is_none(), a.at)),
        );
    for (name, bare, at) in entries {
        if bare && overloaded.contains(name) {
            r.error(
                at,
                format!(
                    "`{name}` is overloaded: write each overload's argument types in its key, such as [function.\"{name}(integer)\"]"
                ),
            );
        }
    }
}
