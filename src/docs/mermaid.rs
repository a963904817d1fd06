//! The schema as a Mermaid `erDiagram`, for READMEs and pull requests (GitHub and GitLab
//! render it). Tables become entities with their columns (type, name, PK/FK/UK, comment);
//! foreign keys become relationships from the referenced table to the referencing one.
//! Enums are not drawn (Mermaid has no such node); a column shows its enum as its type.
//!
//! Mermaid's grammar is narrow, so every name is made to fit it: entity names are quoted when
//! they are not plain identifiers (or are words of the grammar, such as `class`), attribute
//! types and names keep only the characters the grammar allows, and comments lose their
//! double quotes. What is written is always a valid diagram, whatever the names.

use super::keys::{badge, is_one_to_one};
use super::names::short_type;
use crate::schema::model::{QualifiedName, Schema};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The `erDiagram` of `schema`, ending in a newline.
pub fn diagram(schema: &Schema) -> String {
    let names = entity_names(schema);
    let mut out = String::from("erDiagram\n");
    for (t, table) in schema.tables.iter().enumerate() {
        let _ = write!(out, "    {}", names[t]);
        if table.columns.is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(" {\n");
        for column in &table.columns {
            let _ = write!(
                out,
                "        {} {}",
                attribute_word(&short_type(&column.data_type)),
                attribute_name(&column.name)
            );
            let keys = badge(table, &column.name);
            if !keys.is_empty() {
                let _ = write!(out, " {keys}");
            }
            if let Some(comment) = &column.comment {
                let _ = write!(out, " \"{text}\"", text = quoted_text(comment));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    let index: BTreeMap<&QualifiedName, usize> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.name, i))
        .collect();
    for (t, table) in schema.tables.iter().enumerate() {
        for fk in &table.foreign_keys {
            let Some(&target) = index.get(&fk.referenced_table) else {
                continue;
            };
            let nullable = fk.columns.iter().any(|c| {
                table
                    .columns
                    .iter()
                    .any(|col| &col.name == c && !col.not_null)
            });
            let parent = if nullable { "|o" } else { "||" };
            let child = if is_one_to_one(table, fk) { "o|" } else { "o{" };
            let _ = writeln!(
                out,
                "    {} {parent}--{child} {} : \"{label}\"",
                names[target],
                names[t],
                label = quoted_text(&fk.name)
            );
        }
    }
    out
}

/// Grammar words that cannot be bare entity names (matched case-insensitively).
const RESERVED: &[&str] = &[
    "erdiagram",
    "class",
    "classdef",
    "style",
    "subgraph",
    "end",
    "direction",
    "title",
    "acctitle",
    "accdescr",
    "one",
    "only",
    "zero",
    "many",
    "to",
    "optionally",
    "u",
    "o",
];

/// Each table's entity name, unique: the display name when it is a plain identifier,
/// otherwise quoted (with the characters a quoted name cannot hold replaced by `_`).
fn entity_names(schema: &Schema) -> Vec<String> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    schema
        .tables
        .iter()
        .map(|table| {
            let display = table.name.to_string();
            let plain =
                is_plain(&display) && !RESERVED.contains(&display.to_ascii_lowercase().as_str());
            let base: String = if plain {
                display
            } else {
                display
                    .chars()
                    .map(|c| {
                        if matches!(c, '"' | '%' | '\\') || c.is_control() {
                            '_'
                        } else {
                            c
                        }
                    })
                    .collect()
            };
            // Two names that only differ in replaced characters get a numbered suffix.
            let count = used.entry(base.clone()).or_insert(0);
            *count += 1;
            let unique = if *count == 1 {
                base
            } else {
                format!("{base}_{count}")
            };
            if plain {
                unique
            } else {
                format!("\"{unique}\"")
            }
        })
        .collect()
}

/// `[A-Za-z_][A-Za-z0-9_]*`: safe as a bare entity name.
fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A type as one attribute word: `[*A-Za-z_][A-Za-z0-9-_[]().,*]*`, other characters (spaces)
/// replaced by `_`.
fn attribute_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for (i, c) in text.chars().enumerate() {
        let allowed = c.is_ascii_alphanumeric()
            || matches!(c, '_' | '-' | '[' | ']' | '(' | ')' | '.' | ',' | '*')
            || c >= '\u{C0}';
        if i == 0 && !(c.is_ascii_alphabetic() || c == '_' || c == '*' || c >= '\u{C0}') {
            out.push('_');
        }
        out.push(if allowed { c } else { '_' });
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// A column name as an attribute word that is not read as a key (`PK`, `FK`, `UK`).
fn attribute_name(name: &str) -> String {
    let mut word = attribute_word(name);
    if ["pk", "fk", "uk"].contains(&word.to_ascii_lowercase().as_str()) {
        word.push('_');
    }
    word
}

/// Text for inside double quotes: no double quotes, no line breaks.
fn quoted_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_words_fit_the_grammar() {
        assert_eq!(attribute_word("varchar(20)"), "varchar(20)");
        assert_eq!(attribute_word("numeric(12,2)"), "numeric(12,2)");
        assert_eq!(attribute_word("double precision"), "double_precision");
        assert_eq!(attribute_word("2fa code"), "_2fa_code");
        assert_eq!(attribute_word("a\"b<c>"), "a_b_c_");
        assert_eq!(attribute_word("città"), "città");
        assert_eq!(attribute_name("PK"), "PK_");
        assert_eq!(attribute_name("pk_id"), "pk_id");
    }

    #[test]
    fn entity_names_are_quoted_when_needed_and_unique() {
        let mut schema = Schema::default();
        for name in ["users", "class", "a b", "a\"b", "a%b", "audit.logs"] {
            schema
                .tables
                .push(crate::schema::model::Table::new(QualifiedName::parse(name)));
        }
        assert_eq!(
            entity_names(&schema),
            vec![
                "users",
                "\"class\"",
                "\"a b\"",
                "\"a_b\"",
                "\"a_b_2\"",
                "\"audit.logs\""
            ]
        );
    }

    #[test]
    fn quoted_text_has_no_quotes_or_newlines() {
        assert_eq!(quoted_text("say \"hi\"\nnow"), "say 'hi' now");
    }
}
