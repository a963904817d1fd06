//! Golden folders: `tests/golden/<case>/{from,to}/*.toml` (a missing `from/` is the empty
//! schema) with the expected `up.sql`, `down.sql` and `hazards.txt`. `UPDATE_GOLDEN=1` rewrites
//! the expected files. Every case is also applied to a real PostgreSQL: `from` + up must
//! introspect equal to `to` built from scratch, and down must return to `from`.

use crate::support::*;
use std::path::{Path, PathBuf};
use strata::diff::{DiffOptions, diff};
use strata::schema::{ParsedSchema, parse::parse_files};

/// The golden cases, sorted.
fn cases() -> Vec<PathBuf> {
    let root = repo_root().join("tests/golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/golden")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Parses every TOML file of a case's side; a missing directory is the empty schema.
fn parse_side(dir: &Path) -> ParsedSchema {
    if !dir.is_dir() {
        return ParsedSchema::default();
    }
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    files.sort();
    parse_files(&files).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The migration between two sides, rendered.
fn render(case: &str, from: &ParsedSchema, to: &ParsedSchema) -> strata::sql::MigrationSql {
    let options = DiffOptions {
        allow_destructive: true,
        ..DiffOptions::default()
    };
    let changes = diff(&from.schema, &to.schema, &to.hints, &options)
        .unwrap_or_else(|e| panic!("{case}: diff failed: {e}"));
    let context = strata::sql::Context::new(&[&from.schema, &to.schema]);
    strata::sql::render_migration(case, &changes, &context)
}

/// Compares `actual` with the file, or rewrites the file under UPDATE_GOLDEN=1.
fn compare_or_update(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        failures.push(format!("{}:\n{diff}", path.display()));
    }
}

#[test]
fn golden_sql_matches() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let from = parse_side(&case.join("from"));
        let to = parse_side(&case.join("to"));
        let sql = render(&name, &from, &to);
        compare_or_update(&case.join("up.sql"), &sql.up, &mut failures);
        compare_or_update(&case.join("down.sql"), &sql.down, &mut failures);
        let hazards: String = sql.hazards.iter().map(|h| format!("{h}\n")).collect();
        compare_or_update(&case.join("hazards.txt"), &hazards, &mut failures);
        // Determinism: the same input renders byte-identical output.
        assert_eq!(
            render(&name, &from, &to),
            sql,
            "{name}: output differs between runs"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn golden_cases_converge_on_postgres() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let from = parse_side(&case.join("from"));
        let to = parse_side(&case.join("to"));
        let empty = ParsedSchema::default();

        let migrated = TestDb::new();
        apply(&migrated, &render(&name, &empty, &from).up, &name);
        let before = inspect(&migrated);
        apply(&migrated, &render(&name, &from, &to).up, &name);

        let direct = TestDb::new();
        apply(&direct, &render(&name, &empty, &to).up, &name);
        let (migrated_model, direct_model) = (inspect(&migrated), inspect(&direct));
        assert!(
            migrated_model.equivalent(&direct_model),
            "{name}: from + up differs from `to` built directly:\n{migrated_model:#?}\nvs\n{direct_model:#?}"
        );

        apply(&migrated, &render(&name, &from, &to).down, &name);
        let after = inspect(&migrated);
        assert!(
            after.equivalent(&before),
            "{name}: down does not return to `from`:\n{after:#?}\nvs\n{before:#?}"
        );
    }
}
