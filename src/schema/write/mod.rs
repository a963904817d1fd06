//! The model to TOML files in the documented format (for `pull`), deterministic: a file per
//! table, enums and extensions in `enums.toml`, keys in a fixed order. Single-column primary
//! keys, uniques and foreign keys that carry PostgreSQL's default names are written as column
//! shorthands, so a pulled schema reads like a hand-written one.

use crate::schema::model::*;
use std::fmt::Write as _;

mod function;
mod sequence;
mod table;
mod trigger;
mod types;
mod view;

use table::table_file;

/// How many sequences `sequences.toml` declares: those no `serial` column stands for.
pub fn declared_sequences(schema: &Schema) -> usize {
    schema
        .sequences
        .iter()
        .filter(|s| sequence::serial_column(schema, s).is_none())
        .count()
}

/// `(file name, contents)` for every file of the schema, sorted by file name: schemas,
/// extensions and enums in `enums.toml`, domains and composite types in `types.toml`,
/// sequences that no `serial` column implies in `sequences.toml`, a file per table.
pub fn files(schema: &Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let enums = enums_file(schema);
    if !enums.is_empty() {
        out.push(("enums.toml".to_string(), enums));
    }
    let types = types::types_file(schema);
    if !types.is_empty() {
        out.push(("types.toml".to_string(), types));
    }
    let sequences = sequence::sequences_file(schema);
    if !sequences.is_empty() {
        out.push(("sequences.toml".to_string(), sequences));
    }
    let views = view::views_file(schema);
    if !views.is_empty() {
        out.push(("views.toml".to_string(), views));
    }
    let functions = function::functions_file(schema);
    if !functions.is_empty() {
        // Beside a table called `functions`, the file takes another name.
        let taken = schema
            .tables
            .iter()
            .any(|t| t.name.is_public() && file_stem(&t.name.name) == "functions");
        let name = if taken {
            "functions.routines.toml"
        } else {
            "functions.toml"
        };
        out.push((name.to_string(), functions));
    }
    for table in &schema.tables {
        let stem = if table.name.is_public() {
            table.name.name.clone()
        } else {
            format!("{}.{}", table.name.schema, table.name.name)
        };
        out.push((
            format!("{}.toml", file_stem(&stem)),
            table_file(table, schema),
        ));
    }
    out.sort();
    out
}

/// The whole schema as one TOML text (for diffs in reports).
pub fn single_file(schema: &Schema) -> String {
    files(schema)
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file-system-safe stem: anything but letters, digits, `.`, `_` and `-` becomes `_`.
fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Schemas, extensions and enums.
fn enums_file(schema: &Schema) -> String {
    let mut out = String::new();
    let (plain, detailed): (Vec<&Extension>, Vec<&Extension>) = schema
        .extensions
        .iter()
        .partition(|e| e.schema.is_none() && e.version.is_none());
    if !plain.is_empty() {
        let names: Vec<String> = plain.iter().map(|e| e.name.clone()).collect();
        let _ = writeln!(out, "extensions = {}", string_array(&names));
    }
    let block = |out: &mut String, text: String| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
    };
    for namespace in &schema.schemas {
        let mut text = format!("[schema.{}]\n", key(&namespace.name));
        if let Some(comment) = &namespace.comment {
            let _ = writeln!(text, "comment = {}", string(comment));
        }
        if !namespace.grants.is_empty() {
            let _ = writeln!(
                text,
                "grants = {}",
                trigger::grants_value(&namespace.grants)
            );
        }
        block(&mut out, text);
    }
    for extension in detailed {
        let mut text = format!("[extension.{}]\n", key(&extension.name));
        if let Some(schema) = &extension.schema {
            let _ = writeln!(text, "schema = {}", string(schema));
        }
        if let Some(version) = &extension.version {
            let _ = writeln!(text, "version = {}", string(version));
        }
        block(&mut out, text);
    }
    for e in &schema.enums {
        block(
            &mut out,
            format!(
                "[enum.{}]\nvalues = {}\n{}",
                key(&e.name.to_string()),
                string_array(&e.values),
                e.comment
                    .as_ref()
                    .map(|c| format!("comment = {}\n", string(c)))
                    .unwrap_or_default()
            ),
        );
    }
    out
}

pub(super) fn literal_value(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => string(s),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) if n.contains(['.', 'e', 'E']) => n.clone(),
        Literal::Number(n) => format!("{n}.0"),
        Literal::Boolean(b) => b.to_string(),
        Literal::Null => "\"\"".to_string(),
        Literal::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(literal_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

/// A name the lexer reads back as one word: letters, digits and `_`, not a reserved word.
pub(super) fn is_plain_word(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !crate::sql::quote::is_reserved(&name.to_ascii_lowercase())
}

/// A TOML key: bare when it can be, else a basic string.
pub fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        string(name)
    }
}

/// A TOML basic string with escapes.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn string_array(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| string(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Writes `schema`'s files, reads them back and asserts the same model comes out; returns
/// the files (the writers' tests).
#[cfg(test)]
pub(crate) fn assert_reads_back(schema: &Schema) -> Vec<(String, String)> {
    let written = files(schema);
    let paths: Vec<(std::path::PathBuf, String)> = written
        .iter()
        .map(|(n, t)| (std::path::PathBuf::from(n), t.clone()))
        .collect();
    let again =
        crate::schema::parse::parse_files(&paths).unwrap_or_else(|e| panic!("{e}\n{written:#?}"));
    assert_eq!(&again.schema, schema, "{written:#?}");
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse::parse_str;

    fn round_trip(toml: &str) {
        let parsed = parse_str(toml).unwrap();
        let written = assert_reads_back(&parsed.schema);
        assert_eq!(files(&parsed.schema), written, "not stable");
    }

    #[test]
    fn written_toml_parses_back_to_the_same_model() {
        round_trip(
            r#"
extensions = ["pgcrypto"]
[enum."audit.kind"]
values = ["a", "b \"q\""]
[table."audit.logs"]
comment = "it's\nmultiline"
[table."audit.logs".columns]
id = { type = "bigint", identity = "always", primary_key = true }
k = { type = "audit.kind[]", default = ["a"] }
"Weird Name" = { type = "numeric(10,2)", not_null = true, default = 1.5, unique = true }
[table.t]
primary_key = ["a", "b"]
[table.t.columns]
a = { type = "int" }
b = { type = "text", default_sql = "now()::text", comment = "c" }
c = { type = "bigint", references = "audit.logs(id)", on_delete = "set null" }
g = { type = "int", generated = "a * 2" }
[table.t.uniques]
t_pair = ["a", "c"]
[table.t.checks]
t_a_check = "a > 0"
[table.t.foreign_keys]
t_defer = { columns = ["c"], references = "audit.logs(id)", deferrable = true }
[table.t.indexes]
t_idx = { columns = ["a DESC NULLS LAST", "lower(b)"], unique = true, where = "a > 0", include = ["c"] }
t_gin = { columns = ["b"], using = "hash" }

[function."area(integer)"]
arguments = ["side integer"]
returns = "integer"
language = "sql"
volatility = "immutable"
strict = true
parallel = "safe"
cost = 5
set = { search_path = "public, pg_temp" }
body = """
SELECT side * side -- it's '''
"""
comment = "square"

[function."area(integer, integer)"]
arguments = ["w integer", "h integer DEFAULT 1"]
returns = "integer"
language = "sql"
body = "RETURN w * h"

[function.rows_of]
arguments = ["n integer"]
returns = "SETOF integer"
language = "plpgsql"
security = "definer"
leakproof = true
rows = 5
body = '''
BEGIN
  RETURN QUERY SELECT generate_series(1, n);
END
'''

[procedure."audit.purge"]
arguments = ["older_than interval DEFAULT '1 day'"]
language = "sql"
body = "DELETE FROM audit.logs"

[aggregate.total]
arguments = ["integer"]
sfunc = "int4pl"
stype = "integer"
initcond = "0"
parallel = "safe"
comment = "sum"
"#,
        );
    }

    #[test]
    fn keys_are_quoted_only_when_needed() {
        assert_eq!(key("users"), "users");
        assert_eq!(key("audit.logs"), "\"audit.logs\"");
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
