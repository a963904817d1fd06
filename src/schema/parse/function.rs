//! Reading `[function.NAME]`, `[procedure.NAME]` and `[aggregate.NAME]`. An overload's key
//! carries its argument types: `[function."price(numeric, text)"]`.

use super::{FileReader, Loc, Located, Reporter, Table};
use crate::schema::model::QualifiedName;
use toml::de::DeValue;

/// A function or procedure as written.
#[derive(Debug, Clone)]
pub struct RawFunction {
    pub name: QualifiedName,
    /// The argument types written in the key (`price(numeric, text)`), if any.
    pub key_types: Option<String>,
    pub at: Loc,
    pub procedure: bool,
    pub arguments: Vec<Located<String>>,
    pub returns: Option<Located<String>>,
    pub language: Option<Located<String>>,
    pub volatility: Option<Located<String>>,
    pub strict: bool,
    pub security: Option<Located<String>>,
    pub parallel: Option<Located<String>>,
    pub leakproof: bool,
    pub cost: Option<Located<String>>,
    pub rows: Option<Located<String>>,
    pub set: Vec<Located<(String, String)>>,
    pub body: Option<Located<String>>,
    pub comment: Option<String>,
    /// `grants`, when written (`{}` is written: the owner only).
    pub grants: Option<Vec<super::RawGrant>>,
    /// Keys written that a procedure cannot have, for errors.
    pub function_only: Vec<Located<String>>,
}

/// An aggregate as written.
#[derive(Debug, Clone)]
pub struct RawAggregate {
    pub name: QualifiedName,
    pub key_types: Option<String>,
    pub at: Loc,
    pub arguments: Vec<Located<String>>,
    pub sfunc: Option<Located<String>>,
    pub stype: Option<Located<String>>,
    pub finalfunc: Option<Located<String>>,
    pub combinefunc: Option<Located<String>>,
    pub initcond: Option<Located<String>>,
    pub parallel: Option<Located<String>>,
    pub comment: Option<String>,
}

/// The keys of a function entry.
pub const FUNCTION_KEYS: &[&str] = &[
    "arguments",
    "returns",
    "language",
    "volatility",
    "strict",
    "security",
    "parallel",
    "leakproof",
    "cost",
    "rows",
    "set",
    "body",
    "comment",
    "grants",
];

/// The keys only functions (not procedures) have.
const FUNCTION_ONLY_KEYS: &[&str] = &[
    "returns",
    "volatility",
    "strict",
    "parallel",
    "leakproof",
    "cost",
    "rows",
];

const AGGREGATE_KEYS: &[&str] = &[
    "arguments",
    "sfunc",
    "stype",
    "finalfunc",
    "combinefunc",
    "initcond",
    "parallel",
    "comment",
];

/// `name` or `name(types)`: the name and the types written in the key.
pub fn split_key(key: &str) -> (QualifiedName, Option<String>) {
    if let Some(stripped) = key.strip_suffix(')')
        && let Some(open) = stripped.find('(')
        && open > 0
    {
        return (
            QualifiedName::parse(stripped[..open].trim_end()),
            Some(stripped[open + 1..].to_string()),
        );
    }
    (QualifiedName::parse(key), None)
}

impl FileReader {
    pub(super) fn read_function(
        &self,
        key: &str,
        t: &Table,
        at: Loc,
        procedure: bool,
        r: &mut Reporter,
    ) -> RawFunction {
        let what = if procedure { "procedure" } else { "function" };
        self.check_keys(t, FUNCTION_KEYS, || format!("{what} `{key}`"), r);
        let (name, key_types) = split_key(key);
        let function_only = if procedure {
            FUNCTION_ONLY_KEYS
                .iter()
                .filter(|k| t.contains_key(**k))
                .map(|k| Located {
                    value: k.to_string(),
                    at: self.key_loc(t, k),
                })
                .collect()
        } else {
            Vec::new()
        };
        RawFunction {
            name,
            key_types,
            at,
            procedure,
            arguments: self.arguments(t, r),
            returns: self.string(t, "returns", r),
            language: self.string(t, "language", r),
            volatility: self.string(t, "volatility", r),
            strict: self.boolean(t, "strict", r),
            security: self.string(t, "security", r),
            parallel: self.string(t, "parallel", r),
            leakproof: self.boolean(t, "leakproof", r),
            cost: self.number(t, "cost", r),
            rows: self.number(t, "rows", r),
            set: self.settings(t, r),
            body: self.string(t, "body", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
            grants: t
                .get("grants")
                .map(|item| self.grants_item(item, self.item_loc(t, "grants"), r)),
            function_only,
        }
    }

    pub(super) fn read_aggregate(
        &self,
        key: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawAggregate {
        self.check_keys(t, AGGREGATE_KEYS, || format!("aggregate `{key}`"), r);
        let (name, key_types) = split_key(key);
        RawAggregate {
            name,
            key_types,
            at,
            arguments: self.arguments(t, r),
            sfunc: self.string(t, "sfunc", r),
            stype: self.string(t, "stype", r),
            finalfunc: self.string(t, "finalfunc", r),
            combinefunc: self.string(t, "combinefunc", r),
            initcond: self.string(t, "initcond", r),
            parallel: self.string(t, "parallel", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
        }
    }

    fn arguments(&self, t: &Table, r: &mut Reporter) -> Vec<Located<String>> {
        match t.get("arguments") {
            Some(item) => self.string_list(item, self.item_loc(t, "arguments"), "arguments", r),
            None => Vec::new(),
        }
    }

    /// A number (integer or float) as its decimal text.
    fn number(&self, t: &Table, key: &str, r: &mut Reporter) -> Option<Located<String>> {
        let item = t.get(key)?;
        let at = self.item_loc(t, key);
        let text = match item.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            _ => {
                r.error(at, format!("`{key}` must be a number"));
                return None;
            }
        };
        Some(Located { value: text, at })
    }

    /// `set = { search_path = "public" }`.
    fn settings(&self, t: &Table, r: &mut Reporter) -> Vec<Located<(String, String)>> {
        self.scalar_options(
            t,
            "set",
            "`set` must be a table of settings, such as { search_path = \"public\" }",
            |key| format!("setting `{key}` must be a string, number or boolean"),
            |b| if b { "on" } else { "off" },
            r,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_may_carry_argument_types() {
        assert_eq!(split_key("price"), (QualifiedName::public("price"), None));
        assert_eq!(
            split_key("billing.price(numeric, text)"),
            (
                QualifiedName::new("billing", "price"),
                Some("numeric, text".into())
            )
        );
        assert_eq!(
            split_key("f()"),
            (QualifiedName::public("f"), Some(String::new()))
        );
    }
}
