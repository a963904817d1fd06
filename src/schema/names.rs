//! PostgreSQL's default names for constraints the user leaves unnamed, computed the way the
//! server does (`makeObjectName` in src/backend/commands/indexcmds.c), including its truncation
//! to 63 bytes, so a database built by hand introspects back to the same model.

/// The longest identifier PostgreSQL keeps (NAMEDATALEN - 1), in bytes.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// `<table>_pkey`.
pub fn primary_key(table: &str) -> String {
    make_object_name(table, None, "pkey")
}

/// `<table>_<col1>_<col2>_key`.
pub fn unique(table: &str, columns: &[String]) -> String {
    make_object_name(table, Some(&columns_addition(columns)), "key")
}

/// `<table>_<col1>_<col2>_fkey`.
pub fn foreign_key(table: &str, columns: &[String]) -> String {
    make_object_name(table, Some(&columns_addition(columns)), "fkey")
}

/// `<table>_<col>_check`.
pub fn check(table: &str, column: &str) -> String {
    make_object_name(table, Some(column), "check")
}

/// `<table>_<col>_seq`: the sequence of a `serial` column.
pub fn sequence(table: &str, column: &str) -> String {
    make_object_name(table, Some(column), "seq")
}

/// `<table>_<cols>_idx` (`expr` for an expression part).
pub fn index(table: &str, columns: &[String]) -> String {
    make_object_name(table, Some(&columns_addition(columns)), "idx")
}

/// Column names joined with `_`, cut to 63 bytes (ChooseForeignKeyConstraintNameAddition).
fn columns_addition(columns: &[String]) -> String {
    let mut out = String::new();
    for column in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(column);
        if out.len() >= MAX_IDENTIFIER_BYTES {
            break;
        }
    }
    clip(&out, MAX_IDENTIFIER_BYTES).to_string()
}

/// `name1_name2_label`, shortening the longer of name1 and name2 first until it fits.
fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    // The label and the separators are never cut; name1 and name2 share what is left.
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = MAX_IDENTIFIER_BYTES.saturating_sub(overhead);
    let mut name1_chars = name1.len();
    let mut name2_chars = name2.map(str::len).unwrap_or(0);
    while name1_chars + name2_chars > available {
        if name1_chars > name2_chars {
            name1_chars -= 1;
        } else {
            name2_chars -= 1;
        }
    }
    let mut out = clip(name1, name1_chars).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, name2_chars));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
fn clip(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn short_names() {
        assert_eq!(primary_key("users"), "users_pkey");
        assert_eq!(unique("users", &cols(&["email"])), "users_email_key");
        assert_eq!(foreign_key("t", &cols(&["a", "b"])), "t_a_b_fkey");
        assert_eq!(index("posts", &cols(&["createdAt"])), "posts_createdAt_idx");
    }

    #[test]
    fn long_names_are_cut_like_postgres() {
        // PostgreSQL 15: CREATE TABLE (60 x 'a') (b int UNIQUE) names the constraint
        // aaaa...(59 chars)_b_key (63 bytes).
        let table = "a".repeat(60);
        let name = unique(&table, &cols(&["b"]));
        assert_eq!(name.len(), 63);
        assert_eq!(name, format!("{}_b_key", "a".repeat(57)));
        // Both long: the longer is shortened first until they balance.
        let name = foreign_key(&"t".repeat(40), &cols(&[&"c".repeat(40)]));
        assert_eq!(name.len(), 63);
        assert_eq!(name, format!("{}_{}_fkey", "t".repeat(29), "c".repeat(28)));
    }

    #[test]
    fn multibyte_names_are_cut_on_character_boundaries() {
        let table = "é".repeat(40); // 80 bytes
        let name = primary_key(&table);
        assert!(name.len() <= 63);
        assert!(name.ends_with("_pkey"));
    }
}
