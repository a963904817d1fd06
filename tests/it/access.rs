//! Triggers, row-level security, policies and grants against the real server: a trigger
//! calling a function the schema declares, drift that `verify` names, and a grant to a role
//! that does not exist.

use crate::support::*;

const SCHEMA: &str = r#"
[table.items]
row_level_security = "forced"
grants = { PUBLIC = ["SELECT"] }
[table.items.columns]
id = { type = "bigint", primary_key = true }
name = { type = "text", not_null = true, grants = { pg_monitor = ["UPDATE"] } }
touched = { type = "boolean", not_null = true, default = false }
[table.items.triggers]
items_touch = { timing = "before", events = ["update"], for_each = "row", function = "touch_item", when = "OLD.name IS DISTINCT FROM NEW.name" }
[table.items.policies]
items_read = { command = "select", using = "true" }
"#;

/// The trigger function, declared beside the table: created before it, dropped after it.
const FUNCTION: &str = r#"
[function.touch_item]
returns = "trigger"
language = "plpgsql"
body = " BEGIN NEW.touched := true; RETURN NEW; END "
"#;

#[test]
fn a_trigger_calling_a_declared_function_fires_after_migrate() {
    let project = TempProject::with_schema(&[("items.toml", SCHEMA), ("functions.toml", FUNCTION)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", url.as_str())])
        .expect_code(0);
    db.execute("INSERT INTO items (id, name) VALUES (1, 'a'); UPDATE items SET name = 'b'");
    assert_eq!(
        db.query_strings("SELECT touched::text FROM items"),
        ["true"]
    );
    // The model read back from the database is the schema's, but for the server's spelling
    // of the condition (which `verify` compares through a scratch database).
    let mut parsed = parse_dir(&project.path().join("schema")).schema;
    let mut read = inspect(&db);
    assert_eq!(
        read.tables[0].triggers[0].when.take().as_deref(),
        Some("(old.name IS DISTINCT FROM new.name)")
    );
    parsed.tables[0].triggers[0].when = None;
    assert_eq!(read, parsed);
    project
        .strata_env(
            &["rollback", "--steps", "1"],
            &[("DATABASE_URL", url.as_str())],
        )
        .expect_code(0);
    assert!(
        db.query_strings("SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal")
            .is_empty()
    );
    assert!(
        db.query_strings("SELECT proname::text FROM pg_proc WHERE proname = 'touch_item'")
            .is_empty()
    );
}

#[test]
fn verify_names_hand_made_changes_to_triggers_policies_and_grants() {
    let schema = SCHEMA.replace("touch_item", "suppress_redundant_updates_trigger");
    let project = TempProject::with_schema(&[("items.toml", &schema)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let cases = [
        (
            "ALTER TABLE items DISABLE TRIGGER items_touch",
            "trigger items.items_touch: enabled origin -> disabled",
        ),
        (
            "DROP POLICY items_read ON items",
            "policy items.items_read: removed",
        ),
        (
            "ALTER TABLE items NO FORCE ROW LEVEL SECURITY",
            "table items: row-level security forced -> on",
        ),
        (
            "GRANT INSERT ON items TO pg_monitor",
            "table items: INSERT granted to pg_monitor",
        ),
        (
            "REVOKE UPDATE (name) ON items FROM pg_monitor",
            "column items.name: UPDATE revoked from pg_monitor",
        ),
    ];
    for (sql, expected) in cases {
        let db = TestDb::new();
        let url = db.url();
        project
            .strata_env(&["migrate"], &[("DATABASE_URL", url.as_str())])
            .expect_code(0);
        project
            .strata_env(&["verify"], &[("DATABASE_URL", url.as_str())])
            .expect_code(0);
        db.execute(sql);
        let run = project.strata_env(&["verify"], &[("DATABASE_URL", url.as_str())]);
        run.expect_code(1);
        assert!(run.stdout.contains(expected), "{sql}:\n{}", run.stdout);
    }
}

#[test]
fn a_grant_to_a_missing_role_fails_at_migrate_naming_it() {
    let schema = r#"
[table.t]
grants = { strata_no_such_role = ["SELECT"] }
[table.t.columns]
id = { type = "bigint" }
"#;
    let project = TempProject::with_schema(&[("t.toml", schema)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", url.as_str())]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("strata_no_such_role"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn an_unknown_privilege_exits_2_with_its_place() {
    let schema = "[table.t]\ngrants = { app = [\"SELECT\", \"DROP\"] }\n[table.t.columns]\nid = { type = \"bigint\" }\n";
    let project = TempProject::with_schema(&[("t.toml", schema)]);
    let run = project.strata(&["generate"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("t.toml:2:29") && run.stderr.contains("unknown privilege `DROP`"),
        "{}",
        run.stderr
    );
}

#[test]
fn pull_names_the_grants_it_cannot_write() {
    let db = TestDb::new();
    db.execute(
        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, v text); \
         GRANT USAGE ON SEQUENCE t_id_seq TO pg_monitor; \
         GRANT SELECT ON t TO pg_monitor",
    );
    let project = TempProject::new();
    let url = db.url();
    let run = project.strata_env(&["pull"], &[("DATABASE_URL", url.as_str())]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("privileges public.t_id_seq") && !run.stderr.contains("public.t,"),
        "{}",
        run.stderr
    );
    assert!(
        project
            .read("schema/t.toml")
            .contains("grants = { pg_monitor = [\"SELECT\"] }")
    );
}
