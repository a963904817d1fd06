//! Criterion benches of the in-process stages, per function, on the schema `bench/gen_schema.py`
//! writes (N tables of ~10 columns, an enum column, a unique, a foreign key, two indexes):
//!
//! - `parse`: TOML files -> validated model (`schema::parse::parse_files`);
//! - `snapshot`: model -> pretty JSON, JSON -> model, and the snapshot id;
//! - `diff`: empty -> N tables, and N tables -> the same with 5% of them changed;
//! - `render`: the changes of both diffs -> up and down SQL;
//! - `split`: the initial migration's up file -> statements (what `migrate` does first).
//!
//! Run with `cargo bench --bench pipeline` (add `-- parse` to run one group). The whole-process
//! timings (cold `generate`, `check`) are in `bench/generate.sh`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use strata::diff::{DiffOptions, diff};
use strata::migrate::split::split;
use strata::schema::ParsedSchema;
use strata::schema::parse::parse_files;
use strata::schema::snapshot::{Snapshot, schema_id};
use strata::sql::{Context, render_migration};

/// The binary's allocator, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 3] = [100, 500, 2000];
const TABLES_PER_FILE: usize = 50;

/// One table as `bench/gen_schema.py` writes it; `changed` adds a column, drops an index and
/// changes a default (the "5% change").
fn table_toml(i: usize, changed: bool) -> String {
    let name = format!("t{i:05}");
    let mut out = format!("[table.{name}.columns]\n");
    out.push_str(
        "id         = { type = \"bigint\", identity = \"by default\", primary_key = true }\n",
    );
    out.push_str("code       = { type = \"varchar(32)\", not_null = true, unique = true }\n");
    out.push_str("title      = { type = \"text\", not_null = true }\n");
    let amount = if changed { 7 } else { 0 };
    out.push_str(&format!(
        "amount     = {{ type = \"numeric(12,2)\", not_null = true, default = {amount} }}\n"
    ));
    out.push_str("active     = { type = \"boolean\", not_null = true, default = true }\n");
    out.push_str("kind       = { type = \"kind\", not_null = true, default = \"a\" }\n");
    out.push_str("payload    = { type = \"jsonb\" }\n");
    out.push_str("tags       = { type = \"text[]\" }\n");
    out.push_str(
        "created_at = { type = \"timestamptz\", not_null = true, default_sql = \"now()\" }\n",
    );
    if i > 0 {
        let parent = format!("t{:05}", (i - 1) / 2);
        out.push_str(&format!(
            "parent_id  = {{ type = \"bigint\", references = \"{parent}(id)\", on_delete = \"cascade\" }}\n"
        ));
    } else {
        out.push_str("parent_id  = { type = \"bigint\" }\n");
    }
    if changed {
        out.push_str("note       = { type = \"text\" }\n");
    }
    out.push_str(&format!("\n[table.{name}.indexes]\n"));
    if !changed {
        out.push_str(&format!("{name}_title_idx = {{ columns = [\"title\"] }}\n"));
    }
    out.push_str(&format!(
        "{name}_kind_created_idx = {{ columns = [\"kind\", \"created_at DESC\"] }}\n\n"
    ));
    out
}

/// The schema files of an N-table project, `change_percent` of its tables changed.
fn schema_files(tables: usize, change_percent: usize) -> Vec<(PathBuf, String)> {
    let step = 100usize.checked_div(change_percent).unwrap_or(0);
    let mut files = vec![(
        PathBuf::from("schema/000_enums.toml"),
        "[enum.kind]\nvalues = [\"a\", \"b\", \"c\"]\n".to_string(),
    )];
    for start in (0..tables).step_by(TABLES_PER_FILE) {
        let text: String = (start..(start + TABLES_PER_FILE).min(tables))
            .map(|i| table_toml(i, step > 0 && i % step == 0))
            .collect();
        let path = Path::new("schema").join(format!("tables_{:04}.toml", start / TABLES_PER_FILE));
        files.push((path, text));
    }
    files
}

fn parse(files: &[(PathBuf, String)]) -> ParsedSchema {
    parse_files(files).expect("the bench schema is valid")
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for n in SIZES {
        let files = schema_files(n, 0);
        let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &files, |b, files| {
            b.iter(|| parse(black_box(files)))
        });
    }
    group.finish();
}

fn bench_snapshot(c: &mut Criterion) {
    let mut group = c.benchmark_group("snapshot");
    for n in SIZES {
        let schema = parse(&schema_files(n, 0)).schema;
        let snapshot = Snapshot::new(schema.clone(), None);
        let json = snapshot.to_json();
        group.bench_with_input(BenchmarkId::new("to_json", n), &snapshot, |b, s| {
            b.iter(|| black_box(s).to_json())
        });
        group.bench_with_input(BenchmarkId::new("from_json", n), &json, |b, json| {
            b.iter(|| Snapshot::from_json(black_box(json), Path::new("bench.json")).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("schema_id", n), &schema, |b, schema| {
            b.iter(|| schema_id(black_box(schema)))
        });
    }
    group.finish();
}

fn bench_diff_and_render(c: &mut Criterion) {
    let options = DiffOptions {
        allow_destructive: true,
        decide_rename: None,
    };
    let mut diff_group = c.benchmark_group("diff");
    let mut cases = Vec::new();
    for n in SIZES {
        let empty = ParsedSchema::default().schema;
        let base = parse(&schema_files(n, 0));
        let changed = parse(&schema_files(n, 5));
        diff_group.bench_with_input(BenchmarkId::new("empty_to_all", n), &base, |b, to| {
            b.iter(|| diff(black_box(&empty), &to.schema, &to.hints, &options).unwrap())
        });
        diff_group.bench_with_input(BenchmarkId::new("change_5pct", n), &changed, |b, to| {
            b.iter(|| diff(black_box(&base.schema), &to.schema, &to.hints, &options).unwrap())
        });
        cases.push((n, empty, base, changed));
    }
    diff_group.finish();

    let mut split_group = Vec::new();
    let mut render_group = c.benchmark_group("render");
    for (n, empty, base, changed) in &cases {
        let initial = diff(empty, &base.schema, &base.hints, &options).unwrap();
        let context = Context::new(&[empty, &base.schema]);
        render_group.bench_with_input(BenchmarkId::new("empty_to_all", n), &initial, |b, ch| {
            b.iter(|| render_migration("0000_init", black_box(ch), &context))
        });
        let sql = render_migration("0000_init", &initial, &context).up;
        split_group.push((*n, sql));
        let edits = diff(&base.schema, &changed.schema, &changed.hints, &options).unwrap();
        let context = Context::new(&[&base.schema, &changed.schema]);
        render_group.bench_with_input(BenchmarkId::new("change_5pct", n), &edits, |b, ch| {
            b.iter(|| render_migration("0001_change", black_box(ch), &context))
        });
    }
    render_group.finish();

    // What `migrate` does first with a file: split it into statements (8,000 at 2,000 tables).
    let mut group = c.benchmark_group("split");
    for (n, sql) in &split_group {
        group.throughput(Throughput::Bytes(sql.len() as u64));
        group.bench_with_input(BenchmarkId::new("initial_up", n), sql, |b, sql| {
            b.iter(|| split(black_box(sql)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse, bench_snapshot, bench_diff_and_render);
criterion_main!(benches);
