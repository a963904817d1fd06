//! Splits a migration file into statements, aware of quotes, dollar quotes and comments, and
//! remembers the line each statement starts on (for error messages).

/// One statement of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlStatement {
    /// The statement text without its trailing `;`, trimmed.
    pub sql: String,
    /// 1-based line in the file where the statement starts.
    pub line: usize,
}

/// The statements of `text`; comments-only fragments are dropped.
pub fn split(text: &str) -> Vec<SqlStatement> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => i = skip_quoted(bytes, i, bytes[i]),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'$' => i = skip_dollar_quoted(text, i),
            b';' => {
                push(text, start, i, &mut out);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(text, start, bytes.len(), &mut out);
    out
}

/// Adds `text[start..end]` unless it holds only white space and comments.
fn push(text: &str, start: usize, end: usize, out: &mut Vec<SqlStatement>) {
    let fragment = &text[start..end];
    let Some(offset) = first_code(fragment) else {
        return;
    };
    let line = text[..start + offset].matches('\n').count() + 1;
    out.push(SqlStatement {
        sql: fragment[offset..].trim_end().to_string(),
        line,
    });
}

/// Byte offset of the first character that is neither white space nor inside a comment.
fn first_code(fragment: &str) -> Option<usize> {
    let bytes = fragment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
        } else if bytes[i] == b'-' && bytes.get(i + 1) == Some(&b'-') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = skip_block_comment(bytes, i);
        } else {
            return Some(i);
        }
    }
    None
}

/// Past a `'...'` or `"..."` (doubled quotes stay inside).
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Past a `/* ... */` comment (they nest in PostgreSQL).
fn skip_block_comment(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// Past a `$tag$ ... $tag$` string; a `$` that does not open one (e.g. `$1`) is skipped alone.
fn skip_dollar_quoted(text: &str, start: usize) -> usize {
    let rest = &text[start + 1..];
    let Some(close) = rest.find('$') else {
        return start + 1;
    };
    let tag = &rest[..close];
    if !tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        || tag.starts_with(|c: char| c.is_ascii_digit())
    {
        return start + 1;
    }
    let delimiter = format!("${tag}$");
    let body_start = start + delimiter.len();
    match text[body_start..].find(&delimiter) {
        Some(end) => body_start + end + delimiter.len(),
        None => text.len(),
    }
}

/// True when a statement of the file cannot run inside a transaction block (`CREATE INDEX
/// CONCURRENTLY`, `VACUUM`, ...), or the file asks for it with a `-- strata:no-transaction` line.
pub fn needs_no_transaction(text: &str) -> bool {
    if text.lines().any(|l| l.trim() == "-- strata:no-transaction") {
        return true;
    }
    split(text).iter().any(|statement| {
        let words: Vec<String> = statement
            .sql
            .split_whitespace()
            .take(4)
            .map(|w| w.to_ascii_uppercase())
            .collect();
        let starts = |prefix: &[&str]| {
            words.iter().zip(prefix).all(|(w, p)| w == p) && words.len() >= prefix.len()
        };
        starts(&["VACUUM"])
            || starts(&["ALTER", "SYSTEM"])
            || starts(&["CREATE", "DATABASE"])
            || starts(&["DROP", "DATABASE"])
            || (starts(&["CREATE"]) || starts(&["DROP"]) || starts(&["REINDEX"]))
                && statement.sql.to_ascii_uppercase().contains("CONCURRENTLY")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn concurrently_needs_no_transaction() {
        assert!(needs_no_transaction(
            "CREATE INDEX CONCURRENTLY i ON t (a);"
        ));
        assert!(needs_no_transaction(
            "create unique index concurrently i on t (a);"
        ));
        assert!(needs_no_transaction(
            "-- strata:no-transaction\nUPDATE t SET a = 1;"
        ));
        assert!(!needs_no_transaction(
            "CREATE INDEX i ON t (a); -- CONCURRENTLY later"
        ));
        assert!(!needs_no_transaction(
            "UPDATE t SET note = 'CREATE INDEX CONCURRENTLY';"
        ));
    }

    use super::*;

    fn sqls(text: &str) -> Vec<String> {
        split(text).into_iter().map(|s| s.sql).collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let text = "-- header; not a statement\nCREATE TABLE \"a;b\" (x text DEFAULT 'it''s;');\n\n/* c; */ SELECT 1;\n";
        assert_eq!(
            sqls(text),
            vec![
                "CREATE TABLE \"a;b\" (x text DEFAULT 'it''s;')".to_string(),
                "SELECT 1".to_string()
            ]
        );
        let statements = split(text);
        assert_eq!(statements[0].line, 2);
        assert_eq!(statements[1].line, 4);
    }

    #[test]
    fn dollar_quoted_bodies_stay_whole() {
        let text =
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nSELECT $1;";
        assert_eq!(split(text).len(), 2);
        assert!(split(text)[0].sql.ends_with("LANGUAGE sql"));
    }

    #[test]
    fn comment_only_files_have_no_statements() {
        assert!(split("-- nothing\n/* here */\n").is_empty());
    }
}
