//! Finding the project (issue 16, item 2) and `init` (item 7): every command works from any
//! directory inside a project, `-C` still wins, `init` never nests a project inside another and
//! writes a commented example schema that, uncommented, goes from `generate` to `rollback`.

use crate::support::*;

const USERS: &str = "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\n";

/// A project with one generated migration.
fn generated_project() -> TempProject {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project.write("strata.toml", "");
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project
}

/// `status --json` run in `dir` against `db`.
fn status_json(dir: &std::path::Path, db: &TestDb) -> serde_json::Value {
    let url = db.url();
    let run = strata_in(dir, &["status", "--json"], &[("DATABASE_URL", &url)]);
    run.expect_code(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn issue_16_status_from_a_subdirectory_reads_the_project_above() {
    let project = generated_project();
    let db = TestDb::new();
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", &db.url())])
        .expect_code(0);
    let deep = project.path().join("schema/nested");
    std::fs::create_dir_all(&deep).unwrap();
    for dir in [project.path().join("migrations"), deep] {
        let report = status_json(&dir, &db);
        assert_eq!(
            report["summary"]["applied"],
            1,
            "from {}: {report}",
            dir.display()
        );
        assert_eq!(report["summary"]["unknown_to_journal"], 0, "{report}");
    }
}

#[test]
fn issue_16_generate_from_a_subdirectory_writes_into_the_project() {
    let project = generated_project();
    project.write(
        "schema/posts.toml",
        "[table.posts.columns]\nid = { type = \"integer\", primary_key = true }\n",
    );
    let run = strata_in(
        &project.path().join("schema"),
        &["generate", "--name", "posts"],
        &[],
    );
    run.expect_code(0);
    // Paths are shown relative to where the user is.
    assert!(
        run.stdout.contains("../migrations/0001_posts.up.sql"),
        "{}",
        run.stdout
    );
    assert!(project.path().join("migrations/0001_posts.up.sql").exists());
    assert!(!project.path().join("schema/migrations").exists());
    assert!(!project.path().join("schema/journal.json").exists());
}

#[test]
fn without_strata_toml_the_journal_or_the_schema_directory_marks_the_project() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    let schema_dir = project.path().join("schema");
    // Found through schema/*.toml: generate writes next to schema/, not inside it.
    strata_in(&schema_dir, &["generate", "--name", "init"], &[]).expect_code(0);
    assert!(project.path().join("journal.json").exists());
    // Found through journal.json, from a directory that holds nothing of a project.
    let deeper = project.path().join("migrations");
    let run = strata_in(&deeper, &["check"], &[]);
    run.expect_code(0);
    assert!(run.stdout.contains("1 migration,"), "{}", run.stdout);
}

#[test]
fn dash_c_wins_over_the_project_found_upward() {
    let outer = generated_project();
    let other = TempProject::with_schema(&[("users.toml", USERS)]);
    let run = strata_in(
        &outer.path().join("schema"),
        &["-C", other.path().to_str().unwrap(), "check", "--json"],
        &[],
    );
    // The other project has no history: its schema is pending there, unlike in `outer`.
    run.expect_code(1);
    assert!(
        run.stdout.contains("pending_schema_changes"),
        "{}",
        run.stdout
    );
}

#[test]
fn issue_16_init_refuses_to_nest_inside_a_project() {
    let project = generated_project();
    let sub = project.path().join("schema/sub");
    std::fs::create_dir_all(&sub).unwrap();
    let run = strata_in(&sub, &["init"], &[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is inside the strata project")
            && run.stderr.contains("it holds strata.toml")
            && run.stderr.contains("--allow-nested"),
        "{}",
        run.stderr
    );
    assert!(!sub.join("strata.toml").exists());
    assert!(!sub.join("schema").exists());
    // -C to a directory inside the project is refused too; --allow-nested lets it through.
    let run = project.strata(&["-C", "tools/db", "init"]);
    run.expect_code(2);
    assert!(!project.path().join("tools").exists());
    project
        .strata(&["-C", "tools/db", "init", "--allow-nested"])
        .expect_code(0);
    assert!(project.path().join("tools/db/strata.toml").exists());
    // Re-running init at the project's own root only fills in what is missing.
    let run = project.strata(&["init"]);
    run.expect_code(0);
    assert!(run.stdout.contains("kept strata.toml"), "{}", run.stdout);
}

#[test]
fn init_writes_a_commented_example_schema_that_applies_and_rolls_back() {
    let project = TempProject::new();
    let run = project.strata(&["init"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("created schema/example.toml"),
        "{}",
        run.stdout
    );
    // Commented out: the new project's schema is empty.
    let run = project.strata(&["generate", "--name", "init"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    // Uncommented as its header says (remove the "# " in front of the lines below it), it
    // goes from generate to rollback.
    let example = project.read("schema/example.toml");
    let (header, body) = example.split_once("\n\n").expect("a header");
    assert!(header.lines().all(|l| l.starts_with("# ")), "{header}");
    let body: String = body
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
        .map(|l| format!("{l}\n"))
        .collect();
    project.write("schema/example.toml", &body);
    let run = project.strata(&["generate", "--name", "init"]);
    run.expect_code(0);
    assert!(run.stdout.contains("table notes: added"), "{}", run.stdout);
    let db = TestDb::new();
    let env = [("DATABASE_URL", db.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    project.strata_env(&["migrate"], &env).expect_code(0);
    project.strata_env(&["verify"], &env).expect_code(0);
    let run = project.strata_env(&["rollback"], &env);
    run.expect_code(0);
    assert!(
        run.stdout.contains("1 migration rolled back"),
        "{}",
        run.stdout
    );
    assert!(db.query_strings("SELECT to_regclass('public.notes')::text")[0] == "NULL");
}

#[test]
fn init_writes_no_example_next_to_an_existing_schema() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project.strata(&["init"]).expect_code(0);
    assert!(!project.path().join("schema/example.toml").exists());
}

/// Issue 16, done when: the README's "Getting started", followed literally, works from `init`
/// to a first rollback. The block is run as written by bash, with only what a reader would
/// change for their machine: the server's address (the test server's), a database name of its
/// own (tests run in parallel) and `strata` on the PATH (this build).
#[test]
fn the_readme_getting_started_runs_as_written() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Getting started\n")
        .nth(1)
        .expect("a Getting started section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a sh block in Getting started");
    for step in [
        "strata init",
        "strata migrate",
        "strata rollback",
        "strata check",
    ] {
        assert!(block.contains(step), "the walkthrough lost `{step}`");
    }
    let (host, port) = server_host_port();
    let database = unique_name("hello_strata");
    let script = block
        .replace("hello_strata", &database)
        .replace("127.0.0.1:5432", &format!("{host}:{port}"))
        .replace("-h 127.0.0.1", &format!("-h {host} -p {port}"));
    let _drop = DropDatabase(database.clone());
    let dir = TempProject::new();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_strata"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("bash")
        .args(["-e", "-c", &script])
        .current_dir(dir.path())
        .env("PATH", path)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script}\n{stdout}\n{stderr}");
    assert!(stdout.contains("applied 0000_init"), "{stdout}");
    assert!(stdout.contains("rolled back 0001_todo_done"), "{stdout}");
    assert!(
        stdout.contains("| 0001 | 0001_todo_done | pending |"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "ok: 2 migrations, files match the journal, schema matches the last snapshot"
        ),
        "{stdout}"
    );
}

/// Drops the walkthrough's database when the test ends, pass or fail.
struct DropDatabase(String);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let name = self.0.clone();
        // Its own thread: Drop may run while a panic unwinds through a runtime.
        let _ = std::thread::spawn(move || {
            block_on(async {
                let client = connect(&server_config()).await;
                let sql = format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    strata::sql::quote::ident(&name)
                );
                let _ = client.batch_execute(&sql).await;
            })
        })
        .join();
    }
}
