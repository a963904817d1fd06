//! Grants on functions and procedures against the real server: `grants` on a function is its
//! whole list (PUBLIC loses EXECUTE unless listed), migrate and rollback apply and undo it,
//! pull writes it back, verify sees hand-made changes, and a database built by hand round
//! trips through pull -> generate -> migrate.

use crate::support::*;

const SCHEMA: &str = r#"
[function.secret]
arguments = ["a integer"]
returns = "integer"
language = "sql"
security = "definer"
body = "SELECT a * 2"
grants = { pg_monitor = ["EXECUTE"] }

[procedure.owner_only]
language = "sql"
body = "SELECT 1"
grants = {}

[function.open]
returns = "integer"
language = "sql"
body = "SELECT 1"
"#;

fn can_execute(db: &TestDb, role: &str, routine: &str) -> bool {
    let sql = format!(
        "SELECT has_function_privilege({}, {}, 'EXECUTE')::text",
        strata::sql::quote::literal(role),
        strata::sql::quote::literal(routine)
    );
    db.query_strings(&sql) == ["true"]
}

#[test]
fn function_grants_migrate_roll_back_pull_and_verify() {
    let project = TempProject::with_schema(&[("functions.toml", SCHEMA)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    assert!(!can_execute(&db, "public", "secret(integer)"));
    assert!(!can_execute(&db, "pg_read_all_data", "secret(integer)"));
    assert!(can_execute(&db, "pg_monitor", "secret(integer)"));
    assert!(!can_execute(&db, "pg_monitor", "owner_only()"));
    assert!(can_execute(&db, "public", "open()"));
    project.strata_env(&["verify"], &env).expect_code(0);

    // pull gives back the same entries.
    let pulled = TempProject::new();
    pulled.strata_env(&["pull"], &env).expect_code(0);
    let text = pulled
        .files()
        .into_iter()
        .filter(|p| p.starts_with("schema"))
        .map(|p| pulled.read(&p.display().to_string()))
        .collect::<String>();
    assert!(
        text.contains("grants = { pg_monitor = [\"EXECUTE\"] }\n")
            && text.contains("grants = {}\n")
            && text.matches("grants").count() == 2,
        "{text}"
    );
    let mut read = inspect(&db);
    read.functions.sort_by_key(|f| f.key());
    let mut parsed = parse_dir(&project.path().join("schema")).schema;
    parsed.functions.sort_by_key(|f| f.key());
    assert_eq!(read.functions, parsed.functions);

    // A change by hand is drift.
    db.execute("GRANT EXECUTE ON FUNCTION secret(integer) TO PUBLIC");
    let run = project.strata_env(&["verify"], &env);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("function secret(a integer): EXECUTE granted to PUBLIC"),
        "{}",
        run.stdout
    );
    db.execute("REVOKE EXECUTE ON FUNCTION secret(integer) FROM PUBLIC");

    project
        .strata_env(&["rollback", "--steps", "1"], &env)
        .expect_code(0);
    assert!(
        db.query_strings(
            "SELECT proname::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
        )
        .is_empty()
    );
}

#[test]
fn changing_function_grants_migrates_and_rolls_back() {
    let project = TempProject::with_schema(&[("functions.toml", SCHEMA)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    // The whole list changes: PUBLIC back, pg_monitor out; the return type changes too
    // (the function is dropped and created again, its grants with it).
    let changed = SCHEMA
        .replace(
            "grants = { pg_monitor = [\"EXECUTE\"] }",
            "grants = { PUBLIC = [\"EXECUTE\"], pg_read_all_data = [\"EXECUTE\"] }",
        )
        .replace(
            "returns = \"integer\"\nlanguage = \"sql\"\nsecurity",
            "returns = \"bigint\"\nlanguage = \"sql\"\nsecurity",
        );
    project.write("schema/functions.toml", &changed);
    project
        .strata(&["generate", "--name", "open_secret"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    assert!(can_execute(&db, "public", "secret(integer)"));
    assert!(can_execute(&db, "pg_read_all_data", "secret(integer)"));
    project.strata_env(&["verify"], &env).expect_code(0);
    project
        .strata_env(&["rollback", "--steps", "1"], &env)
        .expect_code(0);
    assert!(!can_execute(&db, "public", "secret(integer)"));
    assert!(can_execute(&db, "pg_monitor", "secret(integer)"));
    // verify compares with the migration now applied, 0000_init.
    project.strata_env(&["verify"], &env).expect_code(0);
}

#[test]
fn function_grants_round_trip() {
    crate::roundtrip_realistic::round_trip(&["function_grants.sql"]);
}

#[test]
fn pull_names_an_aggregate_with_privileges_as_left_out() {
    let db = TestDb::new();
    db.execute(
        "CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer); \
         REVOKE EXECUTE ON FUNCTION total(integer) FROM PUBLIC",
    );
    let project = TempProject::new();
    let url = db.url();
    let run = project.strata_env(&["pull"], &[("DATABASE_URL", url.as_str())]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("privileges public.total(integer)"),
        "{}",
        run.stderr
    );
}
