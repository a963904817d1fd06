//! The model to TOML files in the documented format (for `pull`), deterministic: a file per
//! table, enums and extensions in `enums.toml`, keys in a fixed order. Single-column primary
//! keys, uniques and foreign keys that carry PostgreSQL's default names are written as column
//! shorthands, so a pulled schema reads like a hand-written one.

use crate::schema::model::*;
use crate::schema::names;
use std::fmt::Write as _;

/// `(file name, contents)` for every file of the schema, sorted by file name.
pub fn files(schema: &Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !schema.extensions.is_empty() || !schema.enums.is_empty() {
        out.push(("enums.toml".to_string(), enums_file(schema)));
    }
    for table in &schema.tables {
        let stem = if table.name.is_public() {
            table.name.name.clone()
        } else {
            format!("{}.{}", table.name.schema, table.name.name)
        };
        out.push((format!("{}.toml", file_stem(&stem)), table_file(table)));
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

fn enums_file(schema: &Schema) -> String {
    let mut out = String::new();
    if !schema.extensions.is_empty() {
        let _ = writeln!(out, "extensions = {}", string_array(&schema.extensions));
    }
    for e in &schema.enums {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "[enum.{}]", key(&e.name.to_string()));
        let _ = writeln!(out, "values = {}", string_array(&e.values));
    }
    out
}

fn table_file(table: &Table) -> String {
    let name = key(&table.name.to_string());
    let mut out = String::new();
    let pk_shorthand = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.len() == 1 && pk.name == names::primary_key(&table.name.name));
    let mut header = Vec::new();
    if let Some(comment) = &table.comment {
        header.push(format!("comment = {}", string(comment)));
    }
    if let Some(pk) = table.primary_key.as_ref().filter(|_| !pk_shorthand) {
        header.push(format!("primary_key = {}", string_array(&pk.columns)));
    }
    if !header.is_empty() {
        let _ = writeln!(out, "[table.{name}]\n{}\n", header.join("\n"));
    }
    let _ = writeln!(out, "[table.{name}.columns]");
    for column in &table.columns {
        let _ = writeln!(
            out,
            "{} = {}",
            key(&column.name),
            column_value(table, column, pk_shorthand)
        );
    }
    let uniques: Vec<&UniqueConstraint> = table
        .uniques
        .iter()
        .filter(|u| !unique_shorthand(table, u))
        .collect();
    if !uniques.is_empty() {
        let _ = writeln!(out, "\n[table.{name}.uniques]");
        for u in uniques {
            let _ = writeln!(out, "{} = {}", key(&u.name), string_array(&u.columns));
        }
    }
    let fks: Vec<&ForeignKey> = table
        .foreign_keys
        .iter()
        .filter(|f| !fk_shorthand(table, f))
        .collect();
    if !fks.is_empty() {
        let _ = writeln!(out, "\n[table.{name}.foreign_keys]");
        for fk in fks {
            let _ = writeln!(out, "{} = {}", key(&fk.name), foreign_key_value(fk));
        }
    }
    if !table.checks.is_empty() {
        let _ = writeln!(out, "\n[table.{name}.checks]");
        for check in &table.checks {
            let _ = writeln!(out, "{} = {}", key(&check.name), string(&check.expression));
        }
    }
    if !table.indexes.is_empty() {
        let _ = writeln!(out, "\n[table.{name}.indexes]");
        for index in &table.indexes {
            let _ = writeln!(out, "{} = {}", key(&index.name), index_value(index));
        }
    }
    out
}

/// A unique constraint that `unique = true` on its column reproduces.
fn unique_shorthand(table: &Table, unique: &UniqueConstraint) -> bool {
    unique.columns.len() == 1
        && !unique.nulls_not_distinct
        && unique.name == names::unique(&table.name.name, &unique.columns)
}

/// A foreign key that `references` on its column reproduces.
fn fk_shorthand(table: &Table, fk: &ForeignKey) -> bool {
    fk.columns.len() == 1
        && !fk.deferrable
        && fk.name == names::foreign_key(&table.name.name, &fk.columns)
}

fn column_value(table: &Table, column: &Column, pk_shorthand: bool) -> String {
    let mut parts = vec![format!("type = {}", string(&column.data_type))];
    let in_pk = pk_shorthand
        && table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns[0] == column.name);
    let implied_not_null = in_pk
        || column.identity.is_some()
        || table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&column.name));
    if column.not_null && !implied_not_null {
        parts.push("not_null = true".into());
    }
    if in_pk {
        parts.push("primary_key = true".into());
    }
    if table
        .uniques
        .iter()
        .any(|u| u.columns == [column.name.clone()] && unique_shorthand(table, u))
    {
        parts.push("unique = true".into());
    }
    match &column.default {
        Some(DefaultValue::Literal(literal)) => {
            parts.push(format!("default = {}", literal_value(literal)))
        }
        Some(DefaultValue::Expression(sql)) => parts.push(format!("default_sql = {}", string(sql))),
        None => {}
    }
    if let Some(fk) = table
        .foreign_keys
        .iter()
        .find(|f| f.columns == [column.name.clone()] && fk_shorthand(table, f))
    {
        parts.push(format!("references = {}", string(&reference(fk))));
        if fk.on_delete != ReferentialAction::NoAction {
            parts.push(format!("on_delete = {}", string(fk.on_delete.toml())));
        }
        if fk.on_update != ReferentialAction::NoAction {
            parts.push(format!("on_update = {}", string(fk.on_update.toml())));
        }
    }
    if let Some(identity) = column.identity {
        let text = match identity {
            Identity::Always => "always",
            Identity::ByDefault => "by default",
        };
        parts.push(format!("identity = {}", string(text)));
    }
    if let Some(generated) = &column.generated {
        parts.push(format!("generated = {}", string(generated)));
    }
    if let Some(comment) = &column.comment {
        parts.push(format!("comment = {}", string(comment)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// `schema.table(a, b)` as the TOML writes a reference.
fn reference(fk: &ForeignKey) -> String {
    format!(
        "{}({})",
        fk.referenced_table,
        fk.referenced_columns.join(", ")
    )
}

fn foreign_key_value(fk: &ForeignKey) -> String {
    let mut parts = vec![
        format!("columns = {}", string_array(&fk.columns)),
        format!("references = {}", string(&reference(fk))),
    ];
    if fk.on_delete != ReferentialAction::NoAction {
        parts.push(format!("on_delete = {}", string(fk.on_delete.toml())));
    }
    if fk.on_update != ReferentialAction::NoAction {
        parts.push(format!("on_update = {}", string(fk.on_update.toml())));
    }
    if fk.deferrable {
        parts.push("deferrable = true".into());
    }
    if fk.initially_deferred {
        parts.push("initially_deferred = true".into());
    }
    format!("{{ {} }}", parts.join(", "))
}

fn index_value(index: &Index) -> String {
    let columns: Vec<String> = index
        .parts
        .iter()
        .map(|part| {
            let qualified = part.collation.is_some() || part.opclass.is_some();
            let mut text = match &part.key {
                // A name that is not a plain word is quoted when a clause follows it, so that
                // `user-id gin_trgm_ops` cannot read back as an expression.
                IndexKey::Column(name) if qualified && !is_plain_word(name) => {
                    crate::sql::quote::ident(name)
                }
                IndexKey::Column(name) => name.clone(),
                IndexKey::Expression(expr) => expr.clone(),
            };
            if let Some(collation) = &part.collation {
                text.push_str(" COLLATE ");
                text.push_str(&crate::sql::quote::ident(collation));
            }
            if let Some(opclass) = &part.opclass {
                text.push(' ');
                let parts: Vec<String> = opclass
                    .splitn(2, '.')
                    .map(crate::sql::quote::ident_if_needed)
                    .collect();
                text.push_str(&parts.join("."));
            }
            text.push_str(part.order_suffix());
            text
        })
        .collect();
    let mut parts = vec![format!("columns = {}", string_array(&columns))];
    if index.unique {
        parts.push("unique = true".into());
    }
    if index.method != "btree" {
        parts.push(format!("using = {}", string(&index.method)));
    }
    if let Some(predicate) = &index.predicate {
        parts.push(format!("where = {}", string(predicate)));
    }
    if !index.include.is_empty() {
        parts.push(format!("include = {}", string_array(&index.include)));
    }
    if index.nulls_not_distinct {
        parts.push("nulls_not_distinct = true".into());
    }
    format!("{{ {} }}", parts.join(", "))
}

fn literal_value(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => string(s),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) if n.contains('.') => n.clone(),
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
fn is_plain_word(name: &str) -> bool {
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

fn string_array(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| string(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse::parse_files;
    use std::path::PathBuf;

    fn round_trip(toml: &str) {
        let parsed = parse_files(&[(PathBuf::from("s.toml"), toml.to_string())]).unwrap();
        let written = files(&parsed.schema);
        let files: Vec<(PathBuf, String)> = written
            .iter()
            .map(|(n, t)| (PathBuf::from(n), t.clone()))
            .collect();
        let again = parse_files(&files).unwrap_or_else(|e| panic!("{e}\n{written:#?}"));
        assert_eq!(again.schema, parsed.schema, "{written:#?}");
        assert_eq!(super::files(&again.schema), written, "not stable");
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
