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

/// `"schema"."name"`, always qualified so the search_path cannot change the meaning.
pub fn qualified(name: &QualifiedName) -> String {
    let mut out = ident(&name.schema);
    out.push('.');
    out.push_str(&ident(&name.name));
    out
}

/// `'text'`, with `'` doubled. Validation rejects NUL before anything reaches here.
pub fn literal(text: &str) -> String {
    debug_assert!(!text.contains('\0'), "NUL reached sql::quote::literal");
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for ch in text.chars() {
        if ch == '\'' {
            out.push('\'');
        }
        out.push(ch);
    }
    out.push('\'');
    out
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
    fn array_elements_escape_quotes_and_backslashes() {
        assert_eq!(array_element("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn literals_escape_quotes() {
        assert_eq!(literal("O'Brien"), "'O''Brien'");
        assert_eq!(literal(""), "''");
        assert_eq!(literal("back\\slash"), "'back\\slash'");
    }
}
