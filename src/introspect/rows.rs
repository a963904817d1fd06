//! Catalog rows to the model, as pure functions (unit-tested without a database).
//!
//! Defaults are mapped back to literals where PostgreSQL stored a plain constant of the
//! column's type (`false`, `0`, `'pending'::character varying`, `'{a,b}'::text[]`), so that a
//! default written as a TOML literal and the database's form compare equal; everything else
//! stays an expression as `pg_get_expr` prints it.

use crate::schema::model::*;
use crate::schema::types::{self, Family};

/// One row of `queries::COLUMNS`.
#[derive(Debug, Clone, Default)]
pub struct ColumnRow {
    pub name: String,
    pub format_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    /// `a` (always), `d` (by default) or empty.
    pub identity: String,
    /// `s` (stored generated), [`VIRTUAL_GENERATED`] or empty.
    pub generated: String,
    pub comment: Option<String>,
    pub base_schema: String,
    pub base_name: String,
    /// `e` for an enum (or array of enum).
    pub base_typtype: String,
    pub is_array: bool,
    /// The column's collation when it is not its type's.
    pub collation: Option<String>,
    /// The sequence of an identity column.
    pub identity_sequence: Option<SequenceRow>,
}

/// A sequence's settings as `pg_sequence` holds them.
#[derive(Debug, Clone, Default)]
pub struct SequenceRow {
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
}

/// The canonical options of a sequence's settings.
pub fn sequence_options(row: &SequenceRow) -> SequenceOptions {
    SequenceSettings {
        start: row.start,
        increment: row.increment,
        min: row.min,
        max: row.max,
        cache: row.cache,
        cycle: row.cycle,
    }
    .options(&row.data_type)
}

/// `{fillfactor=70,autovacuum_enabled=false}` as a map; a value without `=` keeps an empty one.
pub fn storage_parameters(options: &[String]) -> std::collections::BTreeMap<String, String> {
    options
        .iter()
        .map(|option| match option.split_once('=') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (option.clone(), String::new()),
        })
        .collect()
}

/// `pg_attribute.attgenerated` of a virtual generated column (PostgreSQL 18). The model has
/// no such column: `inspect` refuses it.
pub const VIRTUAL_GENERATED: &str = "v";

/// The model column of a catalog row.
pub fn column(row: &ColumnRow) -> Column {
    let data_type = type_name(
        &row.format_type,
        &row.base_schema,
        &row.base_name,
        &row.base_typtype,
        row.is_array,
    );
    let generated = (row.generated == "s")
        .then(|| row.default.clone())
        .flatten();
    let default = if generated.is_some() {
        None
    } else {
        row.default
            .as_deref()
            .and_then(|text| default_value(text, &data_type))
    };
    Column {
        grants: Default::default(),
        name: row.name.clone(),
        identity: match row.identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        },
        generated,
        default,
        not_null: row.not_null,
        comment: row.comment.clone(),
        data_type,
        collation: row.collation.clone(),
        identity_options: row
            .identity_sequence
            .as_ref()
            .map(sequence_options)
            .unwrap_or_default()
            .into(),
    }
}

/// A type as the model names it: the schema's own types (enums `e`, domains `d`, composites
/// `c`) by their display name (`audit.kind`, `mood[]`), built from the catalog's schema and
/// name so that nothing needs unquoting; any other type as `format_type` prints it.
pub fn type_name(
    format_type: &str,
    schema: &str,
    name: &str,
    typtype: &str,
    is_array: bool,
) -> String {
    if matches!(typtype, "e" | "d" | "c") {
        let name = QualifiedName::new(schema.to_string(), name.to_string());
        format!("{name}{}", if is_array { "[]" } else { "" })
    } else {
        format_type.to_string()
    }
}

/// A default as the model holds it: a literal when PostgreSQL stored a constant, else the
/// expression; `None` for `NULL` (the same as no default).
pub fn default_value(text: &str, data_type: &str) -> Option<DefaultValue> {
    let text = text.trim();
    if text == "NULL" || text.starts_with("NULL::") {
        return None;
    }
    match literal(text, data_type) {
        Some(literal) => Some(DefaultValue::Literal(literal)),
        None => Some(DefaultValue::Expression(text.to_string())),
    }
}

/// The literal a default expression stands for, if it is a plain constant.
fn literal(text: &str, data_type: &str) -> Option<Literal> {
    let (base, dims) = types::split_array(data_type);
    let family = if types::canonical_builtin(base).is_some() {
        Some(types::family(base))
    } else {
        None
    };
    if text == "true" || text == "false" {
        return Some(Literal::Boolean(text == "true"));
    }
    if let Some(number) = number(text, family) {
        return Some(number);
    }
    let (quoted, cast) = split_cast(text)?;
    if cast.is_some_and(|c| type_key(c) != type_key(data_type)) {
        return None;
    }
    let value = unquote(quoted)?;
    if dims > 0 {
        return array(&value, family);
    }
    match family {
        Some(Family::Integer { .. }) | Some(Family::Number) => number(&value, family),
        Some(Family::Boolean) => None,
        _ => Some(Literal::String(value)),
    }
}

/// A type name without modifiers or quotes: `character varying(20)` and `character varying`
/// are one cast target.
fn type_key(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '"' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `12`, `-3`, `1.5` as an Integer or Number (Number on numeric columns).
fn number(text: &str, family: Option<Family>) -> Option<Literal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if digits.matches('.').count() > 1 || digits.starts_with('.') || digits.ends_with('.') {
        return None;
    }
    if !digits.contains('.')
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Literal::Integer(i));
    }
    match family {
        Some(Family::Number) | None => Some(Literal::Number(text.to_string())),
        _ => None,
    }
}

/// `'x'::text` into (`'x'`, Some("text")); `'x'` into (`'x'`, None).
fn split_cast(text: &str) -> Option<(&str, Option<&str>)> {
    if !text.starts_with('\'') {
        return None;
    }
    let close = closing_quote(text)?;
    let (quoted, rest) = text.split_at(close + 1);
    if rest.is_empty() {
        return Some((quoted, None));
    }
    Some((quoted, Some(rest.strip_prefix("::")?)))
}

/// Byte index of the quote closing the string that starts at 0.
fn closing_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `'it''s'` to `it's`.
fn unquote(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// An array's text form `{a,"b c",NULL}` as literals typed by the element family.
fn array(text: &str, family: Option<Family>) -> Option<Literal> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    if inner.is_empty() {
        return Some(Literal::Array(Vec::new()));
    }
    let mut items = Vec::new();
    for element in array_elements(inner)? {
        let literal = match (element, family) {
            (None, _) => Literal::Null,
            (Some(s), Some(Family::Integer { .. }) | Some(Family::Number)) => number(&s, family)?,
            (Some(s), Some(Family::Boolean)) => Literal::Boolean(s == "t" || s == "true"),
            (Some(s), _) => Literal::String(s),
        };
        items.push(literal);
    }
    Some(Literal::Array(items))
}

/// Splits array text into elements (`None` for an unquoted NULL); nested arrays are refused.
fn array_elements(inner: &str) -> Option<Vec<Option<String>>> {
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        let mut value = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => value.push(chars.next()?),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                if c == '{' {
                    return None;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push(if !quoted && value == "NULL" {
            None
        } else {
            Some(value)
        });
        match chars.next() {
            Some(',') => continue,
            None => return Some(out),
            Some(_) => return None,
        }
    }
}

/// A referential action from `pg_constraint.confdeltype`.
pub fn action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// One key of an index: the column (when the key is one) or PostgreSQL's expression text,
/// with `indoption` bits 1 (DESC) and 2 (NULLS FIRST).
pub fn index_part(column: Option<&str>, definition: &str, option: i32) -> IndexPart {
    IndexPart {
        key: match column {
            Some(name) => IndexKey::Column(name.to_string()),
            None => IndexKey::Expression(strip_parens(definition).to_string()),
        },
        descending: option & 1 != 0,
        nulls_first: option & 2 != 0,
        collation: None,
        opclass: None,
    }
}

/// `(a + b)` to `a + b` when the parentheses enclose the whole text.
fn strip_parens(text: &str) -> &str {
    let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
        return text;
    };
    let mut depth = 0;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return text,
            ')' => depth -= 1,
            _ => {}
        }
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str, data_type: &str) -> Option<DefaultValue> {
        default_value(text, data_type)
    }

    #[test]
    fn constants_become_literals() {
        use DefaultValue::Literal as L;
        assert_eq!(lit("false", "boolean"), Some(L(Literal::Boolean(false))));
        assert_eq!(lit("0", "integer"), Some(L(Literal::Integer(0))));
        assert_eq!(
            lit("'-1'::integer", "integer"),
            Some(L(Literal::Integer(-1)))
        );
        assert_eq!(
            lit("1.5", "numeric(10,2)"),
            Some(L(Literal::Number("1.5".into())))
        );
        assert_eq!(
            lit("'pending'::character varying", "character varying"),
            Some(L(Literal::String("pending".into())))
        );
        assert_eq!(
            lit("'x'::character varying", "character varying(20)"),
            Some(L(Literal::String("x".into())))
        );
        assert_eq!(
            lit("'it''s'::text", "text"),
            Some(L(Literal::String("it's".into())))
        );
        assert_eq!(
            lit("'ONBOARDING'::user_status", "user_status"),
            Some(L(Literal::String("ONBOARDING".into())))
        );
        assert_eq!(
            lit("'{}'::text[]", "text[]"),
            Some(L(Literal::Array(vec![])))
        );
        assert_eq!(
            lit("'{a,\"b c\"}'::text[]", "text[]"),
            Some(L(Literal::Array(vec![
                Literal::String("a".into()),
                Literal::String("b c".into())
            ])))
        );
        assert_eq!(
            lit("'{1,2}'::integer[]", "integer[]"),
            Some(L(Literal::Array(vec![
                Literal::Integer(1),
                Literal::Integer(2)
            ])))
        );
        assert_eq!(lit("NULL::text", "text"), None);
    }

    #[test]
    fn expressions_stay_expressions() {
        use DefaultValue::Expression as E;
        assert_eq!(
            lit("now()", "timestamp with time zone"),
            Some(E("now()".into()))
        );
        assert_eq!(
            lit("CURRENT_TIMESTAMP", "timestamp with time zone"),
            Some(E("CURRENT_TIMESTAMP".into()))
        );
        assert_eq!(
            lit("gen_random_uuid()", "uuid"),
            Some(E("gen_random_uuid()".into()))
        );
        assert_eq!(
            lit("('x'::text || 'y'::text)", "text"),
            Some(E("('x'::text || 'y'::text)".into()))
        );
        assert_eq!(lit("'5'::text", "integer"), Some(E("'5'::text".into())));
    }

    #[test]
    fn enum_columns_use_the_enum_name() {
        let row = ColumnRow {
            name: "m".into(),
            format_type: "\"Weird\"[]".into(),
            base_schema: "audit".into(),
            base_name: "Weird".into(),
            base_typtype: "e".into(),
            is_array: true,
            ..ColumnRow::default()
        };
        assert_eq!(column(&row).data_type, "audit.Weird[]");
    }

    #[test]
    fn generated_and_identity() {
        let row = ColumnRow {
            name: "g".into(),
            format_type: "integer".into(),
            default: Some("(a * 2)".into()),
            generated: "s".into(),
            identity: String::new(),
            ..ColumnRow::default()
        };
        let c = column(&row);
        assert_eq!(c.generated.as_deref(), Some("(a * 2)"));
        assert_eq!(c.default, None);
        let row = ColumnRow {
            identity: "d".into(),
            format_type: "bigint".into(),
            ..ColumnRow::default()
        };
        assert_eq!(column(&row).identity, Some(Identity::ByDefault));
    }

    #[test]
    fn index_parts_from_options() {
        let part = index_part(Some("a"), "a", 3);
        assert!(part.descending && part.nulls_first);
        let part = index_part(None, "lower(title)", 0);
        assert_eq!(part.key, IndexKey::Expression("lower(title)".into()));
        assert_eq!(strip_parens("(a + b)"), "a + b");
        assert_eq!(strip_parens("(a) + (b)"), "(a) + (b)");
    }
}
