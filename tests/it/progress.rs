//! Progress of long work (issue 16, item 4): a bar on a terminal (tested in a real one, with
//! tmux), plain periodic lines through a pipe, nothing with `-q`, and how far a stopped
//! migration got.

use crate::support::*;
use std::process::Command;
use std::time::{Duration, Instant};

/// A hand-written migration of `n` statements that each take `each_ms`.
fn slow_project(n: usize, each_ms: u64) -> TempProject {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    project.strata(&["new", "slow"]).expect_code(0);
    let mut up = String::from("CREATE TABLE slow (id int);\n");
    for i in 1..n {
        up.push_str(&format!(
            "SELECT pg_sleep({}) AS step_{i};\n",
            each_ms as f64 / 1000.0
        ));
    }
    project.write("migrations/0000_slow.up.sql", &up);
    project.write("migrations/0000_slow.down.sql", "DROP TABLE slow;\n");
    project.strata(&["hash"]).expect_code(0);
    project
}

#[test]
fn a_long_migration_prints_plain_progress_lines_through_a_pipe() {
    let db = TestDb::new();
    let project = slow_project(30, 100);
    let url = db.url();
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", url.as_str())]);
    run.expect_code(0);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("of 30 statements"))
        .collect();
    assert!(!lines.is_empty(), "no progress line:\n{}", run.stderr);
    assert!(
        lines
            .iter()
            .all(|l| !l.contains('\r') && !l.contains('\x1b')),
        "plain lines only: {lines:?}"
    );
    assert!(lines[0].starts_with("0000_slow: "), "{lines:?}");
    assert!(run.stdout.contains("applied 0000_slow"), "{}", run.stdout);
}

#[test]
fn quiet_prints_nothing_but_errors() {
    let db = TestDb::new();
    let project = slow_project(15, 100);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let run = project.strata_env(&["-q", "migrate"], &env);
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
    let run = project.strata_env(&["rollback", "-q"], &env);
    run.expect_code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}

#[test]
fn status_says_how_far_a_stopped_migration_got() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    project.strata(&["new", "steps"]).expect_code(0);
    project.write(
        "migrations/0000_steps.up.sql",
        "-- strata:no-transaction\nCREATE TABLE a (id int);\nSELECT 1/0;\nCREATE TABLE b (id int);\n",
    );
    project.strata(&["hash"]).expect_code(0);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(3);
    let run = project.strata_env(&["status"], &env);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("0000_steps stopped after 1 of 3 statements: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("division by zero"), "{}", run.stdout);
}

#[test]
fn a_stopped_migration_s_error_reaches_the_terminal_escaped() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    project.strata(&["new", "steps"]).expect_code(0);
    // PostgreSQL quotes the bad input, escape sequence and all, in its message.
    project.write(
        "migrations/0000_steps.up.sql",
        "-- strata:no-transaction\nCREATE TABLE a (id int);\nSELECT E'\\x1b[2J'::int;\n",
    );
    project.strata(&["hash"]).expect_code(0);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    project.strata_env(&["migrate"], &env).expect_code(3);
    let run = project.strata_env(&["status"], &env);
    run.expect_code(0);
    assert!(
        run.stdout.contains("stopped after 1 of 2"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
    assert!(run.stdout.contains("\\u{1b}[2J"), "{}", run.stdout);
}

/// A tmux server of its own, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new() -> Tmux {
        Tmux {
            socket: unique_name("strata_tmux"),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux is installed (apt-get install tmux)");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "strata"])
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Waits until the screen satisfies `done`, returning it.
fn wait_for(tmux: &Tmux, what: &str, done: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let screen = tmux.screen();
        if done(&screen) {
            return screen;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what} never showed:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_terminal_shows_a_bar_with_counts_and_elapsed_time() {
    let db = TestDb::new();
    let project = slow_project(40, 100);
    let tmux = Tmux::new();
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "strata",
        "-x",
        "120",
        "-y",
        "20",
        "bash --norc --noprofile",
    ]);
    let command = format!(
        "cd '{}' && DATABASE_URL='{}' '{}' migrate; echo EXIT=$?",
        project.path().display(),
        db.url(),
        env!("CARGO_BIN_EXE_strata")
    );
    tmux.run(&["send-keys", "-t", "strata", &command, "Enter"]);
    let running = wait_for(&tmux, "the bar", |s| {
        s.lines()
            .any(|l| l.contains("0000_slow") && l.contains("/40 statements") && l.contains('#'))
    });
    let bar = running
        .lines()
        .find(|l| l.contains("/40 statements"))
        .unwrap();
    assert!(bar.contains('[') && bar.contains(']'), "{bar}");
    assert!(bar.trim_end().ends_with('s'), "elapsed time last: {bar}");
    let done = wait_for(&tmux, "the end", |s| {
        s.lines().any(|l| l.starts_with("EXIT="))
    });
    assert!(done.lines().any(|l| l == "EXIT=0"), "{done}");
    assert!(done.contains("applied 0000_slow"), "{done}");
    assert!(
        !done.lines().any(|l| l.contains("/40 statements")),
        "the bar is cleared at the end:\n{done}"
    );
}

/// `verify` was silent for its whole run (32 s at 2,000 tables); it says which phase it is in,
/// through a pipe as plain lines, and prints nothing but its JSON with `--json`. The phase is
/// made slow here by holding a lock on the history table that `verify` reads.
#[test]
fn verify_reports_its_phases_except_in_json() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    project.strata(&["new", "noop"]).expect_code(0);
    project.write("migrations/0000_noop.up.sql", "SELECT 1;\n");
    project.strata(&["hash"]).expect_code(0);
    let url = db.url();
    project
        .strata_env(&["migrate"], &[("DATABASE_URL", url.as_str())])
        .expect_code(0);
    let config = db.config().clone();
    block_on(async move {
        let holder = connect(&config).await;
        holder
            .batch_execute("BEGIN; LOCK TABLE strata_migrations IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let runs: Vec<_> = [vec!["verify"], vec!["verify", "--json"]]
            .into_iter()
            .map(|args| {
                let path = project.path().to_path_buf();
                let url = url.clone();
                tokio::task::spawn_blocking(move || {
                    strata_in(&path, &args, &[("DATABASE_URL", url.as_str())])
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(2500)).await;
        holder.batch_execute("COMMIT").await.unwrap();
        let mut runs = runs.into_iter();
        let text = runs.next().unwrap().await.unwrap();
        text.expect_code(0);
        assert!(
            text.stderr
                .lines()
                .any(|l| l.starts_with("verify: reading the history, ")),
            "{}",
            text.stderr
        );
        let json = runs.next().unwrap().await.unwrap();
        json.expect_code(0);
        assert_eq!(json.stderr, "");
        let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(report["drift"], false);
    });
}
