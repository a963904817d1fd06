//! verify, diff and push against the real server, and check on a forked history.

use crate::support::*;

/// A database migrated to the example project's latest migration.
fn example_db() -> (TestDb, String) {
    let db = TestDb::new();
    let url = db.url();
    strata_in(
        &repo_root(),
        &["migrate"],
        &[("DATABASE_URL", url.as_str())],
    )
    .expect_code(0);
    (db, url)
}

fn verify(url: &str, args: &[&str]) -> Run {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    strata_in(&repo_root(), &all, &[("DATABASE_URL", url)])
}

#[test]
fn verify_passes_on_a_freshly_migrated_database() {
    let (_db, url) = example_db();
    let run = verify(&url, &[]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("matches 0005_audit_text_ids"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_names_every_hand_made_change_and_its_fix_restores_the_schema() {
    let cases = [
        (
            "DROP INDEX posts_visibility_idx",
            "index posts.posts_visibility_idx: removed",
        ),
        (
            "ALTER TABLE posts ADD COLUMN extra int",
            "column posts.extra: added (integer)",
        ),
        (
            "ALTER TYPE topic ADD VALUE 'jobs'",
            "enum topic: value \"jobs\" added",
        ),
        (
            "ALTER TABLE auth ALTER COLUMN banned SET DEFAULT true",
            "column auth.banned: default false -> true",
        ),
        (
            "ALTER TABLE session ALTER COLUMN ip_address SET NOT NULL",
            "column session.ip_address: not null added",
        ),
        (
            "ALTER TABLE votes DROP CONSTRAINT \"votes_userId_fkey\"",
            "foreign key votes.votes_userId_fkey: removed",
        ),
        ("DROP TABLE bookmarks", "table bookmarks: removed"),
        (
            "ALTER TABLE platform_user DROP CONSTRAINT platform_user_branch_check",
            "check platform_user.platform_user_branch_check: removed",
        ),
    ];
    let (db, url) = example_db();
    for (sql, expected) in cases {
        db.execute(sql);
        let run = verify(&url, &[]);
        run.expect_code(1);
        assert!(
            run.stdout.contains(expected),
            "{sql}: expected `{expected}` in\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("--- expected (snapshot)"),
            "{}",
            run.stdout
        );
        let json = verify(&url, &["--json"]);
        json.expect_code(1);
        let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(report["drift"], true);
        assert!(
            report["differences"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d == expected),
            "{}",
            json.stdout
        );
        let fix = verify(&url, &["--fix-sql"]);
        apply(&db, &fix.stdout, sql);
        verify(&url, &[]).expect_code(0);
    }
}

#[test]
fn diff_between_two_databases_turns_one_into_the_other() {
    let (from_db, from_url) = example_db();
    let to_db = TestDb::new();
    let to_url = to_db.url();
    // The target: the example at 0002 plus hand-made changes.
    strata_in(
        &repo_root(),
        &["migrate", "--to", "0002_branches_table"],
        &[("DATABASE_URL", to_url.as_str())],
    )
    .expect_code(0);
    to_db.execute(
        "CREATE TABLE extra (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'x');
         CREATE INDEX extra_name ON extra (lower(name));
         ALTER TABLE posts ADD CONSTRAINT posts_title_check CHECK (length(title) > 0);
         DROP TABLE strata_migrations;",
    );
    from_db.execute("DROP TABLE strata_migrations");
    let run = strata_in(
        &repo_root(),
        &["diff", "--from", &from_url, "--to", &to_url],
        &[],
    );
    run.expect_code(0);
    apply(&from_db, &run.stdout, "diff");
    assert!(inspect(&from_db).equivalent(&inspect(&to_db)));
}

#[test]
fn diff_from_a_schema_directory_to_a_database_and_between_snapshots() {
    let db = TestDb::new();
    let run = strata_in(
        &repo_root(),
        &["diff", "--from", &db.url(), "--to", "schema"],
        &[],
    );
    run.expect_code(0);
    apply(&db, &run.stdout, "diff");
    let expected = canonicalize(&parse_dir(&repo_root().join("schema")).schema);
    assert!(inspect(&db).equivalent(&expected));
    let run = strata_in(
        &repo_root(),
        &[
            "diff",
            "--from",
            "snapshots/0004_college_requests.json",
            "--to",
            "snapshots/0005_audit_text_ids.json",
        ],
        &[],
    );
    run.expect_code(0);
    assert!(
        run.stdout.contains("ALTER COLUMN \"actor_id\" TYPE text"),
        "{}",
        run.stdout
    );
}

#[test]
fn push_makes_a_database_match_the_schema_and_guards_destructive_changes() {
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let project = TempProject::with_schema(&[(
        "s.toml",
        "[table.t.columns]\nid = { type = \"int\", primary_key = true }\nname = { type = \"text\" }\n[table.t.checks]\nt_id_check = \"id > 0\"\n",
    )]);
    project.strata_env(&["push"], &env).expect_code(0);
    let again = project.strata_env(&["push"], &env);
    again.expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    project.write(
        "schema/s.toml",
        "[table.t.columns]\nid = { type = \"int\", primary_key = true }\n",
    );
    let refused = project.strata_env(&["push"], &env);
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("--allow-destructive"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        db.query_strings("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"),
        vec!["2"]
    );
    project
        .strata_env(&["push", "--allow-destructive"], &env)
        .expect_code(0);
    assert_eq!(
        db.query_strings("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"),
        vec!["1"]
    );
    assert_eq!(
        project
            .files()
            .iter()
            .filter(|p| p.starts_with("migrations"))
            .count(),
        0
    );
}

#[test]
fn check_catches_a_forked_history_from_two_branches() {
    let base = "[table.t.columns]\nid = { type = \"int\" }\n";
    let main = TempProject::with_schema(&[("s.toml", base)]);
    main.strata(&["generate", "--name", "init"]).expect_code(0);
    // Branch A and branch B each generate the next migration from 0000.
    let branch = TempProject::new();
    for file in main.files() {
        let path = file.display().to_string();
        branch.write(&path, &main.read(&path));
    }
    main.write(
        "schema/a.toml",
        "[table.a.columns]\nid = { type = \"int\" }\n",
    );
    main.strata(&["generate", "--name", "add_a"]).expect_code(0);
    branch.write(
        "schema/b.toml",
        "[table.b.columns]\nid = { type = \"int\" }\n",
    );
    branch
        .strata(&["generate", "--name", "add_b"])
        .expect_code(0);
    // The merge: B's files land next to A's; the journal keeps both entries.
    for file in [
        "migrations/0001_add_b.up.sql",
        "migrations/0001_add_b.down.sql",
        "snapshots/0001_add_b.json",
        "schema/b.toml",
    ] {
        main.write(file, &branch.read(file));
    }
    let mut journal: serde_json::Value = serde_json::from_str(&main.read("journal.json")).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(&branch.read("journal.json")).unwrap();
    journal["entries"]
        .as_array_mut()
        .unwrap()
        .push(theirs["entries"][1].clone());
    main.write(
        "journal.json",
        &serde_json::to_string_pretty(&journal).unwrap(),
    );
    let run = main.strata(&["check"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("0001_add_a and 0001_add_b"),
        "{}",
        run.stdout
    );
    let json = main.strata(&["check", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"forked_history"), "{kinds:?}");
    // The documented fix: keep A, regenerate B on top.
    let journal: serde_json::Value = serde_json::from_str(&main.read("journal.json")).unwrap();
    let mut kept = journal.clone();
    kept["entries"].as_array_mut().unwrap().pop();
    main.write(
        "journal.json",
        &serde_json::to_string_pretty(&kept).unwrap(),
    );
    for file in [
        "migrations/0001_add_b.up.sql",
        "migrations/0001_add_b.down.sql",
        "snapshots/0001_add_b.json",
    ] {
        std::fs::remove_file(main.path().join(file)).unwrap();
    }
    main.strata(&["generate", "--name", "add_b"]).expect_code(0);
    main.strata(&["check"]).expect_code(0);
    assert!(main.read("migrations/0002_add_b.up.sql").contains("\"b\""));
}

#[test]
fn diff_between_two_schema_directories_normalises_through_the_configured_server() {
    // A hand-written check and the same check pulled back differed textually: `diff` showed a
    // DROP + ADD CONSTRAINT for nothing.
    let written = TempProject::with_schema(&[(
        "s.toml",
        "[table.posts.columns]\nid = { type = \"bigint\", primary_key = true }\n\
         title = { type = \"text\" }\n\n[table.posts.checks]\n\
         posts_title_length = \"length(title) between 1 and 200\"\n",
    )]);
    written
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    written.strata_env(&["migrate"], &env).expect_code(0);
    let pulled = TempProject::new();
    pulled.strata_env(&["pull"], &env).expect_code(0);
    assert!(
        pulled.read("schema/posts.toml").contains(">= 1"),
        "the server's spelling is pulled: {}",
        pulled.read("schema/posts.toml")
    );
    let pulled_dir = pulled.path().join("schema");
    let pulled_dir = pulled_dir.to_str().unwrap();
    let args = ["diff", "--from", "schema", "--to", pulled_dir];

    let run = written.strata_env(&args, &env);
    run.expect_code(0);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    assert!(
        !run.stderr.contains("compared as written"),
        "{}",
        run.stderr
    );

    // As written: the difference in spelling shows, and it says so.
    let run = written.strata(&args);
    run.expect_code(0);
    assert!(run.stdout.contains("posts_title_length"), "{}", run.stdout);
    assert!(
        run.stderr.contains("note: compared as written"),
        "{}",
        run.stderr
    );
    let run = written.strata_env(&[&args[..], &["--textual"]].concat(), &env);
    run.expect_code(0);
    assert!(run.stdout.contains("posts_title_length"), "{}", run.stdout);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}
