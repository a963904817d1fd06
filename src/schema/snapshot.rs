//! Snapshots: the canonical model after a migration, as pretty JSON with a stable key order,
//! identified by the SHA-256 of the model's compact JSON and chained by `prev_id`.

use crate::migrate::checksum::Sha256Writer;
use crate::schema::model::{
    Aggregate, CompositeType, Domain, Enum, Extension, Function, Namespace, Schema, Sequence,
    Table, View,
};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

/// The snapshot format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The `dialect` every snapshot carries.
const DIALECT: &str = "postgresql";

/// A snapshot file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub version: u32,
    pub dialect: String,
    /// SHA-256 of the model's compact JSON (see [`schema_id`]).
    pub id: String,
    /// The id of the snapshot before this one; `None` for the first.
    pub prev_id: Option<String>,
    pub schema: Schema,
}

/// The file layout: the header, then the model's fields at the same level. Spelled out rather
/// than `#[serde(flatten)]`, which makes serde buffer the whole document as untyped content
/// before deserialising it (three times slower on a 2,000-table snapshot, and twice the memory).
#[derive(Serialize, Deserialize)]
struct SnapshotFile<'a> {
    version: u32,
    dialect: Cow<'a, str>,
    id: Cow<'a, str>,
    prev_id: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "is_empty")]
    schemas: Cow<'a, [Namespace]>,
    extensions: Cow<'a, [Extension]>,
    enums: Cow<'a, [Enum]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    domains: Cow<'a, [Domain]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    composites: Cow<'a, [CompositeType]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    sequences: Cow<'a, [Sequence]>,
    tables: Cow<'a, [Table]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    views: Cow<'a, [View]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    functions: Cow<'a, [Function]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    aggregates: Cow<'a, [Aggregate]>,
}

/// Kinds added after the first snapshot format are left out while empty, as in the model's
/// own JSON (see [`Schema`]).
#[allow(clippy::ptr_arg)] // serde hands the field itself: a `&Cow`.
fn is_empty<T: Clone>(list: &Cow<'_, [T]>) -> bool {
    list.is_empty()
}

impl Snapshot {
    /// A snapshot of `schema` following `prev_id`.
    pub fn new(schema: Schema, prev_id: Option<String>) -> Self {
        Snapshot {
            version: SNAPSHOT_VERSION,
            dialect: DIALECT.to_string(),
            id: schema_id(&schema),
            prev_id,
            schema,
        }
    }

    /// Pretty JSON with a trailing newline; byte-identical for equal snapshots because the
    /// model is canonical (sorted) and serde writes struct fields in declaration order.
    pub fn to_json(&self) -> String {
        file_json(
            self.version,
            &self.dialect,
            &self.id,
            self.prev_id.as_deref(),
            &self.schema,
        )
    }

    /// The JSON of `Snapshot::new(schema, prev_id)`, without copying the model.
    pub fn json_of(schema: &Schema, prev_id: Option<&str>) -> String {
        file_json(
            SNAPSHOT_VERSION,
            DIALECT,
            &schema_id(schema),
            prev_id,
            schema,
        )
    }

    /// Parses snapshot JSON; errors name the line and column.
    pub fn from_json(text: &str, path: &Path) -> Result<Self> {
        Snapshot::from_file_layout(serde_json::from_str(text), path)
    }

    fn from_file_layout(parsed: serde_json::Result<SnapshotFile>, path: &Path) -> Result<Self> {
        let file = parsed.map_err(|e| invalid_snapshot(path, &e))?;
        let mut snapshot = Snapshot {
            version: file.version,
            dialect: file.dialect.into_owned(),
            id: file.id.into_owned(),
            prev_id: file.prev_id.map(Cow::into_owned),
            schema: Schema {
                schemas: file.schemas.into_owned(),
                extensions: file.extensions.into_owned(),
                enums: file.enums.into_owned(),
                domains: file.domains.into_owned(),
                composites: file.composites.into_owned(),
                sequences: file.sequences.into_owned(),
                tables: file.tables.into_owned(),
                views: file.views.into_owned(),
                functions: file.functions.into_owned(),
                aggregates: file.aggregates.into_owned(),
            },
        };
        // Canonical order, whatever the file says (a hand-edited file then fails its id check).
        snapshot.schema.sort();
        if snapshot.version != SNAPSHOT_VERSION {
            return Err(crate::error::input_error(format!(
                "{}: snapshot version {} is not supported (this strata reads version {SNAPSHOT_VERSION})",
                path.display(),
                snapshot.version
            )));
        }
        Ok(snapshot)
    }

    /// Reads a snapshot file, as a stream rather than as one string: the text of a 2,000-table
    /// snapshot (9 MB) would otherwise sit in memory beside the model built from it.
    pub fn load(path: &Path) -> Result<Self> {
        let file =
            std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
        Snapshot::from_reader(std::io::BufReader::with_capacity(256 * 1024, file), path)
    }

    /// Parses snapshot JSON from a reader (buffer it); errors name the line and column.
    pub fn from_reader(reader: impl std::io::Read, path: &Path) -> Result<Self> {
        Snapshot::from_file_layout(serde_json::from_reader(reader), path)
    }
}

/// The chain fields of a snapshot file, read without building its model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotHeader {
    pub id: String,
    pub prev_id: Option<String>,
}

impl SnapshotHeader {
    /// Reads `id` and `prev_id` from the start of a file strata wrote (they are its third and
    /// fourth lines): `generate` follows the chain of a long history without reading each
    /// 9 MB snapshot of a 2,000-table project. A file in any other layout (edited by hand,
    /// reformatted) is read whole. Errors name the line and column, as [`Snapshot::load`]'s.
    pub fn load(path: &Path) -> Result<Self> {
        use std::io::Read;
        let mut file =
            std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
        let mut start = Vec::with_capacity(512);
        (&mut file).take(512).read_to_end(&mut start)?;
        if let Some(header) = std::str::from_utf8(&start)
            .ok()
            .and_then(header_of_strata_layout)
        {
            return Ok(header);
        }
        #[derive(Deserialize)]
        struct Header {
            id: String,
            prev_id: Option<String>,
        }
        let text = crate::migrate::files::read_text(path)?;
        let header: Header = serde_json::from_str(&text).map_err(|e| invalid_snapshot(path, &e))?;
        Ok(SnapshotHeader {
            id: header.id,
            prev_id: header.prev_id,
        })
    }
}

/// The input error of a snapshot that is not valid JSON of the layout, at its line and column.
fn invalid_snapshot(path: &Path, e: &serde_json::Error) -> anyhow::Error {
    crate::error::input_error(format!(
        "{}:{}:{}: invalid snapshot: {}",
        path.display(),
        e.line(),
        crate::migrate::journal::json_column(e),
        crate::migrate::journal::json_message(e)
    ))
}

/// The header of a file that starts exactly as [`file_json`] writes it; `None` otherwise.
fn header_of_strata_layout(start: &str) -> Option<SnapshotHeader> {
    let mut lines = start.lines();
    let expected_version = format!("  \"version\": {SNAPSHOT_VERSION},");
    let expected_dialect = format!("  \"dialect\": \"{DIALECT}\",");
    if lines.next()? != "{"
        || lines.next()? != expected_version
        || lines.next()? != expected_dialect
    {
        return None;
    }
    let hex = |value: &str| {
        (value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| value.to_string())
    };
    let id = hex(lines
        .next()?
        .strip_prefix("  \"id\": \"")?
        .strip_suffix("\",")?)?;
    let prev_id = match lines.next()?.strip_prefix("  \"prev_id\": ")? {
        "null," => None,
        quoted => Some(hex(quoted.strip_prefix('"')?.strip_suffix("\",")?)?),
    };
    // The line after must exist whole, so that the value read above was not cut short.
    lines.next()?;
    Some(SnapshotHeader { id, prev_id })
}

/// A snapshot file's pretty JSON, with a trailing newline.
fn file_json(
    version: u32,
    dialect: &str,
    id: &str,
    prev_id: Option<&str>,
    schema: &Schema,
) -> String {
    let file = SnapshotFile {
        version,
        dialect: Cow::Borrowed(dialect),
        id: Cow::Borrowed(id),
        prev_id: prev_id.map(Cow::Borrowed),
        schemas: Cow::Borrowed(&schema.schemas),
        extensions: Cow::Borrowed(&schema.extensions),
        enums: Cow::Borrowed(&schema.enums),
        domains: Cow::Borrowed(&schema.domains),
        composites: Cow::Borrowed(&schema.composites),
        sequences: Cow::Borrowed(&schema.sequences),
        tables: Cow::Borrowed(&schema.tables),
        views: Cow::Borrowed(&schema.views),
        functions: Cow::Borrowed(&schema.functions),
        aggregates: Cow::Borrowed(&schema.aggregates),
    };
    let mut bytes = Vec::with_capacity(estimated_json_len(schema));
    serde_json::to_writer_pretty(&mut bytes, &file).expect("snapshot serialises");
    bytes.push(b'\n');
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// A generous guess at the pretty JSON's length. Growing an 8 MB buffer by doubling touches
/// twice its size in memory, and with mimalloc the discarded halves stay resident until the
/// process ends: guessing high keeps the peak down.
fn estimated_json_len(schema: &Schema) -> usize {
    let per_table = |t: &Table| {
        let parts = t.uniques.len() + t.foreign_keys.len() + t.checks.len() + t.indexes.len();
        512 + 320 * t.columns.len() + 320 * parts
    };
    let enums: usize = schema.enums.iter().map(|e| 256 + 32 * e.values.len()).sum();
    4096 + enums + schema.tables.iter().map(per_table).sum::<usize>()
}

/// The id of a model: SHA-256 of its compact JSON.
pub fn schema_id(schema: &Schema) -> String {
    let mut hasher = Sha256Writer::new();
    serde_json::to_writer(&mut hasher, schema).expect("schema serialises");
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Column, QualifiedName, Table};

    #[test]
    fn the_header_is_read_from_the_start_of_a_file_strata_wrote_and_whole_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let first = Snapshot::new(sample(), None);
        let second = Snapshot::new(Schema::default(), Some(first.id.clone()));
        for snapshot in [&first, &second] {
            let json = snapshot.to_json();
            let expected = SnapshotHeader {
                id: snapshot.id.clone(),
                prev_id: snapshot.prev_id.clone(),
            };
            assert_eq!(header_of_strata_layout(&json), Some(expected.clone()));
            let path = dir.path().join("s.json");
            std::fs::write(&path, &json).unwrap();
            assert_eq!(SnapshotHeader::load(&path).unwrap(), expected);
            // CRLF (a checkout with autocrlf) reads the same lines.
            let crlf = json.replace('\n', "\r\n");
            assert_eq!(header_of_strata_layout(&crlf), Some(expected.clone()));
            // Reformatted: not the fast path, the same answer.
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            let compact = value.to_string();
            assert_eq!(header_of_strata_layout(&compact), None);
            std::fs::write(&path, &compact).unwrap();
            assert_eq!(SnapshotHeader::load(&path).unwrap(), expected);
        }
        // Cut inside the id: not taken from the prefix.
        let json = first.to_json();
        let cut = &json[..json.find("\"id\"").unwrap() + 20];
        assert_eq!(header_of_strata_layout(cut), None);
        let path = dir.path().join("broken.json");
        std::fs::write(&path, "{\n  \"id\": 3\n}").unwrap();
        let error = format!("{:#}", SnapshotHeader::load(&path).unwrap_err());
        assert!(error.contains("broken.json:2:"), "{error}");
    }

    fn sample() -> Schema {
        let mut table = Table::new(QualifiedName::public("t"));
        table.columns.push(Column::new("id", "integer"));
        Schema {
            extensions: vec![Extension::named("pgcrypto")],
            tables: vec![table],
            ..Schema::default()
        }
    }

    #[test]
    fn round_trips_and_is_stable() {
        let snap = Snapshot::new(sample(), None);
        let text = snap.to_json();
        let back = Snapshot::from_json(&text, Path::new("x.json")).unwrap();
        assert_eq!(back, snap);
        assert_eq!(back.to_json(), text);
        assert_eq!(back.id, schema_id(&back.schema));
    }

    #[test]
    fn json_of_a_borrowed_model_is_the_snapshot_json() {
        let snap = Snapshot::new(sample(), Some("p".into()));
        assert_eq!(Snapshot::json_of(&sample(), Some("p")), snap.to_json());
    }

    #[test]
    fn id_changes_with_content() {
        let mut other = sample();
        other.tables[0].columns[0].not_null = true;
        assert_ne!(schema_id(&sample()), schema_id(&other));
    }

    #[test]
    fn header_keys_come_first() {
        let text = Snapshot::new(sample(), Some("p".into())).to_json();
        let version = text.find("\"version\"").unwrap();
        let id = text.find("\"id\"").unwrap();
        let tables = text.find("\"tables\"").unwrap();
        assert!(version < id && id < tables);
    }
}
