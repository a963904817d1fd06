//! The project's files under concurrent and failing writers: the project lock, temporary
//! files, the journal's limits and locations in its errors, `remove`, and `generate`'s output.

use crate::support::*;
use std::process::{Command, Stdio};

const USERS: &str = r#"
[table.users.columns]
id    = { type = "integer", primary_key = true }
email = { type = "text", not_null = true }
"#;

/// A schema of `n` small tables, so that `generate` has real work to do.
fn tables_schema(n: usize) -> String {
    let mut schema = String::new();
    for i in 0..n {
        schema.push_str(&format!(
            "[table.t{i}.columns]\nid = {{ type = \"integer\", primary_key = true }}\nv = {{ type = \"text\" }}\n[table.t{i}.indexes]\nt{i}_v_idx = {{ columns = [\"v\"] }}\n"
        ));
    }
    schema
}

/// Every file whose name ends in `.strata-tmp`.
fn temp_files(project: &TempProject) -> Vec<std::path::PathBuf> {
    project
        .files()
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".strata-tmp"))
        .collect()
}

/// Issue 12, item 12: two `generate`s at once both wrote `0001_*`; one failed after renaming
/// its files into place, and the project was left inconsistent.
#[test]
fn concurrent_generates_write_one_consistent_history() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write("schema/more.toml", &tables_schema(300));
    let children: Vec<_> = (0..6)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_strata"))
                .current_dir(project.path())
                .args(["generate", "--name", &format!("g{i}")])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut wrote = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        if stdout.contains("Wrote ") {
            wrote += 1;
        }
    }
    assert_eq!(wrote, 1, "exactly one generate writes the migration");
    project.strata(&["check"]).expect_code(0);
    assert_eq!(temp_files(&project), Vec::<std::path::PathBuf>::new());
    let journal: serde_json::Value = serde_json::from_str(&project.read("journal.json")).unwrap();
    assert_eq!(journal["entries"].as_array().unwrap().len(), 2);
}

/// Issue 12, item 12: a write that fails (here: the file size limit, as a full disk would)
/// left the temporary file of the failing write behind.
#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let project = TempProject::with_schema(&[("more.toml", &tables_schema(200))]);
    let before = project.files();
    let script = format!(
        "trap '' XFSZ; ulimit -f 8; exec '{}' generate --name big",
        env!("CARGO_BIN_EXE_strata")
    );
    let output = Command::new("sh")
        .current_dir(project.path())
        .args(["-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("writing"), "{stderr}");
    assert_eq!(project.files(), before, "no file may be left behind");
}

/// Issue 12, item 12: stray temporary files (from a killed run) are reported by `check`.
#[test]
fn check_reports_stray_temporary_files() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write(
        "migrations/0001_x.up.sql.4242.strata-tmp",
        "CREATE TABLE x ();\n",
    );
    let run = project.strata(&["check", "--json"]);
    run.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["problems"][0]["kind"], "temp_file", "{}", run.stdout);
    let text = project.strata(&["check"]);
    assert!(
        text.stdout.contains("0001_x.up.sql.4242.strata-tmp"),
        "{}",
        text.stdout
    );
    // The next command that holds the project lock removes it, says so, and goes on.
    project.write("schema/more.toml", &tables_schema(1));
    let run = project.strata(&["generate", "--name", "more"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("removed ")
            && run.stderr.contains(
                "0001_x.up.sql.4242.strata-tmp, a temporary file left by an interrupted strata"
            ),
        "{}",
        run.stderr
    );
    assert!(temp_files(&project).is_empty());
    project.strata(&["check"]).expect_code(0);
}

/// Issue 12, item 12: `generate` built on a history that `check` rejects.
#[test]
fn generate_refuses_a_history_that_check_rejects() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let path = "migrations/0000_init.down.sql";
    project.write(path, &format!("{}-- edited\n", project.read(path)));
    project.write("schema/more.toml", &tables_schema(1));
    let before = project.files();
    let run = project.strata(&["generate", "--name", "next"]);
    run.expect_code(1);
    assert!(run.stderr.contains("0000_init.down.sql"), "{}", run.stderr);
    assert!(run.stderr.contains("strata check"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}

/// generate reads only the chain fields of the snapshots before the last (reading each
/// whole made it eight times slower on a long history of a large project): a broken chain or
/// a fork there still stops it, and the content of those snapshots is left to `check`.
#[test]
fn generate_follows_the_chain_of_earlier_snapshots_and_check_reads_them_whole() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write("schema/more.toml", &tables_schema(1));
    project
        .strata(&["generate", "--name", "more"])
        .expect_code(0);
    project.write(
        "schema/even_more.toml",
        &tables_schema(2).replace("t0", "u0"),
    );
    let first = project.read("snapshots/0000_init.json");

    // An earlier snapshot's content edited (its header intact): check reads it whole and
    // reports it.
    let edited = first.replace("\"users\"", "\"userz\"");
    assert_ne!(edited, first);
    project.write("snapshots/0000_init.json", &edited);
    let check = project.strata(&["check"]);
    check.expect_code(1);
    assert!(check.stdout.contains("0000_init.json"), "{}", check.stdout);
    project.write("snapshots/0000_init.json", &first);

    // A broken chain: the second snapshot's parent is not the first.
    let second = project.read("snapshots/0001_more.json");
    let id = first
        .lines()
        .find_map(|l| l.trim().strip_prefix("\"id\": \""))
        .unwrap()
        .trim_end_matches("\",");
    let broken = second.replace(id, &"0".repeat(64));
    assert_ne!(broken, second);
    project.write("snapshots/0001_more.json", &broken);
    let before = project.files();
    let run = project.strata(&["generate", "--name", "next"]);
    run.expect_code(1);
    assert!(run.stderr.contains("prev_id"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}

/// Issue 12, item 13: the index after u32::MAX wrapped to `0000`.
#[test]
fn the_journal_index_does_not_wrap() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let last = u32::MAX;
    let tag = format!("{last}_init");
    let journal = project
        .read("journal.json")
        .replace("\"idx\": 0", &format!("\"idx\": {last}"))
        .replace("0000_init", &tag);
    project.write("journal.json", &journal);
    for file in ["up.sql", "down.sql"] {
        let text = project.read(&format!("migrations/0000_init.{file}"));
        project.write(&format!("migrations/{tag}.{file}"), &text);
        std::fs::remove_file(project.path().join(format!("migrations/0000_init.{file}"))).unwrap();
    }
    let snapshot = project.read("snapshots/0000_init.json");
    project.write(&format!("snapshots/{tag}.json"), &snapshot);
    std::fs::remove_file(project.path().join("snapshots/0000_init.json")).unwrap();
    project.write("schema/more.toml", &tables_schema(1));
    let before = project.files();
    for args in [&["generate", "--name", "next"][..], &["new", "next"][..]] {
        let run = project.strata(args);
        run.expect_code(2);
        assert!(run.stderr.contains("4294967295"), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_eq!(project.files(), before);
    }
}

/// Issue 12, item 14: a journal with invalid UTF-8 had no location, and JSON errors at the end
/// of a line reported column 0.
#[test]
fn journal_errors_have_a_line_and_column() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let journal = project.read("journal.json");
    let mut bytes = journal.clone().into_bytes();
    let at = journal.find("0000_init").unwrap();
    bytes[at + 1] = 0xff;
    std::fs::write(project.path().join("journal.json"), &bytes).unwrap();
    let line = journal[..at].matches('\n').count() + 1;
    let column = at - journal[..at].rfind('\n').unwrap();
    let run = project.strata(&["status"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("journal.json:{line}:{}: ", column + 1)),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
    project.write("journal.json", "{\n  \"version\": 1,\n");
    let run = project.strata(&["status"]);
    run.expect_code(2);
    assert!(!run.stderr.contains(":0:"), "{}", run.stderr);
    assert!(run.stderr.contains("journal.json:3:1:"), "{}", run.stderr);
}

/// Issue 12, item 14: a snapshot that is not UTF-8 was reported as a missing file, without
/// a location.
#[test]
fn a_snapshot_that_is_not_utf8_is_unreadable_with_a_location() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let path = project.path().join("snapshots/0000_init.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("postgresql").unwrap() + 2;
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').unwrap();
    let mut bytes = text.into_bytes();
    bytes[at] = 0xfe;
    std::fs::write(&path, &bytes).unwrap();
    let run = project.strata(&["check", "--json"]);
    run.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    let unreadable = problems
        .iter()
        .find(|p| p["kind"] == "unreadable")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        unreadable["message"]
            .as_str()
            .unwrap()
            .contains(&format!("0000_init.json:{line}:{column}: ")),
        "{}",
        run.stdout
    );
}

/// Issue 16, item 3: a migration generated by mistake can be removed without editing the
/// journal by hand.
#[test]
fn remove_deletes_the_last_migration_when_no_database_has_it() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let before = project.files();
    project.write("schema/more.toml", &tables_schema(1));
    project
        .strata(&["generate", "--name", "oops"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project
        .strata_env(&["migrate", "--to", "0000_init"], &env)
        .expect_code(0);
    let wrong = project.strata_env(&["remove", "0000_init"], &env);
    wrong.expect_code(2);
    assert!(wrong.stderr.contains("0001_oops"), "{}", wrong.stderr);
    let unknown = project.strata_env(&["remove", "7"], &env);
    unknown.expect_code(2);
    assert!(
        unknown.stderr.contains("7: no migration in the journal"),
        "{}",
        unknown.stderr
    );
    // The tag as `rollback --to` takes it: an index or a prefix will do.
    let run = project.strata_env(&["remove", "1"], &env);
    run.expect_code(0);
    assert!(run.stdout.contains("Removed 0001_oops"), "{}", run.stdout);
    assert_eq!(
        project.files().len(),
        before.len() + 1,
        "schema/more.toml stays"
    );
    for file in &before {
        assert!(project.files().contains(file), "{file:?}");
    }
    let check = project.strata(&["check", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(report["problems"][0]["kind"], "pending_schema_changes");
    assert_eq!(report["problems"].as_array().unwrap().len(), 1);
}

/// `remove` refuses a migration the database has applied, and says how to undo it first.
#[test]
fn remove_refuses_an_applied_migration() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(0);
    let before = project.files();
    let run = project.strata_env(&["remove"], &env);
    run.expect_code(1);
    assert!(run.stderr.contains("strata rollback"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}

/// Issue 12, item 18: `generate --dry-run` exited 1 "not written" on a destructive change
/// instead of showing the SQL and its hazards.
#[test]
fn a_destructive_dry_run_shows_the_sql_and_its_hazards() {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write(
        "schema/users.toml",
        &USERS.replace("email = { type = \"text\", not_null = true }\n", ""),
    );
    let before = project.files();
    let run = project.strata(&["generate", "--dry-run"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("DROP COLUMN \"email\""),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("deletes-data"), "{}", run.stderr);
    assert!(run.stderr.contains("--allow-destructive"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}

/// Issue 12, item 18: `push --dry-run` refused a destructive change the same way.
#[test]
fn a_destructive_push_dry_run_shows_the_sql() {
    let db = TestDb::new();
    db.execute("CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, extra text)");
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    let url = db.url();
    let run = project.strata_env(&["push", "--dry-run"], &[("DATABASE_URL", url.as_str())]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("DROP COLUMN \"extra\""),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("deletes-data"), "{}", run.stderr);
    assert_eq!(
        db.query_strings(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'"
        ),
        vec!["3"]
    );
}

/// Issue 16, item 4: at 2,000 tables `generate` printed a line per change; it summarises by
/// kind, and lists every change with -v.
#[test]
fn generate_summarises_a_large_migration() {
    let project = TempProject::with_schema(&[("more.toml", &tables_schema(50))]);
    let run = project.strata(&["generate", "--name", "init"]);
    run.expect_code(0);
    assert!(run.stdout.lines().count() < 10, "{}", run.stdout);
    assert!(run.stdout.contains("50 tables added"), "{}", run.stdout);
    assert!(run.stdout.contains("50 indexes added"), "{}", run.stdout);
    project.write("schema/more.toml", &tables_schema(60));
    let run = project.strata(&["-v", "generate", "--name", "more"]);
    run.expect_code(0);
    assert!(run.stdout.contains("table t59: added"), "{}", run.stdout);
    assert!(run.stdout.lines().count() >= 20, "{}", run.stdout);
}
