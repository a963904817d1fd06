//! Schema comparison through `pg_dump --schema-only`: the client tools that match the server
//! under test, a psql runner for SQL fixtures, and a dump normalised into sorted statements so
//! two databases compare as sets and a mismatch reads as a unified diff.
//!
//! Owners are kept (no `--no-owner`): every database of a test is created and migrated by the
//! same role, so `OWNER TO` lines are equal on both sides unless strata changed an owner, which
//! is then a real difference. Privileges are kept for the same reason.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The history table strata creates in every migrated database (the default of strata.toml);
/// it is strata's bookkeeping, not part of the schema, so dumps leave it out.
pub const HISTORY_TABLE: &str = "public.strata_migrations";

/// A directory holding `pg_dump` and `psql` of one major version.
#[derive(Debug, Clone)]
pub struct PgBin {
    /// The directory of the binaries.
    pub dir: PathBuf,
    /// The major version `pg_dump --version` reports.
    pub major: u32,
}

impl PgBin {
    /// The tools for the server under test, looked up once per process (see [`find_bin`]).
    pub fn for_server() -> &'static PgBin {
        static BIN: OnceLock<PgBin> = OnceLock::new();
        BIN.get_or_init(|| find_bin(server_major()))
    }

    /// The `pg_dump` of this directory.
    pub fn pg_dump(&self) -> PathBuf {
        self.dir.join("pg_dump")
    }

    /// The `psql` of this directory.
    pub fn psql(&self) -> PathBuf {
        self.dir.join("psql")
    }

    /// A command for `program` of this directory without the libpq variables of this
    /// process (the ones `strata_command` clears), so only the connection string the helper
    /// passes decides where it connects.
    fn command(&self, program: &Path) -> Command {
        let template = strata_command(&std::env::temp_dir());
        let mut command = Command::new(program);
        command.current_dir(std::env::temp_dir());
        for (key, value) in template.get_envs() {
            if value.is_none() {
                command.env_remove(key);
            }
        }
        command
    }
}

/// The directory of a `pg_dump` able to dump a server of major version `server_major`: pg_dump
/// refuses a server newer than itself, and an older server is dumped best by its own version.
/// Tried in order, the first whose `pg_dump --version` is `server_major` or newer wins:
/// `STRATA_TEST_PG_BINDIR`; the server's own `BINDIR` (the `pg_config` view, which for the
/// PostgreSQL 18 server of `scripts/pg18.sh` is the embedded package's `pginstall/bin`, and for
/// the Debian cluster `/usr/lib/postgresql/15/bin`); the `pg_dump` on `PATH`.
pub fn find_bin(server_major: u32) -> PgBin {
    let mut tried = Vec::new();
    for dir in candidate_dirs() {
        match dump_major(&dir.join("pg_dump")) {
            Some(major) if major >= server_major => return PgBin { dir, major },
            Some(major) => tried.push(format!("{} (pg_dump {major})", dir.display())),
            None => tried.push(format!("{} (no pg_dump that runs)", dir.display())),
        }
    }
    panic!(
        "no pg_dump of PostgreSQL {server_major} or newer: tried {}.\n\
         Install the client of that version, or set STRATA_TEST_PG_BINDIR to its bin directory.",
        tried.join(", ")
    )
}

/// Where to look for pg_dump, in order of preference.
fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("STRATA_TEST_PG_BINDIR") {
        dirs.push(PathBuf::from(dir));
    }
    if let Some(dir) = server_bindir() {
        dirs.push(dir);
    }
    if let Some(dir) = dir_on_path("pg_dump") {
        dirs.push(dir);
    }
    dirs
}

/// The server's `BINDIR` as it reports it (superuser only; `None` when not allowed).
fn server_bindir() -> Option<PathBuf> {
    block_on(async {
        let client = connect(&server_config()).await;
        let row = client
            .query_opt("SELECT setting FROM pg_config WHERE name = 'BINDIR'", &[])
            .await
            .ok()??;
        Some(PathBuf::from(row.get::<_, String>(0)))
    })
}

/// The directory on `PATH` that holds `program`.
fn dir_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|dir| dir.join(program).is_file())
}

/// The major version `pg_dump --version` prints ("pg_dump (PostgreSQL) 15.20 (Debian ...)").
fn dump_major(pg_dump: &Path) -> Option<u32> {
    let output = Command::new(pg_dump).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    parse_major(&text)
}

/// The major version in a `--version` line of a PostgreSQL client (the leading digits of
/// the version: `15.20`, `18.6`, `19devel`, `19beta1`).
fn parse_major(version_line: &str) -> Option<u32> {
    let version = version_line.split(") ").nth(1)?;
    let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Applies a SQL file to `db` with psql, stopping at the first error (as an application's
/// deploy script would), and panics with psql's message when it fails.
pub fn apply_sql_file(db: &TestDb, file: &Path) {
    let bin = PgBin::for_server();
    let output = bin
        .command(&bin.psql())
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
        .arg(db.url())
        .arg("-f")
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", bin.psql().display()));
    assert!(
        output.status.success(),
        "psql -f {} into {} failed:\n{}",
        file.display(),
        db.name,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A database's schema as `pg_dump --schema-only` prints it, normalised and sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaDump {
    /// The statements, normalised (see [`normalise`]) and sorted.
    pub statements: Vec<String>,
}

impl SchemaDump {
    /// Dumps `db` without strata's history table, and adds what pg_dump leaves out of a
    /// schema-only dump but a migration must reproduce (the installed extension versions).
    pub fn of(db: &TestDb) -> SchemaDump {
        let text = pg_dump(db);
        let mut statements = normalise(&text, &db.name);
        statements.extend(extension_versions(db));
        statements.sort();
        SchemaDump { statements }
    }

    /// The dump as one text, statements separated by blank lines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for statement in &self.statements {
            out.push_str(statement);
            out.push_str(";\n\n");
        }
        out
    }

    /// A unified diff from `self` (named `left`) to `other` (named `right`), or `None` when
    /// both hold the same statements.
    pub fn diff(&self, other: &SchemaDump, left: &str, right: &str) -> Option<String> {
        if self == other {
            return None;
        }
        let (a, b) = (self.text(), other.text());
        let diff = similar::TextDiff::from_lines(&a, &b)
            .unified_diff()
            .context_radius(3)
            .header(left, right)
            .to_string();
        Some(diff)
    }
}

/// Asserts that both databases dump to the same schema, showing the diff when not.
#[track_caller]
pub fn assert_same_schema(expected: &TestDb, actual: &TestDb, what: &str) {
    let (left, right) = (SchemaDump::of(expected), SchemaDump::of(actual));
    let left_name = format!("{what}: {} (expected)", expected.name);
    let right_name = format!("{what}: {} (actual)", actual.name);
    if let Some(diff) = left.diff(&right, &left_name, &right_name) {
        panic!(
            "{what}: pg_dump --schema-only differs ({} statements expected, {} actual):\n{diff}",
            left.statements.len(),
            right.statements.len()
        );
    }
}

/// The raw output of `pg_dump --schema-only` of `db`, without the history table.
fn pg_dump(db: &TestDb) -> String {
    let bin = PgBin::for_server();
    let output = bin
        .command(&bin.pg_dump())
        .args(["--schema-only", "--no-password"])
        .arg(format!("--exclude-table={HISTORY_TABLE}"))
        .arg("--dbname")
        .arg(db.url())
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", bin.pg_dump().display()));
    assert!(
        output.status.success(),
        "pg_dump of {} failed:\n{}",
        db.name,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("pg_dump prints UTF-8")
}

/// `name version in schema` of every extension besides plpgsql (which every database has):
/// pg_dump writes `CREATE EXTENSION ... WITH SCHEMA` without the version.
fn extension_versions(db: &TestDb) -> Vec<String> {
    db.query_strings(
        "SELECT format('-- installed: extension %s version %s in schema %s', \
                e.extname, e.extversion, n.nspname) \
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
         WHERE e.extname <> 'plpgsql' ORDER BY 1",
    )
}

/// A pg_dump script as sorted statements, without what differs between two dumps of equal
/// schemas: psql's `\restrict` and `\unrestrict` lines (a random key per run), comments (the
/// `-- Name: ...; Type: ...` headers, versions, and OIDs with `--verbose`), `SET` lines and
/// the `search_path` reset, the database's name (written as `<database>`), and the order of
/// storage parameters (see [`sort_storage_parameters`]).
pub fn normalise(dump: &str, database: &str) -> Vec<String> {
    let script: String = dump
        .lines()
        .filter(|line| !is_meta_command(line))
        .map(|line| format!("{line}\n"))
        .collect();
    let mut statements: Vec<String> = strata::migrate::split::split(&script)
        .into_iter()
        .map(|statement| statement.sql)
        .filter(|sql| !is_session_setting(sql))
        .map(|sql| replace_word(&sql, database, "<database>"))
        .map(|sql| sort_storage_parameters(&sql))
        .collect();
    statements.sort();
    statements
}

/// `sql` with the items of every `WITH (name='value', ...)` list in name order. PostgreSQL
/// keeps a table's or index's storage parameters in the order they were set, which carries no
/// meaning (strata's model keeps them sorted), so `fillfactor` first or last is the same schema.
/// Lists whose items are not all `name=value` (a hash partition's `WITH (modulus 4, ...)`) stay.
fn sort_storage_parameters(sql: &str) -> String {
    const OPEN: &str = "WITH (";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find(OPEN) {
        let inner_start = at + OPEN.len();
        out.push_str(&rest[..inner_start]);
        let Some(len) = closing_paren(&rest[inner_start..]) else {
            rest = &rest[inner_start..];
            continue;
        };
        let inner = &rest[inner_start..inner_start + len];
        let mut items = split_top_level(inner);
        if items.iter().all(|item| is_assignment(item)) {
            items.sort();
            out.push_str(&items.join(", "));
        } else {
            out.push_str(inner);
        }
        rest = &rest[inner_start + len..];
    }
    out.push_str(rest);
    out
}

/// The length of `text` up to its first `)` outside single quotes.
fn closing_paren(text: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ')' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// `text` split at the commas outside single quotes, each item trimmed.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                items.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(text[start..].trim());
    items
}

/// Whether `item` is a storage parameter setting, `name=value`.
fn is_assignment(item: &str) -> bool {
    item.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    })
}

/// psql meta-commands pg_dump writes since 15.14 and 18.0 (`\restrict KEY`, `\unrestrict KEY`).
fn is_meta_command(line: &str) -> bool {
    line.starts_with("\\restrict ") || line.starts_with("\\unrestrict ")
}

/// The session settings at the top of every dump.
fn is_session_setting(sql: &str) -> bool {
    sql.starts_with("SET ") || sql.starts_with("SELECT pg_catalog.set_config(")
}

/// `text` with every occurrence of `word` that is not part of a longer identifier replaced.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// The user objects left in `db` besides strata's history table: relations, sequences, types
/// (enums, domains, composites, ranges), functions, schemas other than `public`, and
/// extensions other than plpgsql, each as `kind schema.name`.
pub fn user_objects(db: &TestDb) -> Vec<String> {
    db.query_strings(USER_OBJECTS)
}

const USER_OBJECTS: &str = r#"
WITH user_schema AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%'
), extension_member AS (
  SELECT objid FROM pg_depend WHERE deptype = 'e'
)
SELECT * FROM (
  SELECT format('relation (%s) %s.%s', c.relkind, s.nspname, c.relname)
  FROM pg_class c JOIN user_schema s ON s.oid = c.relnamespace
  WHERE c.oid NOT IN (SELECT objid FROM extension_member)
    AND NOT (s.nspname = 'public' AND c.relname IN ('strata_migrations', 'strata_migrations_pkey'))
    AND c.relkind <> 't'
  UNION ALL
  SELECT format('type (%s) %s.%s', t.typtype, s.nspname, t.typname)
  FROM pg_type t JOIN user_schema s ON s.oid = t.typnamespace
  WHERE t.oid NOT IN (SELECT objid FROM extension_member)
    AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND t.typelem = 0
    AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  UNION ALL
  SELECT format('function %s.%s', s.nspname, p.proname)
  FROM pg_proc p JOIN user_schema s ON s.oid = p.pronamespace
  WHERE p.oid NOT IN (SELECT objid FROM extension_member)
  UNION ALL
  SELECT format('schema %s', nspname) FROM user_schema WHERE nspname <> 'public'
  UNION ALL
  SELECT format('extension %s', extname) FROM pg_extension WHERE extname <> 'plpgsql'
) objects(description)
ORDER BY 1
"#;

#[test]
fn a_dump_is_normalised_into_sorted_statements() {
    let dump = "--\n-- PostgreSQL database dump\n--\n\n\\restrict AbC123\n\n\
        -- Dumped from database version 15.20\n\
        SET statement_timeout = 0;\n\
        SELECT pg_catalog.set_config('search_path', '', false);\n\n\
        --\n-- Name: t; Type: TABLE; Schema: public; Owner: postgres\n--\n\n\
        CREATE TABLE public.t (\n    a integer\n);\n\n\
        --\n-- TOC entry 215 (class 1259 OID 16390)\n--\n\
        CREATE FUNCTION public.f() RETURNS integer\n    LANGUAGE sql\n    AS $$ SELECT 1; $$;\n\n\
        COMMENT ON TABLE public.t IS 'in db_1 not db_12';\n\n\
        \\unrestrict AbC123\n";
    assert_eq!(
        normalise(dump, "db_1"),
        vec![
            "COMMENT ON TABLE public.t IS 'in <database> not db_12'",
            "CREATE FUNCTION public.f() RETURNS integer\n    LANGUAGE sql\n    AS $$ SELECT 1; $$",
            "CREATE TABLE public.t (\n    a integer\n)",
        ]
    );
}

#[test]
fn storage_parameters_compare_in_any_order() {
    assert_eq!(
        sort_storage_parameters(
            "CREATE TABLE t (\n    a integer\n)\nWITH (fillfactor='70', autovacuum_enabled='false')"
        ),
        "CREATE TABLE t (\n    a integer\n)\nWITH (autovacuum_enabled='false', fillfactor='70')"
    );
    assert_eq!(
        sort_storage_parameters("CREATE INDEX i ON t USING brin (a) WITH (pages_per_range='32')"),
        "CREATE INDEX i ON t USING brin (a) WITH (pages_per_range='32')"
    );
    let hash = "ALTER TABLE ONLY t ATTACH PARTITION t_1 FOR VALUES WITH (modulus 4, remainder 1)";
    assert_eq!(sort_storage_parameters(hash), hash);
    let odd = "COMMENT ON TABLE t IS 'WITH (b=''x)'', a=1)'";
    assert_eq!(sort_storage_parameters(odd), odd);
}

#[test]
fn the_client_version_is_read_from_pg_dump_version() {
    assert_eq!(
        parse_major("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n"),
        Some(15)
    );
    assert_eq!(parse_major("pg_dump (PostgreSQL) 18.6\n"), Some(18));
    assert_eq!(parse_major("pg_dump (PostgreSQL) 19devel\n"), Some(19));
    assert_eq!(parse_major("something else"), None);
}

#[test]
fn the_pg_dump_chosen_is_not_older_than_the_server() {
    let bin = PgBin::for_server();
    assert!(bin.major >= server_major(), "{bin:?}");
    assert!(bin.psql().is_file(), "{bin:?} has no psql");
}

#[test]
fn a_difference_between_two_databases_is_shown_as_a_diff() {
    let (left, right) = (TestDb::new(), TestDb::new());
    let table = "CREATE TABLE t (id integer PRIMARY KEY, note text);";
    left.execute(table);
    right.execute(table);
    assert_eq!(SchemaDump::of(&left), SchemaDump::of(&right));
    right
        .execute("COMMENT ON COLUMN t.note IS 'free text'; CREATE TABLE strata_migrations (x int)");
    let diff = SchemaDump::of(&left)
        .diff(&SchemaDump::of(&right), "left", "right")
        .expect("a comment differs");
    assert!(diff.contains("--- left"), "{diff}");
    assert!(
        diff.contains("+COMMENT ON COLUMN public.t.note IS 'free text';"),
        "{diff}"
    );
    assert!(!diff.contains("strata_migrations"), "{diff}");
    assert!(user_objects(&left).contains(&"relation (r) public.t".to_string()));
    assert!(user_objects(&TestDb::new()).is_empty());
}
