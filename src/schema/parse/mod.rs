//! TOML schema files to located raw definitions, then (through `validate`) to the canonical
//! model. Every error is a [`Diagnostic`] at `path:line:col`; all of them are collected.
//!
//! `toml`'s borrowed `DeTable` keeps every key's and value's span (column order is recovered
//! from the key spans: its maps are sorted by key), and reads `id = { type = "uuid" }` and
//! `[table.t.columns.id]` alike. It is the parser `toml_edit` is built on without the
//! formatting it keeps for editing: a third faster on a 2,000-table schema (35 -> 21 ms).

use crate::schema::model::Literal;
use crate::schema::{Diagnostic, Diagnostics, ParsedSchema, validate};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

mod constraint;
mod enums;
mod function;
mod index;
mod namespace;
mod sequence;
mod table;
mod trigger;
mod types;
mod view;

pub use constraint::{RawCheck, RawForeignKey, RawPrimaryKey, RawUnique};
pub use enums::RawEnum;
pub use function::{RawAggregate, RawFunction};
pub use index::RawIndex;
pub use namespace::{RawExtension, RawNamespace};
pub use sequence::RawSequence;
pub use table::{RawColumn, RawSequenceOptions, RawTable};
pub use trigger::{RawGrant, RawPolicy, RawRowLevelSecurity, RawTrigger};
pub use types::{RawAttribute, RawComposite, RawDomain};
pub use view::RawView;

/// A TOML table as parsed (borrowing the file's text).
type Table<'i> = DeTable<'i>;
/// A TOML value with its span.
type Item<'i> = Spanned<DeValue<'i>>;

/// A table's entries in the order they are written: the parser's map is sorted by key.
pub(crate) fn entries<'a, 'i>(table: &'a Table<'i>) -> Vec<(&'a str, &'a Item<'i>)> {
    let mut entries: Vec<(usize, &'a str, &'a Item<'i>)> = table
        .iter()
        .map(|(key, value)| (key.span().start, key.get_ref().as_ref(), value))
        .collect();
    entries.sort_unstable_by_key(|(start, ..)| *start);
    entries
        .into_iter()
        .map(|(_, key, value)| (key, value))
        .collect()
}

/// A place in one of the parsed files: the file's index and a byte offset. Kept to 8 bytes: the
/// raw definitions carry one per value (a 2,000-table project has about 150,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Loc {
    file: u32,
    offset: u32,
}

impl Loc {
    /// The place `offset` bytes into file number `file` (saturating: no schema file is 4 GB).
    pub fn new(file: usize, offset: usize) -> Self {
        Loc {
            file: u32::try_from(file).unwrap_or(u32::MAX),
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
        }
    }

    /// The place `offset` bytes into a basic string written here (past its opening quote), for
    /// errors inside a value; exact for strings without escapes.
    pub fn within_string(self, offset: usize) -> Self {
        Loc::new(self.file(), self.offset() + 1 + offset)
    }

    /// The file's index in the parsed files.
    pub fn file(self) -> usize {
        self.file as usize
    }

    /// The byte offset in that file.
    pub fn offset(self) -> usize {
        self.offset as usize
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub at: Loc,
}

/// Everything read from the files, before validation.
#[derive(Debug, Clone, Default)]
pub struct RawSchema {
    pub schemas: Vec<RawNamespace>,
    pub extensions: Vec<RawExtension>,
    pub enums: Vec<RawEnum>,
    pub domains: Vec<RawDomain>,
    pub composites: Vec<RawComposite>,
    pub sequences: Vec<RawSequence>,
    pub tables: Vec<RawTable>,
    /// Views and materialized views, in file order.
    pub views: Vec<RawView>,
    pub functions: Vec<RawFunction>,
    pub aggregates: Vec<RawAggregate>,
}

impl RawSchema {
    /// Adds another file range's definitions after these (file order is kept).
    fn append(&mut self, more: RawSchema) {
        // Destructured so that a new kind cannot be forgotten here.
        let RawSchema {
            schemas,
            extensions,
            enums,
            domains,
            composites,
            sequences,
            tables,
            views,
            functions,
            aggregates,
        } = more;
        self.schemas.extend(schemas);
        self.extensions.extend(extensions);
        self.enums.extend(enums);
        self.domains.extend(domains);
        self.composites.extend(composites);
        self.sequences.extend(sequences);
        self.tables.extend(tables);
        self.views.extend(views);
        self.functions.extend(functions);
        self.aggregates.extend(aggregates);
    }
}

/// Collects diagnostics and turns locations into `path:line:col`.
pub struct Reporter<'a> {
    files: &'a [(PathBuf, String)],
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter over these files.
    pub fn new(files: &'a [(PathBuf, String)]) -> Self {
        Reporter {
            files,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The diagnostic for a message at a place.
    pub fn diagnostic(&self, at: Loc, message: impl Into<String>) -> Diagnostic {
        let (path, text) = &self.files[at.file()];
        let (line, column) = crate::config::line_col(text, at.offset());
        Diagnostic {
            path: path.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// `path:line:col` of a place, for messages that point at a second place.
    pub fn place(&self, at: Loc) -> String {
        let d = self.diagnostic(at, "");
        format!("{}:{}:{}", d.path.display(), d.line, d.column)
    }

    /// Records an error.
    pub fn error(&mut self, at: Loc, message: impl Into<String>) {
        let diagnostic = self.diagnostic(at, message);
        self.errors.push(diagnostic);
    }

    /// Records a warning.
    pub fn warn(&mut self, at: Loc, message: impl Into<String>) {
        let diagnostic = self.diagnostic(at, message);
        self.warnings.push(diagnostic);
    }
}

/// Reads every `*.toml` in `dir` (not recursive, in path order) into one canonical model.
pub fn load_dir(dir: &Path) -> Result<ParsedSchema, Diagnostics> {
    let mut paths = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| io_diagnostic(dir, &e))?;
    for entry in entries {
        let path = entry.map_err(|e| io_diagnostic(dir, &e))?.path();
        if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| io_diagnostic(&path, &e))?;
        files.push((path, text));
    }
    parse_files(&files)
}

fn io_diagnostic(path: &Path, error: &std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!("cannot read: {error}"),
    }])
}

/// Parses schema files given in memory (path, text), in the given order.
pub fn parse_files(files: &[(PathBuf, String)]) -> Result<ParsedSchema, Diagnostics> {
    let mut reporter = Reporter::new(files);
    let raw = read_files(files, &mut reporter);
    let (schema, hints) = validate::build(&raw, &mut reporter);
    if reporter.errors.is_empty() {
        Ok(ParsedSchema {
            schema,
            hints,
            warnings: reporter.warnings,
        })
    } else {
        Err(Diagnostics(reporter.errors))
    }
}

/// Parses one TOML text as the file `s.toml`: the unit tests' way in.
#[cfg(test)]
pub(crate) fn parse_str(toml: &str) -> Result<ParsedSchema, Diagnostics> {
    parse_files(&[(PathBuf::from("s.toml"), toml.to_string())])
}

/// Below this many bytes of TOML the files are read on one thread (a thread costs more than it
/// saves on a small project).
const PARALLEL_READ_BYTES: usize = 256 * 1024;

/// Reads the files into raw definitions, in file order. Parsing TOML is about half the cost of
/// `parse_files`, so a large project's files are shared among up to four threads by size;
/// diagnostics and definitions are merged back in file order, so the result does not depend on
/// the number of threads.
fn read_files(files: &[(PathBuf, String)], reporter: &mut Reporter) -> RawSchema {
    let total: usize = files.iter().map(|(_, text)| text.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(4)
        .min(files.len());
    if total < PARALLEL_READ_BYTES || threads < 2 {
        return read_range(files, 0..files.len(), reporter);
    }
    let ranges = split_by_size(files, total, threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = ranges[1..]
            .iter()
            .map(|range| {
                let range = range.clone();
                scope.spawn(move || {
                    let mut own = Reporter::new(files);
                    let raw = read_range(files, range, &mut own);
                    (raw, own.errors, own.warnings)
                })
            })
            .collect();
        let mut raw = read_range(files, ranges[0].clone(), reporter);
        for worker in workers {
            let (more, errors, warnings) = worker.join().expect("a schema reader panicked");
            raw.append(more);
            reporter.errors.extend(errors);
            reporter.warnings.extend(warnings);
        }
        raw
    })
}

/// Splits `files` (`total` bytes) into `parts` consecutive ranges of about equal size.
fn split_by_size(files: &[(PathBuf, String)], total: usize, parts: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut seen) = (0, 0);
    for (index, (_, text)) in files.iter().enumerate() {
        seen += text.len();
        let boundary = total * (ranges.len() + 1) / parts;
        if seen >= boundary && ranges.len() + 1 < parts && index + 1 < files.len() {
            ranges.push(start..index + 1);
            start = index + 1;
        }
    }
    ranges.push(start..files.len());
    ranges
}

/// Reads the files in `range` (indexes into `files`).
fn read_range(files: &[(PathBuf, String)], range: Range<usize>, r: &mut Reporter) -> RawSchema {
    let mut raw = RawSchema::default();
    for index in range {
        let text = files[index].1.as_str();
        match DeTable::parse(text) {
            Ok(doc) => FileReader { file: index }.read(doc.get_ref(), &mut raw, r),
            Err(e) => {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                let message = e.message().trim().to_string();
                r.error(Loc::new(index, offset), format!("invalid TOML: {message}"));
            }
        }
    }
    raw
}

/// Reads one file's definitions.
struct FileReader {
    file: usize,
}

/// The keys allowed at each level, for unknown-key errors.
const TOP_KEYS: &[&str] = &[
    "schema",
    "extensions",
    "extension",
    "enum",
    "domain",
    "composite",
    "sequence",
    "table",
    "view",
    "materialized_view",
    "function",
    "procedure",
    "aggregate",
];
impl FileReader {
    fn loc(&self, span: Option<Range<usize>>) -> Loc {
        Loc::new(self.file, span.map(|s| s.start).unwrap_or(0))
    }

    /// Where a key is written in a table.
    fn key_loc(&self, table: &Table, key: &str) -> Loc {
        self.loc(table.get_key_value(key).map(|(k, _)| k.span()))
    }

    /// Where a value is written.
    fn item_loc(&self, table: &Table, key: &str) -> Loc {
        self.loc(table.get(key).map(|v| v.span()))
    }

    /// Reports keys of `table` not in `allowed`, with a suggestion for near misses.
    fn check_keys(
        &self,
        table: &Table,
        allowed: &[&str],
        what: impl Fn() -> String,
        r: &mut Reporter,
    ) {
        for (key, _) in entries(table) {
            if !allowed.contains(&key) {
                self.unknown_key(table, key, allowed, &what, r);
            }
        }
    }

    /// Reports `key` as unknown in `table`, with a suggestion for a near miss. `what` names the
    /// table; it is a closure so that the name is only formatted when there is an error.
    fn unknown_key(
        &self,
        table: &Table,
        key: &str,
        allowed: &[&str],
        what: impl Fn() -> String,
        r: &mut Reporter,
    ) {
        let hint = match suggest(key, allowed) {
            Some(s) => format!("; did you mean `{s}`?"),
            None => format!(" (expected one of: {})", allowed.join(", ")),
        };
        r.error(
            self.key_loc(table, key),
            format!("unknown key `{key}` in {}{hint}", what()),
        );
    }

    fn read(&self, top: &Table, raw: &mut RawSchema, r: &mut Reporter) {
        self.check_keys(top, TOP_KEYS, || "a schema file".to_string(), r);
        if let Some(item) = top.get("extensions") {
            let at = self.item_loc(top, "extensions");
            for name in self.string_list(item, at, "extensions", r) {
                raw.extensions.push(RawExtension {
                    name,
                    schema: None,
                    version: None,
                });
            }
        }
        let mut kind = |key: &str, f: &mut dyn FnMut(&str, &Table, Loc, &mut Reporter)| {
            if let Some(item) = top.get(key) {
                self.each_table(top, key, item, r, f);
            }
        };
        kind("schema", &mut |name, t, at, r| {
            raw.schemas.push(self.read_namespace(name, t, at, r))
        });
        kind("extension", &mut |name, t, at, r| {
            raw.extensions.push(self.read_extension(name, t, at, r))
        });
        kind("enum", &mut |name, t, at, r| {
            if let Some(e) = self.read_enum(name, t, at, r) {
                raw.enums.push(e);
            }
        });
        kind("domain", &mut |name, t, at, r| {
            raw.domains.push(self.read_domain(name, t, at, r))
        });
        kind("composite", &mut |name, t, at, r| {
            raw.composites.push(self.read_composite(name, t, at, r))
        });
        kind("sequence", &mut |name, t, at, r| {
            raw.sequences.push(self.read_sequence(name, t, at, r))
        });
        kind("table", &mut |name, t, at, r| {
            raw.tables.push(self.read_table(name, t, at, r))
        });
        kind("view", &mut |name, t, at, r| {
            raw.views.push(self.read_view(name, t, at, false, r))
        });
        kind("materialized_view", &mut |name, t, at, r| {
            raw.views.push(self.read_view(name, t, at, true, r))
        });
        kind("function", &mut |name, t, at, r| {
            raw.functions
                .push(self.read_function(name, t, at, false, r))
        });
        kind("procedure", &mut |name, t, at, r| {
            raw.functions.push(self.read_function(name, t, at, true, r))
        });
        kind("aggregate", &mut |name, t, at, r| {
            raw.aggregates.push(self.read_aggregate(name, t, at, r))
        });
    }

    /// Calls `f` for every sub-table of `item` (which must be a table of tables).
    fn each_table(
        &self,
        parent: &Table,
        key: &str,
        item: &Item,
        r: &mut Reporter,
        f: &mut dyn FnMut(&str, &Table, Loc, &mut Reporter),
    ) {
        let Some(table) = item.get_ref().as_table() else {
            r.error(
                self.item_loc(parent, key),
                format!("`{key}` must be a table of definitions, such as [{key}.name]"),
            );
            return;
        };
        for (name, sub) in entries(table) {
            let at = self.key_loc(table, name);
            match sub.get_ref().as_table() {
                Some(sub_table) => f(name, sub_table, at, r),
                None => r.error(
                    at,
                    format!("`{key}.{name}` must be a table, such as [{key}.{name}]"),
                ),
            }
        }
    }

    fn read_named_values(
        &self,
        table: &Table,
        key: &str,
        r: &mut Reporter,
        mut f: impl FnMut(&str, &Item, Loc, &mut Reporter),
    ) {
        let Some(item) = table.get(key) else { return };
        let Some(map) = item.get_ref().as_table() else {
            r.error(
                self.item_loc(table, key),
                format!("`{key}` must be a table of `name = ...`"),
            );
            return;
        };
        for (name, value) in entries(map) {
            f(name, value, self.key_loc(map, name), r);
        }
    }

    /// An optional string value.
    fn string(&self, t: &Table, key: &str, r: &mut Reporter) -> Option<Located<String>> {
        let item = t.get(key)?;
        self.string_item(key, item, self.item_loc(t, key), r)
    }

    /// The string value of `key`, written at `at`.
    fn string_item(
        &self,
        key: &str,
        item: &Item,
        at: Loc,
        r: &mut Reporter,
    ) -> Option<Located<String>> {
        match item.get_ref().as_str() {
            Some(s) => Some(Located {
                value: s.to_string(),
                at,
            }),
            None => {
                r.error(at, format!("`{key}` must be a string"));
                None
            }
        }
    }

    /// An optional boolean value (false when absent).
    fn boolean(&self, t: &Table, key: &str, r: &mut Reporter) -> bool {
        let Some(item) = t.get(key) else { return false };
        self.boolean_item(key, item, self.item_loc(t, key), r)
    }

    /// The boolean value of `key`, written at `at`.
    fn boolean_item(&self, key: &str, item: &Item, at: Loc, r: &mut Reporter) -> bool {
        match item.get_ref().as_bool() {
            Some(b) => b,
            None => {
                r.error(at, format!("`{key}` must be true or false"));
                false
            }
        }
    }

    /// An array of strings.
    fn string_list(
        &self,
        item: &Item,
        at: Loc,
        what: &str,
        r: &mut Reporter,
    ) -> Vec<Located<String>> {
        let Some(array) = item.get_ref().as_array() else {
            r.error(at, format!("`{what}` must be an array of strings"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for value in array.iter() {
            let value_at = self.loc(Some(value.span()));
            match value.get_ref().as_str() {
                Some(s) => out.push(Located {
                    value: s.to_string(),
                    at: value_at,
                }),
                None => r.error(value_at, format!("`{what}` must be an array of strings")),
            }
        }
        out
    }

    /// A TOML literal as a default value.
    fn literal(&self, item: &Item, at: Loc, r: &mut Reporter) -> Option<Literal> {
        match item.get_ref() {
            DeValue::String(s) => Some(Literal::String(s.to_string())),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(i) => Some(Literal::Integer(i)),
                Err(_) => {
                    r.error(at, "a default must be an integer that fits in 64 bits");
                    None
                }
            },
            // Kept as the decimal text written, never through a binary float:
            // 1234567890.123456789 is a valid numeric(19,9) default that f64 would round.
            DeValue::Float(f) => match decimal_text(f.as_str()) {
                Some(text) => Some(Literal::Number(text)),
                None => {
                    r.error(at, "a default must be a finite number");
                    None
                }
            },
            DeValue::Boolean(b) => Some(Literal::Boolean(*b)),
            DeValue::Datetime(d) => Some(Literal::String(d.to_string())),
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    out.push(self.literal(item, self.loc(Some(item.span())), r)?);
                }
                Some(Literal::Array(out))
            }
            DeValue::Table(_) => {
                r.error(
                    at,
                    "a table cannot be a default; use default_sql = \"'{...}'::jsonb\" for JSON",
                );
                None
            }
        }
    }
}

/// A TOML float's text as a SQL numeric constant: underscores and a leading `+` dropped;
/// `None` for `inf` and `nan`.
fn decimal_text(text: &str) -> Option<String> {
    let text: String = text.chars().filter(|c| *c != '_').collect();
    let text = text.strip_prefix('+').unwrap_or(&text).to_string();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    digits
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(text)
}

/// The allowed key closest to `key` when it is a likely typo (edit distance at most 2).
fn suggest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (edit_distance(key, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between two short strings.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use table::COLUMN_KEYS;

    #[test]
    fn decimals_keep_their_digits() {
        assert_eq!(
            decimal_text("1234567890.123456789").as_deref(),
            Some("1234567890.123456789")
        );
        assert_eq!(decimal_text("+1_000.5").as_deref(), Some("1000.5"));
        assert_eq!(decimal_text("-2e-3").as_deref(), Some("-2e-3"));
        assert_eq!(decimal_text("inf"), None);
        assert_eq!(decimal_text("-nan"), None);
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(suggest("not_nul", COLUMN_KEYS), Some("not_null"));
        assert_eq!(suggest("tpye", COLUMN_KEYS), Some("type"));
        assert_eq!(suggest("colour", COLUMN_KEYS), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    fn file(name: &str, text: String) -> (PathBuf, String) {
        (PathBuf::from(name), text)
    }

    #[test]
    fn split_covers_every_file_once_in_order() {
        let files: Vec<_> = [10, 1, 1, 1, 30, 5, 5, 5]
            .iter()
            .enumerate()
            .map(|(i, size)| file(&format!("{i}.toml"), "x".repeat(*size)))
            .collect();
        for parts in 1..=4 {
            let total = files.iter().map(|(_, text)| text.len()).sum();
            let ranges = split_by_size(&files, total, parts);
            assert!(ranges.len() <= parts);
            let flat: Vec<usize> = ranges.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(
                flat,
                (0..files.len()).collect::<Vec<_>>(),
                "{parts}: {ranges:?}"
            );
            assert!(ranges.iter().all(|r| !r.is_empty()), "{ranges:?}");
        }
    }

    /// Files big enough to be read on several threads give the same model, and the same
    /// diagnostics in the same (file) order, as reading them one by one.
    #[test]
    fn threaded_reading_keeps_file_order() {
        let table = |i: usize| {
            format!("[table.t{i:04}.columns]\nid = {{ type = \"bigint\", primary_key = true }}\n")
        };
        let mut files: Vec<_> = (0..8)
            .map(|f| {
                let text: String = (f * 1000..f * 1000 + 1000).map(table).collect();
                file(&format!("{f}.toml"), text)
            })
            .collect();
        let total: usize = files.iter().map(|(_, t)| t.len()).sum();
        assert!(
            total > PARALLEL_READ_BYTES,
            "the test must take the threaded path"
        );
        let parsed = parse_files(&files).unwrap();
        let mut one_by_one = Reporter::new(&files);
        let raw = read_range(&files, 0..files.len(), &mut one_by_one);
        let (schema, _) = validate::build(&raw, &mut one_by_one);
        assert_eq!(parsed.schema, schema);
        assert_eq!(parsed.schema.tables.len(), 8000);

        files[1].1.push_str("[table.bad1]\ncolumns = 1\n");
        files[6].1.push_str("[table.bad6]\ncolumns = 2\n");
        files[3].1.push_str("oops = \n");
        let errors = parse_files(&files).unwrap_err().0;
        let paths: Vec<String> = errors
            .iter()
            .map(|d| d.path.display().to_string())
            .collect();
        assert_eq!(paths, ["1.toml", "3.toml", "6.toml"], "{errors:?}");
    }
}
