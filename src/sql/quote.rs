//! The only quoting in the crate: identifiers always double-quoted with embedded quotes
//! doubled, literals single-quoted with embedded quotes doubled.

use crate::schema::model::QualifiedName;

/// `"name"`, with `"` doubled: `a"b` becomes `"a""b"`.
pub fn ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    // Almost every name has no quote to double: copy it whole.
    if name.contains('"') {
        out.push_str(&name.replace('"', "\"\""));
    } else {
        out.push_str(name);
    }
    out.push('"');
    out
}

/// A name as PostgreSQL's `quote_ident` prints it: bare when it is a lower-case identifier
/// that is not a reserved word, else double-quoted. For canonical spellings that must compare
/// equal to the catalog's (type names), not for the SQL strata writes (which always quotes).
pub fn ident_if_needed(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain && !is_reserved(name) {
        name.to_string()
    } else {
        ident(name)
    }
}

/// PostgreSQL's reserved key words (those that cannot be a bare type or function name).
pub fn is_reserved(word: &str) -> bool {
    const RESERVED: &[&str] = &[
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "authorization",
        "binary",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "collation",
        "column",
        "concurrently",
        "constraint",
        "create",
        "cross",
        "current_catalog",
        "current_date",
        "current_role",
        "current_schema",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "freeze",
        "from",
        "full",
        "grant",
        "group",
        "having",
        "ilike",
        "in",
        "initially",
        "inner",
        "intersect",
        "into",
        "is",
        "isnull",
        "join",
        "lateral",
        "leading",
        "left",
        "like",
        "limit",
        "localtime",
        "localtimestamp",
        "natural",
        "not",
        "notnull",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "outer",
        "overlaps",
        "placing",
        "primary",
        "references",
        "returning",
        "right",
        "select",
        "session_user",
        "similar",
        "some",
        "symmetric",
        "system_user",
        "table",
        "tablesample",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "verbose",
        "when",
        "where",
        "window",
        "with",
    ];
    RESERVED.binary_search(&word).is_ok()
}

/// `"schema"."name"`, always qualified so the search_path cannot change the meaning.
pub fn qualified(name: &QualifiedName) -> String {
    let mut out = ident(&name.schema);
    out.push('.');
    out.push_str(&ident(&name.name));
    out
}

/// `'text'`, with `'` doubled; `E'text'` with backslashes doubled as well when the text has a
/// backslash, so that the literal means the same whatever the server's
/// `standard_conforming_strings` (a plain `'\'` is a one-character string when it is on and an
/// unterminated one when it is off: that difference let a comment end a string early and run
/// what followed). Control characters other than line feed and tab are written as `E'\u001b'`
/// escapes, so that SQL shown on a terminal (`--dry-run`, `verify --fix-sql`) cannot carry
/// escape sequences. Validation rejects NUL before anything reaches here.
pub fn literal(text: &str) -> String {
    debug_assert!(!text.contains('\0'), "NUL reached sql::quote::literal");
    let hidden = |ch: char| ch.is_control() && ch != '\n' && ch != '\t';
    let escape = text.chars().any(|ch| ch == '\\' || hidden(ch));
    let mut out = String::with_capacity(text.len() + 3);
    if escape {
        out.push('E');
    }
    out.push('\'');
    for ch in text.chars() {
        if hidden(ch) {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{:04x}", ch as u32));
            continue;
        }
        if ch == '\'' || (escape && ch == '\\') {
            out.push(ch);
        }
        out.push(ch);
    }
    out.push('\'');
    out
}

/// User text made safe for a `--` comment line or a one-line message: control characters (line
/// breaks above all, which would end a SQL comment and turn the rest of a name into a
/// statement; also terminal escape sequences) are written as `\n`, `\r`, `\t` or `\u{..}`,
/// and a backslash as `\\` so the escapes cannot be forged. Borrowed when nothing needs
/// escaping, which is almost always.
pub fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| c.is_control() || c == '\\' || c == '\u{2028}' || c == '\u{2029}';
    if !text.chars().any(needs) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if needs(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// An element of an array literal's text form: `a"b` becomes `"a\"b"` (backslash escapes,
/// as PostgreSQL's array input expects); the whole array text is then a [`literal`].
pub fn array_element(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

/// A name that may carry a schema (`name` or `schema.name`, as the model keeps operator
/// classes), each part quoted; an unqualified name stays unqualified, so the search path finds
/// it where PostgreSQL put it (`pg_catalog` or an extension's schema).
pub fn dotted(name: &str) -> String {
    match name.split_once('.') {
        Some((schema, rest)) => format!("{}.{}", ident(schema), ident(rest)),
        None => ident(name),
    }
}

/// A comma-separated list of quoted identifiers.
pub fn ident_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_escape_quotes() {
        assert_eq!(ident("users"), "\"users\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(ident("Select"), "\"Select\"");
        assert_eq!(ident("with space ü"), "\"with space ü\"");
        assert_eq!(
            qualified(&QualifiedName::new("au\"dit", "logs")),
            "\"au\"\"dit\".\"logs\""
        );
    }

    #[test]
    fn reserved_words_are_sorted_and_quoted() {
        assert!(is_reserved("user") && is_reserved("with") && !is_reserved("users"));
        assert_eq!(ident_if_needed("citext"), "citext");
        assert_eq!(ident_if_needed("user"), "\"user\"");
        assert_eq!(ident_if_needed("MyType"), "\"MyType\"");
        assert_eq!(ident_if_needed("my type"), "\"my type\"");
    }

    #[test]
    fn array_elements_escape_quotes_and_backslashes() {
        assert_eq!(array_element("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn literals_escape_quotes() {
        assert_eq!(literal("O'Brien"), "'O''Brien'");
        assert_eq!(literal(""), "''");
        assert_eq!(literal("back\\slash"), "E'back\\\\slash'");
        assert_eq!(literal("\\'; DROP"), "E'\\\\''; DROP'");
    }

    #[test]
    fn literals_hide_control_characters_but_keep_line_breaks() {
        assert_eq!(literal("a\nb\tc"), "'a\nb\tc'");
        assert_eq!(literal("\u{1b}[2J\r"), "E'\\u001b[2J\\u000d'");
        assert_eq!(literal("\u{9b}\\"), "E'\\u009b\\\\'");
    }

    #[test]
    fn text_for_comments_has_no_line_breaks() {
        assert_eq!(escape_text("plain"), "plain");
        assert_eq!(
            escape_text("x\nDROP\r\u{1b}[31m\\n"),
            "x\\nDROP\\r\\u{1b}[31m\\\\n"
        );
        assert!(!escape_text("a\u{2028}b").contains('\u{2028}'));
    }
}
