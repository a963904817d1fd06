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
    let mut lines = LineCounter::default();
    let mut start = 0;
    let mut i = 0;
    let mut atomic = Atomic::default();
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                atomic.other();
                i = skip_quoted(bytes, i, bytes[i]);
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 => {
                let begin = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                atomic.word(&text[begin..i]);
            }
            b'.' => {
                atomic.dot();
                i += 1;
            }
            b';' if atomic.depth > 0 => {
                atomic.other();
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b';' => {
                push(text, start, i, &mut lines, &mut out);
                i += 1;
                start = i;
                atomic = Atomic::default();
            }
            b if b.is_ascii_whitespace() => i += 1,
            b'$' => {
                atomic.other();
                i = skip_dollar_quoted(text, i);
            }
            _ => {
                atomic.other();
                i += 1;
            }
        }
    }
    push(text, start, bytes.len(), &mut lines, &mut out);
    out
}

/// Where a statement is in a SQL-standard function body (`BEGIN ATOMIC ... END`), whose
/// inner `;`s do not end the statement: as psql, `CASE` opens a nested `END`; a `case` or
/// `end` after `.` or `AS` is a label.
#[derive(Default)]
struct Atomic {
    /// Open `BEGIN ATOMIC` and `CASE` blocks.
    depth: usize,
    /// The previous token, lower case, when it was a word.
    previous: Option<String>,
    /// The previous token was a `.`.
    after_dot: bool,
}

impl Atomic {
    fn word(&mut self, word: &str) {
        let lower = word.to_ascii_lowercase();
        let label = self.after_dot || self.previous.as_deref() == Some("as");
        if !label {
            match lower.as_str() {
                "atomic" if self.previous.as_deref() == Some("begin") => self.depth += 1,
                "case" if self.depth > 0 => self.depth += 1,
                "end" if self.depth > 0 => self.depth -= 1,
                _ => {}
            }
        }
        self.previous = Some(lower);
        self.after_dot = false;
    }

    fn dot(&mut self) {
        self.previous = None;
        self.after_dot = true;
    }

    fn other(&mut self) {
        self.previous = None;
        self.after_dot = false;
    }
}

/// Line numbers of increasing offsets, counting each newline once: counting from the start of
/// the file for every statement made splitting quadratic (4 s of an 8,000-statement file).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of `offset`, which is not before the previous one asked for.
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        debug_assert!(offset >= self.offset, "offsets must not go backwards");
        self.line += text[self.offset..offset].matches('\n').count();
        self.offset = offset;
        self.line + 1
    }
}

/// Adds `text[start..end]` unless it holds only white space and comments.
fn push(
    text: &str,
    start: usize,
    end: usize,
    lines: &mut LineCounter,
    out: &mut Vec<SqlStatement>,
) {
    let fragment = &text[start..end];
    let Some(offset) = first_code(fragment) else {
        return;
    };
    let line = lines.line_of(text, start + offset);
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
    if has_no_transaction_marker(text) {
        return true;
    }
    split(text)
        .iter()
        .any(|s| cannot_run_in_transaction(&s.sql))
}

/// True when the file asks, with a `-- strata:no-transaction` line, to run without any
/// transaction (statement by statement).
pub fn has_no_transaction_marker(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "-- strata:no-transaction")
}

/// The first (up to) four words, upper-cased.
fn leading_words(sql: &str) -> Vec<String> {
    sql.split_whitespace()
        .take(4)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

fn starts_with_words(words: &[String], prefix: &[&str]) -> bool {
    words.len() >= prefix.len() && words.iter().zip(prefix).all(|(w, p)| w == p)
}

/// Statements PostgreSQL refuses inside a transaction block.
pub fn cannot_run_in_transaction(sql: &str) -> bool {
    let words = leading_words(sql);
    let starts = |prefix: &[&str]| starts_with_words(&words, prefix);
    starts(&["VACUUM"])
        || starts(&["ALTER", "SYSTEM"])
        || starts(&["CREATE", "DATABASE"])
        || starts(&["DROP", "DATABASE"])
        || (starts(&["CREATE"]) || starts(&["DROP"]) || starts(&["REINDEX"]))
            && sql.to_ascii_uppercase().contains("CONCURRENTLY")
}

/// `ALTER TYPE .. ADD VALUE`: the new value cannot be used before the transaction that added
/// it commits, so a batch of statements ends after it.
pub fn adds_enum_value(sql: &str) -> bool {
    let words = leading_words(sql);
    starts_with_words(&words, &["ALTER", "TYPE"])
        && sql.to_ascii_uppercase().contains(" ADD VALUE ")
}

/// How a non-transactional migration's statements are grouped when it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Indexes into the statements.
    pub range: std::ops::Range<usize>,
    /// False for a statement that cannot run inside a transaction block: it runs alone.
    pub in_transaction: bool,
}

/// Groups `statements[start..]` into transactions of at most `max` statements: a statement
/// that cannot run in a transaction runs alone outside one, and a batch ends after a statement
/// that adds an enum value (later statements may use the value only once it is committed).
/// Batching keeps a migration that is too big for one transaction (the `lock-table` hazard)
/// from paying two commits per statement, while a failure still loses at most one batch.
pub fn plan_batches(statements: &[SqlStatement], start: usize, max: usize) -> Vec<Batch> {
    let max = max.max(1);
    let mut batches = Vec::new();
    let mut open = start;
    for (i, statement) in statements.iter().enumerate().skip(start) {
        if cannot_run_in_transaction(&statement.sql) {
            if open < i {
                batches.push(Batch {
                    range: open..i,
                    in_transaction: true,
                });
            }
            batches.push(Batch {
                range: i..i + 1,
                in_transaction: false,
            });
            open = i + 1;
        } else if i + 1 - open >= max || adds_enum_value(&statement.sql) {
            batches.push(Batch {
                range: open..i + 1,
                in_transaction: true,
            });
            open = i + 1;
        }
    }
    if open < statements.len() {
        batches.push(Batch {
            range: open..statements.len(),
            in_transaction: true,
        });
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::{Batch, plan_batches, split};

    fn batches(sql: &str, start: usize, max: usize) -> Vec<(std::ops::Range<usize>, bool)> {
        plan_batches(&split(sql), start, max)
            .into_iter()
            .map(
                |Batch {
                     range,
                     in_transaction,
                 }| (range, in_transaction),
            )
            .collect()
    }

    #[test]
    fn batches_are_cut_at_the_size_and_after_enum_values() {
        let sql = "CREATE TABLE a ();\nCREATE TABLE b ();\nCREATE TABLE c ();\n\
                   ALTER TYPE k ADD VALUE 'x';\nCREATE TABLE d (c k DEFAULT 'x');\n";
        assert_eq!(
            batches(sql, 0, 2),
            vec![(0..2, true), (2..4, true), (4..5, true)]
        );
        assert_eq!(batches(sql, 0, 100), vec![(0..4, true), (4..5, true)]);
        assert_eq!(batches(sql, 3, 100), vec![(3..4, true), (4..5, true)]);
        assert_eq!(batches(sql, 5, 100), vec![]);
    }

    #[test]
    fn statements_that_refuse_a_transaction_run_alone() {
        let sql = "CREATE TABLE a ();\nCREATE INDEX CONCURRENTLY i ON a (x);\nVACUUM a;\n\
                   CREATE TABLE b ();\n";
        assert_eq!(
            batches(sql, 0, 100),
            vec![(0..1, true), (1..2, false), (2..3, false), (3..4, true)]
        );
    }

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
    fn line_numbers_hold_over_many_statements() {
        let mut text = String::new();
        let mut expected = Vec::new();
        for i in 0..500 {
            text.push_str(&format!("-- {i}\n\n"));
            expected.push(text.matches('\n').count() + 1);
            text.push_str(&format!("CREATE TABLE t{i} (\n  id int\n);\n"));
        }
        let lines: Vec<usize> = split(&text).iter().map(|s| s.line).collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn dollar_quoted_bodies_stay_whole() {
        let text =
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nSELECT $1;";
        assert_eq!(split(text).len(), 2);
        assert!(split(text)[0].sql.ends_with("LANGUAGE sql"));
    }

    #[test]
    fn begin_atomic_bodies_stay_whole() {
        let text = "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  \
                    SELECT CASE WHEN true THEN 2 END AS \"end\";\n  SELECT t.end FROM t;\nEND;\n\
                    SELECT 3;\nCREATE PROCEDURE p() begin atomic select 1; end;";
        let statements = sqls(text);
        assert_eq!(statements.len(), 3, "{statements:#?}");
        assert!(statements[0].ends_with("FROM t;\nEND"), "{}", statements[0]);
        assert_eq!(statements[1], "SELECT 3");
        assert_eq!(
            statements[2],
            "CREATE PROCEDURE p() begin atomic select 1; end"
        );
        // A transaction's BEGIN; ... END; still splits.
        assert_eq!(sqls("BEGIN; SELECT 1; END;").len(), 3);
        // So does a dollar-quoted plpgsql body with BEGIN ... END inside.
        let plpgsql = "CREATE FUNCTION g() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;\nSELECT 1;";
        assert_eq!(sqls(plpgsql).len(), 2);
        // A RETURN body has no `;` inside.
        assert_eq!(
            sqls("CREATE FUNCTION h() RETURNS int LANGUAGE sql RETURN 1;\nSELECT 2;").len(),
            2
        );
    }

    #[test]
    fn comment_only_files_have_no_statements() {
        assert!(split("-- nothing\n/* here */\n").is_empty());
    }
}
