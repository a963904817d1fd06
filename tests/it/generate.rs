//! `generate` and `check` through the CLI, and the example project on a real database.

use crate::support::*;

const USERS: &str = r#"
[enum.status]
values = ["on", "off"]

[table.users.columns]
id     = { type = "integer", primary_key = true }
email  = { type = "text", not_null = true, unique = true }
status = { type = "status", not_null = true, default = "on" }
"#;

const POSTS: &str = r#"
[table.posts.columns]
id      = { type = "integer", primary_key = true }
user_id = { type = "integer", not_null = true, references = "users(id)", on_delete = "cascade" }

[table.posts.indexes]
posts_user_id_idx = { columns = ["user_id"] }
"#;

#[test]
fn generate_writes_migration_snapshot_and_journal_then_check_passes() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    let run = project.strata(&["generate", "--name", "init"]);
    run.expect_code(0);
    let files: Vec<String> = project
        .files()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    for expected in [
        "journal.json",
        "migrations/0000_init.down.sql",
        "migrations/0000_init.up.sql",
        "snapshots/0000_init.json",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} in {files:?}"
        );
    }
    let up = project.read("migrations/0000_init.up.sql");
    assert!(up.contains("CREATE TABLE \"public\".\"users\""), "{up}");
    let journal: serde_json::Value = serde_json::from_str(&project.read("journal.json")).unwrap();
    assert_eq!(journal["entries"][0]["tag"], "0000_init");
    assert_eq!(
        journal["entries"][0]["up_sha256"],
        strata::migrate::checksum::text_sha256(&up)
    );
    project.strata(&["check"]).expect_code(0);
}

#[test]
fn generate_without_changes_writes_nothing() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let before = project.files();
    let journal = project.read("journal.json");
    let run = project.strata(&["generate", "--name", "again"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    assert_eq!(project.files(), before);
    assert_eq!(project.read("journal.json"), journal);
}

#[test]
fn second_generate_diffs_against_the_last_snapshot() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write("schema/posts.toml", POSTS);
    project.strata(&["check"]).expect_code(1);
    project
        .strata(&["generate", "--name", "posts"])
        .expect_code(0);
    let up = project.read("migrations/0001_posts.up.sql");
    assert!(up.contains("\"posts\""), "{up}");
    assert!(!up.contains("CREATE TABLE \"public\".\"users\""), "{up}");
    project.strata(&["check"]).expect_code(0);
}

#[test]
fn generating_twice_in_fresh_directories_is_byte_identical() {
    let a = TempProject::with_schema(&[("users.toml", USERS), ("posts.toml", POSTS)]);
    let b = TempProject::with_schema(&[("posts.toml", POSTS), ("users.toml", USERS)]);
    a.strata(&["generate", "--name", "init"]).expect_code(0);
    b.strata(&["generate", "--name", "init"]).expect_code(0);
    for file in [
        "migrations/0000_init.up.sql",
        "migrations/0000_init.down.sql",
        "snapshots/0000_init.json",
    ] {
        assert_eq!(a.read(file), b.read(file), "{file} differs");
    }
}

#[test]
fn dry_run_prints_sql_and_writes_nothing() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    let before = project.files();
    let run = project.strata(&["generate", "--dry-run"]);
    run.expect_code(0);
    assert!(run.stdout.contains("CREATE TABLE"), "{}", run.stdout);
    assert_eq!(project.files(), before);
}

#[test]
fn check_names_an_edited_migration() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let path = "migrations/0000_init.up.sql";
    project.write(path, &format!("{}\n-- edited\n", project.read(path)));
    let run = project.strata(&["check"]);
    run.expect_code(1);
    assert!(run.stdout.contains("0000_init.up.sql"), "{}", run.stdout);
    let json = project.strata(&["check", "--json"]);
    json.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["problems"][0]["kind"], "checksum_mismatch");
}

#[test]
fn example_project_check_passes() {
    strata_in(&repo_root(), &["check"], &[]).expect_code(0);
}

#[test]
fn example_history_applies_step_by_step_and_rolls_back_to_empty() {
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let root = repo_root();
    strata_in(&root, &["migrate"], &env).expect_code(0);
    let tables = db.query_strings(
        "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> 'strata_migrations'",
    );
    assert_eq!(
        tables,
        vec![
            "account,audit_logs,auth,bookmarks,branches,college_branches,college_requests,\
             colleges,comments,platform_user,posts,session,two_factor,verification,votes"
        ]
    );
    let journal = strata::migrate::journal::Journal::load(&root.join("journal.json")).unwrap();
    let steps = journal.entries.len().to_string();
    strata_in(&root, &["rollback", "--steps", &steps], &env).expect_code(0);
    let left = db.query_strings(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' \
         AND table_name <> 'strata_migrations'",
    );
    assert_eq!(left, vec!["0"]);
    let types = db.query_strings(
        "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE n.nspname = 'public' AND t.typtype = 'e'",
    );
    assert_eq!(types, vec!["0"]);
}

/// A migration that needs more locks than a default server gives one transaction (2,000 tables
/// failed with "out of shared memory" at table 1,389) is marked non-transactional, says why,
/// and applies on a default server in batches.
#[test]
fn a_migration_too_big_for_one_transaction_applies_in_batches() {
    let mut schema = String::new();
    for i in 0..1200 {
        schema.push_str(&format!(
            "[table.t{i}.columns]\nid = {{ type = \"bigint\", identity = \"by default\", primary_key = true }}\ncode = {{ type = \"text\", unique = true }}\n"
        ));
    }
    let project = TempProject::with_schema(&[("big.toml", &schema)]);
    let run = project.strata(&["generate", "--name", "init"]);
    run.expect_code(0);
    assert!(run.stderr.contains("hazard: lock-table"), "{}", run.stderr);
    assert!(run.stdout.contains("too many locks"), "{}", run.stdout);
    let journal: serde_json::Value = serde_json::from_str(&project.read("journal.json")).unwrap();
    assert_eq!(journal["entries"][0]["transactional"], false);
    assert!(
        project
            .read("migrations/0000_init.up.sql")
            .contains("-- hazards:\n--   lock-table")
    );
    let db = TestDb::new();
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("transactions of up to 100"),
        "{}",
        run.stdout
    );
    let count = db.query_strings(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't%'",
    );
    assert_eq!(count, vec!["1200"]);
}

#[test]
fn non_interactive_generate_never_drops_data_without_the_flag() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write(
        "schema/users.toml",
        &USERS.replace(
            "email  = { type = \"text\", not_null = true, unique = true }\n",
            "",
        ),
    );
    let before = project.files();
    let run = project.strata(&["generate", "--name", "drop_email"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("DROP COLUMN users.email deletes its data"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--allow-destructive"), "{}", run.stderr);
    assert_eq!(project.files(), before, "nothing may be written");
    project
        .strata(&["generate", "--name", "drop_email", "--allow-destructive"])
        .expect_code(0);
    let down = project.read("migrations/0001_drop_email.down.sql");
    assert!(
        down.contains("-- note: column users.email is re-created empty"),
        "{down}"
    );
}

#[test]
fn an_unhinted_rename_is_refused_with_the_hint_to_add() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write("schema/users.toml", &USERS.replace("email ", "mail  "));
    let run = project.strata(&["generate", "--name", "rename"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("add renamed_from = \"email\" to column mail of table users"),
        "{}",
        run.stderr
    );
    project.write(
        "schema/users.toml",
        &USERS.replace(
            "email  = { type = \"text\",",
            "mail  = { type = \"text\", renamed_from = \"email\",",
        ),
    );
    project
        .strata(&["generate", "--name", "rename"])
        .expect_code(0);
    let up = project.read("migrations/0001_rename.up.sql");
    assert!(up.contains("RENAME COLUMN \"email\" TO \"mail\""), "{up}");
}

#[test]
fn an_enum_value_added_and_used_in_one_migration_runs_outside_a_transaction() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let edited = USERS
        .replace(
            "values = [\"on\", \"off\"]",
            "values = [\"on\", \"away\", \"off\"]",
        )
        .replace("default = \"on\"", "default = \"away\"");
    project.write("schema/users.toml", &edited);
    project
        .strata(&["generate", "--name", "away"])
        .expect_code(0);
    let journal: serde_json::Value = serde_json::from_str(&project.read("journal.json")).unwrap();
    assert_eq!(journal["entries"][1]["transactional"], false);
    let up = project.read("migrations/0001_away.up.sql");
    assert!(up.contains("ADD VALUE 'away' BEFORE 'off'"), "{up}");
    let db = TestDb::new();
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", db.url().as_str())]);
    run.expect_code(0);
    assert_eq!(
        db.query_strings(
            "SELECT column_default FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'status'"
        ),
        vec!["'away'::status"]
    );
}

#[test]
fn the_example_history_applies_step_by_step_and_each_down_returns_to_the_step_before() {
    let root = repo_root();
    let journal = strata::migrate::journal::Journal::load(&root.join("journal.json")).unwrap();
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let mut states = vec![inspect(&db)];
    for entry in &journal.entries {
        strata_in(&root, &["migrate", "--to", &entry.tag], &env).expect_code(0);
        let snapshot = strata::schema::snapshot::Snapshot::load(
            &root.join(format!("snapshots/{}.json", entry.tag)),
        )
        .unwrap();
        let actual = inspect(&db);
        assert!(
            actual.equivalent(&canonicalize(&snapshot.schema)),
            "{}: the database differs from its snapshot",
            entry.tag
        );
        states.push(actual);
    }
    for (i, entry) in journal.entries.iter().enumerate().rev() {
        strata_in(&root, &["rollback"], &env).expect_code(0);
        assert!(
            inspect(&db).equivalent(&states[i]),
            "rolling back {} did not return to the state before it",
            entry.tag
        );
    }
}
