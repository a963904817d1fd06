//! Passwords never reach the output (issue 11, item 4): every form of connection string
//! libpq accepts, through every command, on success and on error.

use crate::support::*;

/// Asserts that `secret` appears in neither stream of `run`.
#[track_caller]
fn assert_hidden(run: &Run, secret: &str) {
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "password {secret:?} leaked (exit {}):\nstdout:\n{}\nstderr:\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
}

/// `status`, `status --json` and `migrate` with `DATABASE_URL` set to `url`.
fn outputs(url: &str) -> Vec<Run> {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let env = [("DATABASE_URL", url)];
    vec![
        project.strata_env(&["status"], &env),
        project.strata_env(&["status", "--json"], &env),
        project.strata_env(&["migrate"], &env),
    ]
}

#[test]
fn keyword_strings_separated_by_tabs_and_newlines_are_masked() {
    let db = TestDb::new();
    let (host, port) = server_host_port();
    let url = format!(
        "host={host}\tport={port}\nuser=postgres\tpassword=Tab5ecret\r\ndbname={}",
        db.name
    );
    let runs = outputs(&url);
    for run in &runs {
        assert_hidden(run, "Tab5ecret");
    }
    runs[2].expect_code(0);
    assert!(
        runs[2].stdout.contains("password=****"),
        "{}",
        runs[2].stdout
    );
}

#[test]
fn unquoted_values_with_backslash_escapes_are_masked() {
    let db = TestDb::new();
    let (host, port) = server_host_port();
    let url = format!(
        "host={host} port={port} user=postgres password=Esc\\ aped\\\\S3cret dbname={}",
        db.name
    );
    for run in &outputs(&url) {
        assert_hidden(run, "aped");
        assert_hidden(run, "S3cret");
    }
}

#[test]
fn urls_with_a_raw_slash_question_mark_or_at_sign_in_the_password_are_masked() {
    let db = TestDb::new();
    let (host, port) = server_host_port();
    for password in [
        "Sla5hy/Pa55wd",
        "Que5ty?Pa55wd",
        "At5ign@Pa55wd",
        "Mix5d/Par7s?Pa55wd@End5x",
    ] {
        let url = format!("postgres://postgres:{password}@{host}:{port}/{}", db.name);
        for run in &outputs(&url) {
            for part in password.split(['/', '?', '@']) {
                assert_hidden(run, part);
            }
        }
    }
}

#[test]
fn a_raw_question_mark_in_a_url_password_connects_as_libpq_does() {
    let db = TestDb::new();
    let (host, port) = server_host_port();
    let url = format!(
        "postgresql://postgres:Qu?est5ecret@{host}:{port}/{}",
        db.name
    );
    let runs = outputs(&url);
    runs[2].expect_code(0);
    assert!(
        runs[2].stdout.contains(&format!(
            "postgresql://postgres:****@{host}:{port}/{}",
            db.name
        )),
        "{}",
        runs[2].stdout
    );
}

#[test]
fn unknown_schemes_are_never_echoed() {
    for url in [
        "pg://postgres:Sch3meSecret@127.0.0.1:5432/x",
        "POSTGRES://postgres:Sch3meSecret@127.0.0.1:5432/x",
        "postgres:/postgres:Sch3meSecret@127.0.0.1:5432/x",
    ] {
        let runs = outputs(url);
        for run in &runs {
            assert_hidden(run, "Sch3meSecret");
        }
        runs[2].expect_code(2);
        assert!(
            runs[2].stderr.contains("postgresql://") || runs[2].stderr.contains("key=value"),
            "the error should say what is expected: {}",
            runs[2].stderr
        );
    }
}

#[test]
fn diff_never_echoes_a_source_it_cannot_read() {
    let project =
        TempProject::with_schema(&[("a.toml", "[table.a.columns]\nid = { type = \"integer\" }\n")]);
    let run = project.strata(&[
        "diff",
        "--from",
        "pg://postgres:D1ffSecret@127.0.0.1:5432/x",
        "--to",
        "schema",
    ]);
    assert_hidden(&run, "D1ffSecret");
    run.expect_code(2);
}
