//! `--json` (issue 16, item 6): one JSON document on every exit path of `check`, `status` and
//! `verify`, in one envelope with the keys in one order, the error included when there is one.

use crate::support::*;
use serde_json::Value;

const USERS: &str = "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\n";

/// The top-level keys of a pretty-printed document, in the order they were written (a
/// `serde_json::Value` would sort them).
fn top_level_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("  \""))
        .filter(|rest| !rest.starts_with(' '))
        .filter_map(|rest| rest.split_once("\":").map(|(key, _)| key.to_string()))
        .collect()
}

/// Parses stdout as exactly one JSON document and checks the envelope around the fields.
#[track_caller]
fn envelope(run: &Run, command: &str, fields: &[&str]) -> Value {
    let value: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", run.stdout));
    let mut expected = vec!["command", "ok"];
    expected.extend_from_slice(fields);
    expected.push("error");
    assert_eq!(top_level_keys(&run.stdout), expected, "{}", run.stdout);
    assert_eq!(value["command"], command);
    assert_eq!(value["ok"], run.code == 0, "ok is true exactly on exit 0");
    value
}

/// The envelope of a failed command: `command`, `ok: false`, `error` with the exit code.
#[track_caller]
fn error_envelope(run: &Run, command: &str, code: i32) -> String {
    run.expect_code(code);
    let value = envelope(run, command, &[]);
    assert_eq!(value["error"]["exit_code"], code);
    let message = value["error"]["message"]
        .as_str()
        .expect("a message")
        .to_string();
    assert!(
        run.stderr.contains(&message),
        "the message is the one on stderr:\n{message}\n{}",
        run.stderr
    );
    message
}

fn generated_project() -> TempProject {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project
}

#[test]
fn check_json_on_success_and_on_problems() {
    let project = generated_project();
    let run = project.strata(&["check", "--json"]);
    run.expect_code(0);
    let value = envelope(&run, "check", &["migrations", "problems"]);
    assert_eq!(value["error"], Value::Null);
    assert_eq!(value["migrations"], 1);
    project.write(
        "schema/users.toml",
        &format!("{USERS}name = {{ type = \"text\" }}\n"),
    );
    let run = project.strata(&["check", "--json"]);
    run.expect_code(1);
    let value = envelope(&run, "check", &["migrations", "problems"]);
    assert_eq!(value["problems"][0]["kind"], "pending_schema_changes");
}

#[test]
fn issue_16_check_json_reports_a_bad_schema_as_json() {
    let project = TempProject::with_schema(&[(
        "users.toml",
        "[table.users.columns]\nid = { type = \"integer\", not_nul = true }\n",
    )]);
    let run = project.strata(&["check", "--json"]);
    let message = error_envelope(&run, "check", 2);
    assert!(message.contains("not_nul"), "{message}");
}

#[test]
fn status_json_offline_and_online() {
    let project = generated_project();
    let run = project.strata_env(
        &["status", "--json"],
        &[("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/none")],
    );
    run.expect_code(0);
    let fields = ["database", "offline_reason", "migrations", "summary"];
    let value = envelope(&run, "status", &fields);
    assert_eq!(value["database"], Value::Null);
    assert!(!run.stdout.contains("secret"), "{}", run.stdout);
    let db = TestDb::new();
    let run = project.strata_env(&["status", "--json"], &[("DATABASE_URL", &db.url())]);
    run.expect_code(0);
    let value = envelope(&run, "status", &fields);
    assert_eq!(value["summary"]["pending"], 1);
}

#[test]
fn issue_16_status_json_reports_an_unreadable_journal_as_json() {
    let project = generated_project();
    project.write("journal.json", "{ not json");
    let run = project.strata(&["status", "--json"]);
    let message = error_envelope(&run, "status", 2);
    assert!(message.contains("journal.json"), "{message}");
}

#[test]
fn verify_json_on_match_and_on_drift() {
    let project = generated_project();
    let db = TestDb::new();
    let env = [("DATABASE_URL", db.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    project.strata_env(&["migrate"], &env).expect_code(0);
    let fields = [
        "drift",
        "database",
        "last_applied",
        "differences",
        "toml_diff",
        "fix_sql",
        "unmanaged",
    ];
    let run = project.strata_env(&["verify", "--json"], &env);
    run.expect_code(0);
    envelope(&run, "verify", &fields);
    db.execute("ALTER TABLE users ADD COLUMN extra integer");
    let run = project.strata_env(&["verify", "--json"], &env);
    run.expect_code(1);
    let value = envelope(&run, "verify", &fields);
    assert_eq!(value["drift"], true);
    assert_eq!(value["error"], Value::Null);
}

#[test]
fn issue_16_verify_json_reports_an_unreachable_database_as_json_without_the_password() {
    let project = generated_project();
    let run = project.strata(&[
        "verify",
        "--json",
        "--database-url",
        "postgres://nobody:secret@127.0.0.1:1/none",
    ]);
    let message = error_envelope(&run, "verify", 3);
    assert!(!message.contains("secret"), "{message}");
    assert!(!run.stdout.contains("secret") && !run.stderr.contains("secret"));
}

#[test]
fn a_usage_error_with_json_is_reported_as_json() {
    let project = generated_project();
    // Every command that takes --json (pull's usage errors were plain text).
    for command in ["check", "status", "verify", "pull"] {
        let run = project.strata(&[command, "--json", "--no-such-flag"]);
        let message = error_envelope(&run, command, 2);
        assert!(message.contains("--no-such-flag"), "{command}: {message}");
    }
}

#[test]
fn json_is_never_coloured() {
    let project = generated_project();
    let run = project.strata(&["--color", "always", "check", "--json"]);
    run.expect_code(0);
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);
}
