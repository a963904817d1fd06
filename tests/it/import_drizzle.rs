//! `strata import drizzle` on folders and databases that drizzle-kit itself produced
//! (tests/fixtures/drizzle, see its README), then `baseline`, `verify` and further migrations.

use crate::import_support::*;
use crate::support::*;

/// Imports the linear fixture into a fresh project.
fn imported(fixture_dir: &str) -> (TempProject, Run) {
    let project = TempProject::new();
    copy_fixture(&project, fixture_dir, "drizzle");
    let run = project.strata(&["import", "drizzle"]);
    (project, run)
}

#[test]
fn a_database_migrated_by_drizzle_kit_switches_to_strata_keeping_its_data() {
    let (project, import) = imported("drizzle/linear");
    import.expect_code(0);
    assert!(
        import.stdout.contains("Imported 3 drizzle migration(s)"),
        "{}",
        import.stdout
    );
    assert!(
        project
            .read("schema/users.toml")
            .contains("users_email_unique")
    );
    assert!(
        project
            .path()
            .join("migrations/imported/drizzle/0002_tags_and_bio.sql")
            .exists()
    );
    assert!(
        project
            .path()
            .join("migrations/imported/drizzle/meta/_journal.json")
            .exists()
    );
    project.strata(&["check"]).expect_code(0);

    let db = restored_db("drizzle/linear.db.sql");
    // drizzle-kit names a composite primary key `likes_user_id_post_id_pk`: the TOML keeps
    // the name, so the database matches without renaming anything.
    assert!(
        project
            .read("schema/likes.toml")
            .contains("name = \"likes_user_id_post_id_pk\""),
        "{}",
        project.read("schema/likes.toml")
    );
    let baseline = strata_on(&project, &db, &["baseline"]);
    baseline.expect_code(0);
    assert!(
        baseline
            .stdout
            .contains("Matched 3 of 3 drizzle migration(s)"),
        "{}",
        baseline.stdout
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT name FROM strata_migrations_imported ORDER BY version"),
        ["0000_init", "0001_likes_and_scores", "0002_tags_and_bio"]
    );
    assert_eq!(
        db.query_strings("SELECT count(*) FROM drizzle.__drizzle_migrations"),
        ["3"],
        "drizzle-kit's own history stays untouched"
    );
    let migrate = strata_on(&project, &db, &["migrate"]);
    migrate.expect_code(0);
    assert!(
        migrate.stdout.contains("Nothing to apply"),
        "{}",
        migrate.stdout
    );

    // Continue with strata: a new column, generated and applied; the data is still there.
    let tags = project.read("schema/tags.toml");
    project.write(
        "schema/tags.toml",
        &tags.replace(
            "[table.tags.columns]\n",
            "[table.tags.columns]\ncolor = { type = \"text\" }\n",
        ),
    );
    project
        .strata(&["generate", "--name", "tag_color"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT name FROM users ORDER BY id"),
        ["Ada", "O'Brien"]
    );
    assert_eq!(db.query_strings("SELECT count(*) FROM tags"), ["2"]);

    // A fresh database gets the whole schema, and is at the same schema.
    let fresh = TestDb::new();
    let empty = strata_on(&project, &fresh, &["baseline"]);
    empty.expect_code(1);
    assert!(
        empty.stdout.contains("the database is empty"),
        "{}",
        empty.stdout
    );
    strata_on(&project, &fresh, &["migrate"]).expect_code(0);
    strata_on(&project, &fresh, &["verify"]).expect_code(0);
}

#[test]
fn a_merged_branch_is_reported_and_its_skipped_migration_blocks_the_baseline() {
    let (project, import) = imported("drizzle/merged");
    import.expect_code(0);
    let out = &import.stdout;
    assert!(
        out.contains("timestamps out of order: 0003_user_bio"),
        "missing the order finding:\n{out}"
    );
    assert!(
        out.contains("0004_after_merge creates table public.tags, which 0002_tags already created"),
        "missing the duplicate-create finding:\n{out}"
    );
    let manifest = project.read("migrations/imported/drizzle.json");
    assert!(manifest.contains("timestamps out of order"), "{manifest}");
    // The schema is the latest snapshot's: both branches.
    assert!(project.read("schema/users.toml").contains("bio"));
    assert!(project.path().join("schema/tags.toml").exists());

    // drizzle-kit left this database at 0002_tags: it skipped 0003 and failed on 0004.
    let db = restored_db("drizzle/merged.db.sql");
    let refused = strata_on(&project, &db, &["baseline"]);
    refused.expect_code(1);
    assert!(
        refused
            .stderr
            .contains("drizzle 0003_user_bio is not applied")
            && refused
                .stderr
                .contains("drizzle 0004_after_merge is not applied"),
        "{}",
        refused.stderr
    );
    // --force skips the history check but never the schema: the column is still missing.
    let forced = strata_on(&project, &db, &["baseline", "--force"]);
    forced.expect_code(1);
    assert!(
        forced.stdout.contains("column users.bio"),
        "{}",
        forced.stdout
    );
    // Brought to the schema by hand, it is baselined with --force and warned about.
    db.execute("ALTER TABLE users ADD COLUMN bio text DEFAULT ''");
    let forced = strata_on(&project, &db, &["baseline", "--force"]);
    forced.expect_code(0);
    assert!(
        forced
            .stderr
            .contains("warning: drizzle 0003_user_bio is not applied"),
        "{}",
        forced.stderr
    );
    assert!(
        forced.stdout.contains("Matched 3 of 5"),
        "{}",
        forced.stdout
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(db.query_strings("SELECT count(*) FROM posts"), ["2"]);
}

#[test]
fn what_drizzle_kit_left_inconsistent_is_reported_not_carried_over() {
    let project = TempProject::new();
    copy_fixture(&project, "drizzle/linear", "drizzle");
    std::fs::remove_file(project.path().join("drizzle/meta/0001_snapshot.json")).unwrap();
    // A check in the latest snapshot that no SQL file creates, and a fork of the chain.
    let latest = project.read("drizzle/meta/0002_snapshot.json");
    let latest = latest.replacen(
        "\"checkConstraints\": {}",
        "\"checkConstraints\": {\"users_email_check\": {\"name\": \"users_email_check\", \"value\": \"email <> ''\"}}",
        1,
    );
    project.write("drizzle/meta/0002_snapshot.json", &latest);
    let run = project.strata(&["import", "drizzle"]);
    run.expect_code(0);
    for expected in [
        "0001_likes_and_scores has no snapshot (meta/0001_snapshot.json is missing)",
        "the snapshot has check users_email_check on",
        "but no migration creates it",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing `{expected}` in\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_drizzle_row_that_matches_no_file_stops_the_baseline() {
    let (project, import) = imported("drizzle/linear");
    import.expect_code(0);
    let db = restored_db("drizzle/linear.db.sql");
    db.execute(
        "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('0bad', 1796121700000)",
    );
    let run = strata_on(&project, &db, &["baseline"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("matches no file (checksum 0bad)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_forked_snapshot_chain_is_reported() {
    let project = TempProject::new();
    copy_fixture(&project, "drizzle/merged", "drizzle");
    // Undo the team's hand fix: 0003 again follows 0001 like 0002 does.
    let second: serde_json::Value =
        serde_json::from_str(&project.read("drizzle/meta/0002_snapshot.json")).unwrap();
    let third = project.read("drizzle/meta/0003_snapshot.json");
    let parent = second["prevId"].as_str().unwrap();
    let third = third.replace(second["id"].as_str().unwrap(), parent);
    project.write("drizzle/meta/0003_snapshot.json", &third);
    let run = project.strata(&["import", "drizzle"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("the snapshots of 0002_tags and 0003_user_bio follow the same parent"),
        "{}",
        run.stdout
    );
}

/// v5 and v6 (written by hand after drizzle-kit's format), a v7 folder with a schema other
/// than public, expression and partial indexes, arrays and jsonb defaults (recorded), and one
/// with free-standing sequences and identity options (recorded; they were left out before).
#[test]
fn snapshots_of_versions_5_to_7_import_to_the_schema_their_sql_creates() {
    for (version, file, expected) in [
        ("v5", "enums.toml", "values = [\"sad\", \"ok\", \"happy\"]"),
        ("v6", "enums.toml", "values = [\"sad\", \"ok\", \"happy\"]"),
        ("audit", "enums.toml", "[enum.\"audit.level\"]"),
        (
            "sequences",
            "sequences.toml",
            "[sequence.ticket_number]\nincrement = 5\nmin_value = 100\nmax_value = 99999\n\
             cycle = true\n",
        ),
        (
            "sequences",
            "invoices.toml",
            "identity = { mode = \"always\", start = 500, increment = 2, cache = 20 }",
        ),
    ] {
        let project = TempProject::new();
        copy_fixture(&project, &format!("drizzle/{version}"), "drizzle");
        let run = project.strata(&["import", "drizzle"]);
        run.expect_code(0);
        assert!(
            !run.stdout.contains("left out"),
            "{version}: {}",
            run.stdout
        );
        let written = project.read(&format!("schema/{file}"));
        assert!(written.contains(expected), "{version}: {written}");
        // The database drizzle-kit's SQL builds is the imported schema.
        let db = TestDb::new();
        let file = std::fs::read_dir(project.path().join("drizzle"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "sql"))
            .unwrap();
        let sql = std::fs::read_to_string(&file).unwrap();
        apply(&db, &sql, version);
        db.execute(
            "CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations \
             (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)",
        );
        let hash = strata::migrate::checksum::bytes_sha256(sql.as_bytes());
        db.execute(&format!(
            "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('{hash}', 1700000000000)"
        ));
        strata_on(&project, &db, &["baseline"]).expect_code(0);
        strata_on(&project, &db, &["verify"]).expect_code(0);
    }
}

#[test]
fn import_refuses_a_project_that_has_a_history_and_a_folder_that_is_not_drizzle_kit() {
    let (project, run) = imported("drizzle/linear");
    run.expect_code(0);
    let again = project.strata(&["import", "drizzle"]);
    again.expect_code(2);
    assert!(
        again.stderr.contains("already lists 1 migration(s)"),
        "{}",
        again.stderr
    );

    let empty = TempProject::new();
    let run = empty.strata(&["import", "drizzle", "--from", "nowhere"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("not a drizzle-kit output folder"),
        "{}",
        run.stderr
    );
    assert!(
        empty.files().is_empty(),
        "nothing written: {:?}",
        empty.files()
    );
}
