//! `strata baseline` on databases that strata did not create (issue 15, item 1).

use crate::import_support::strata_on;
use crate::support::*;

/// A schema made by hand, as a team's existing database holds it.
const EXISTING: &str = "
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  mood mood NOT NULL DEFAULT 'ok'
);
CREATE TABLE notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (body <> '')
);
CREATE INDEX notes_user_idx ON notes (user_id);
INSERT INTO users (email, mood) VALUES ('ada@example.com', 'happy');
INSERT INTO notes (user_id, body) SELECT id, 'hello' FROM users;
";

fn existing_db() -> TestDb {
    let db = TestDb::new();
    db.execute(EXISTING);
    db
}

#[test]
fn an_existing_database_is_baselined_and_its_copies_follow() {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let dev = existing_db();

    let run = strata_on(&project, &dev, &["baseline"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Wrote 0000_baseline"), "{}", run.stdout);
    assert!(
        run.stdout.contains("0000_baseline recorded as applied"),
        "{}",
        run.stdout
    );
    assert!(project.read("schema/users.toml").contains("email"));
    project.strata(&["check"]).expect_code(0);
    strata_on(&project, &dev, &["verify"]).expect_code(0);
    let migrate = strata_on(&project, &dev, &["migrate"]);
    migrate.expect_code(0);
    assert!(
        migrate.stdout.contains("Nothing to apply"),
        "{}",
        migrate.stdout
    );
    assert_eq!(
        dev.query_strings("SELECT duration_ms FROM strata_migrations"),
        ["0"],
        "recorded, not run"
    );

    // Staging, a copy of the same schema, is baselined the same way with the same migration.
    let staging = existing_db();
    let run = strata_on(&project, &staging, &["baseline"]);
    run.expect_code(0);
    assert!(!run.stdout.contains("Wrote"), "{}", run.stdout);
    strata_on(&project, &staging, &["verify"]).expect_code(0);
    // Again: nothing to do.
    let again = strata_on(&project, &staging, &["baseline"]);
    again.expect_code(0);
    assert!(
        again.stdout.contains("already baselined"),
        "{}",
        again.stdout
    );

    // A fresh database is refused (it gets the full migration), then migrated.
    let fresh = TestDb::new();
    let refused = strata_on(&project, &fresh, &["baseline"]);
    refused.expect_code(1);
    assert!(
        refused.stdout.contains("strata migrate"),
        "{}",
        refused.stdout
    );
    strata_on(&project, &fresh, &["migrate"]).expect_code(0);
    strata_on(&project, &fresh, &["verify"]).expect_code(0);

    // All three continue together.
    let users = project.read("schema/users.toml");
    project.write(
        "schema/users.toml",
        &users.replace(
            "[table.users.columns]\n",
            "[table.users.columns]\nbio = { type = \"text\" }\n",
        ),
    );
    project
        .strata(&["generate", "--name", "bio"])
        .expect_code(0);
    for db in [&dev, &staging, &fresh] {
        strata_on(&project, db, &["migrate"]).expect_code(0);
        strata_on(&project, db, &["verify"]).expect_code(0);
    }
    assert_eq!(dev.query_strings("SELECT body FROM notes"), ["hello"]);
}

/// `strata init` writes a commented example into schema/; TOML that declares nothing is no
/// schema, so baseline pulls the database instead of refusing it as different from an empty
/// schema (the failure behind `an_existing_database_is_baselined_and_its_copies_follow`).
#[test]
fn schema_files_that_declare_nothing_do_not_stop_the_pull() {
    let project = TempProject::with_schema(&[(
        "notes.toml",
        "# Tables go here.\n# [table.t.columns]\n# id = { type = \"integer\" }\n",
    )]);
    let db = TestDb::new();
    db.execute("CREATE TABLE t (id integer PRIMARY KEY, name text)");
    let run = strata_on(&project, &db, &["baseline"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Wrote 0000_baseline"), "{}", run.stdout);
    assert!(project.read("schema/t.toml").contains("name"));
    assert!(
        project
            .read("schema/notes.toml")
            .starts_with("# Tables go here."),
        "the commented file is left as it was"
    );
    project.strata(&["check"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
}

#[test]
fn a_database_that_differs_from_the_schema_is_refused_with_the_differences() {
    let project = TempProject::with_schema(&[(
        "users.toml",
        "[enum.mood]\nvalues = [\"sad\", \"ok\", \"happy\"]\n\n[table.users.columns]\n\
         id = { type = \"bigint\", primary_key = true, identity = \"always\" }\n\
         email = { type = \"text\", not_null = true, unique = true }\n\
         mood = { type = \"mood\", not_null = true, default = \"ok\" }\n\
         nickname = { type = \"text\" }\n",
    )]);
    let db = TestDb::new();
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
         CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           email text NOT NULL UNIQUE, mood mood NOT NULL DEFAULT 'ok')",
    );
    let before = project.files();
    let run = strata_on(&project, &db, &["baseline"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("refusing to baseline"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("column users.nickname"),
        "{}",
        run.stdout
    );
    assert_eq!(project.files(), before, "nothing written");
    assert_eq!(
        db.query_strings("SELECT to_regclass('strata_migrations')::text"),
        ["NULL"]
    );

    db.execute("ALTER TABLE users ADD COLUMN nickname text");
    strata_on(&project, &db, &["baseline"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
}

#[test]
fn baseline_to_a_later_migration_records_every_one_up_to_it() {
    let project = TempProject::with_schema(&[(
        "t.toml",
        "[table.t.columns]\nid = { type = \"integer\", primary_key = true }\n",
    )]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write(
        "schema/t.toml",
        "[table.t.columns]\nid = { type = \"integer\", primary_key = true }\nname = { type = \"text\" }\n",
    );
    project
        .strata(&["generate", "--name", "name"])
        .expect_code(0);
    let db = TestDb::new();
    db.execute("CREATE TABLE t (id integer PRIMARY KEY, name text)");
    let first = strata_on(&project, &db, &["baseline"]);
    first.expect_code(1);
    assert!(first.stdout.contains("--to TAG"), "{}", first.stdout);
    strata_on(&project, &db, &["baseline", "--to", "0001_name"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT tag FROM strata_migrations ORDER BY idx"),
        ["0000_init", "0001_name"]
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);
    let unknown = strata_on(&project, &db, &["baseline", "--to", "0009_x"]);
    unknown.expect_code(2);
}

#[test]
fn a_database_strata_already_migrated_is_not_baselined() {
    let project = TempProject::with_schema(&[(
        "t.toml",
        "[table.t.columns]\nid = { type = \"integer\", primary_key = true }\n",
    )]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write(
        "schema/t.toml",
        "[table.t.columns]\nid = { type = \"integer\", primary_key = true }\nname = { type = \"text\" }\n",
    );
    project
        .strata(&["generate", "--name", "name"])
        .expect_code(0);
    let db = TestDb::new();
    strata_on(&project, &db, &["migrate", "--to", "0000_init"]).expect_code(0);
    let run = strata_on(&project, &db, &["baseline", "--to", "0001_name"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("already has a strata history"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_database_and_an_empty_project_have_nothing_to_baseline() {
    let project = TempProject::new();
    let db = TestDb::new();
    let run = strata_on(&project, &db, &["baseline"]);
    run.expect_code(2);
    assert!(run.stderr.contains("nothing to baseline"), "{}", run.stderr);
    assert!(project.files().is_empty());
}

#[test]
fn no_password_in_baseline_output() {
    let project = TempProject::new();
    let run = project.strata(&[
        "baseline",
        "--database-url",
        "postgres://someone:hunter2@127.0.0.1:1/nowhere",
    ]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        !run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"),
        "{run:?}"
    );
}
