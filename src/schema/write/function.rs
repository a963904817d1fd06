//! Functions, procedures and aggregates as TOML (`functions.toml`). An overloaded name's
//! entries carry their argument types in the key: `[function."area(integer)"]`.

use super::{key, string, string_array};
use crate::schema::model::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Every function, procedure and aggregate; empty when there is none.
pub(super) fn functions_file(schema: &Schema) -> String {
    let mut count: BTreeMap<&QualifiedName, usize> = BTreeMap::new();
    for f in &schema.functions {
        *count.entry(&f.name).or_default() += 1;
    }
    for a in &schema.aggregates {
        *count.entry(&a.name).or_default() += 1;
    }
    let entry_key = |name: &QualifiedName, identity: Vec<String>| {
        if count.get(name).copied().unwrap_or(0) > 1 {
            key(&format!("{name}({})", identity.join(", ")))
        } else {
            key(&name.to_string())
        }
    };
    let mut out = String::new();
    for function in &schema.functions {
        if !out.is_empty() {
            out.push('\n');
        }
        let kind = if function.procedure {
            "procedure"
        } else {
            "function"
        };
        let _ = writeln!(
            out,
            "[{kind}.{}]",
            entry_key(&function.name, function.identity())
        );
        if !function.arguments.is_empty() {
            let _ = writeln!(out, "arguments = {}", string_array(&function.arguments));
        }
        if let Some(returns) = &function.returns {
            let _ = writeln!(out, "returns = {}", string(returns));
        }
        let _ = writeln!(out, "language = {}", string(&function.language));
        if !function.volatility.is_default() {
            let _ = writeln!(out, "volatility = {}", string(function.volatility.word()));
        }
        if function.strict {
            out.push_str("strict = true\n");
        }
        if function.security_definer {
            out.push_str("security = \"definer\"\n");
        }
        if !function.parallel.is_default() {
            let _ = writeln!(out, "parallel = {}", string(function.parallel.word()));
        }
        if function.leakproof {
            out.push_str("leakproof = true\n");
        }
        if let Some(cost) = &function.cost {
            let _ = writeln!(out, "cost = {}", number(cost));
        }
        if let Some(rows) = &function.rows {
            let _ = writeln!(out, "rows = {}", number(rows));
        }
        if !function.set.is_empty() {
            let settings: Vec<String> = function
                .set
                .iter()
                .map(|(name, value)| format!("{} = {}", key(name), string(value)))
                .collect();
            let _ = writeln!(out, "set = {{ {} }}", settings.join(", "));
        }
        let _ = writeln!(out, "body = {}", multiline(&function.body));
        if let Some(comment) = &function.comment {
            let _ = writeln!(out, "comment = {}", string(comment));
        }
        match &function.grants {
            Some(grants) if grants.is_empty() => out.push_str("grants = {}\n"),
            Some(grants) => {
                let _ = writeln!(out, "grants = {}", super::trigger::grants_value(grants));
            }
            None => {}
        }
    }
    for aggregate in &schema.aggregates {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "[aggregate.{}]",
            entry_key(&aggregate.name, aggregate.identity())
        );
        if !aggregate.arguments.is_empty() {
            let _ = writeln!(out, "arguments = {}", string_array(&aggregate.arguments));
        }
        let _ = writeln!(out, "sfunc = {}", string(&aggregate.sfunc.to_string()));
        let _ = writeln!(out, "stype = {}", string(&aggregate.stype));
        if let Some(f) = &aggregate.finalfunc {
            let _ = writeln!(out, "finalfunc = {}", string(&f.to_string()));
        }
        if let Some(f) = &aggregate.combinefunc {
            let _ = writeln!(out, "combinefunc = {}", string(&f.to_string()));
        }
        if let Some(initcond) = &aggregate.initcond {
            let _ = writeln!(out, "initcond = {}", string(initcond));
        }
        if !aggregate.parallel.is_default() {
            let _ = writeln!(out, "parallel = {}", string(aggregate.parallel.word()));
        }
        if let Some(comment) = &aggregate.comment {
            let _ = writeln!(out, "comment = {}", string(comment));
        }
    }
    out
}

/// A number from the model as a TOML number (an integer when it has no fraction).
fn number(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
        Ok(n) => format!("{n:?}"),
        Err(_) => "1".to_string(),
    }
}

/// A body as a multi-line literal string (`'''`) when it can be one exactly, else a basic
/// string with escapes.
fn multiline(body: &str) -> String {
    let plain = !body.contains("'''")
        && !body.ends_with('\'')
        && body
            .chars()
            .all(|c| c == '\n' || c == '\t' || (!c.is_control() && c != '\u{7f}'));
    if plain && body.contains('\n') {
        format!("'''\n{body}'''")
    } else {
        string(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_written_exactly() {
        assert_eq!(multiline("SELECT 1"), "\"SELECT 1\"");
        assert_eq!(multiline("\nSELECT 'a'\n"), "'''\n\nSELECT 'a'\n'''");
        assert_eq!(multiline("x\r\ny"), "\"x\\r\\ny\"");
        assert_eq!(number("10"), "10");
        assert_eq!(number("0.5"), "0.5");
    }
}
