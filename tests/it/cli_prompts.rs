//! The questions `generate` asks on a terminal (issue 12, item 17) and colour on a terminal
//! (issue 16, item 5), tested in a real terminal: tmux runs strata, send-keys types the
//! answers, capture-pane reads the screen.

use crate::support::*;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (`-L`), running one command in one window; killed on drop.
struct Terminal {
    socket: String,
}

impl Terminal {
    /// Starts `strata args` in `dir` inside a fresh tmux server. The shell line prints
    /// `EXIT=<code>` when strata ends, and keeps the window open for the last capture.
    fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Terminal {
        let socket = unique_name("strata_tmux");
        let mut line = String::from("env -u DATABASE_URL -u PGHOST -u PGDATABASE -u NO_COLOR");
        for (key, value) in env {
            line.push_str(&format!(" {key}={}", shell_quote(value)));
        }
        line.push(' ');
        line.push_str(&shell_quote(env!("CARGO_BIN_EXE_strata")));
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quote(arg));
        }
        line.push_str("; echo EXIT=$?; sleep 600");
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
            ])
            .arg("-c")
            .arg(dir)
            .args(["sh", "-c", &line])
            .status()
            .unwrap_or_else(|e| panic!("these tests need tmux (apt-get install tmux): {e}"));
        assert!(status.success(), "tmux new-session failed");
        Terminal { socket }
    }

    /// Types `keys` (tmux key names: "Enter", "C-d", or literal text).
    fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// Types a line of text and Enter.
    fn answer(&self, text: &str) {
        self.send(&["-l", text]);
        self.send(&["Enter"]);
    }

    /// The screen; with escape sequences (colours) when `escapes`.
    fn screen(&self, escapes: bool) -> String {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"]);
        if escapes {
            command.arg("-e");
        }
        let output = command.output().expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen shows `text` `times` times (10 s at most) and returns it.
    #[track_caller]
    fn wait_for_count(&self, text: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen(false);
            if screen.matches(text).count() >= times {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("waited 10 s for {text:?} (x{times}); the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_count(text, 1)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

const TWO_TEXT_COLUMNS: &str = "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\na = { type = \"text\" }\nb = { type = \"text\" }\n";
const RENAMED_COLUMNS: &str = "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\nx = { type = \"text\" }\ny = { type = \"text\" }\n";

fn project_with(first: &str, second: &str) -> TempProject {
    let project = TempProject::with_schema(&[("users.toml", first)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.write("schema/users.toml", second);
    project
}

#[test]
fn issue_12_the_rename_prompt_shows_its_default_re_asks_and_asks_every_pair() {
    let project = project_with(TWO_TEXT_COLUMNS, RENAMED_COLUMNS);
    let term = Terminal::start(project.path(), &["generate", "--name", "renames"], &[]);
    let screen = term.wait_for("Rename? [R/d] (Enter: rename):");
    assert!(
        screen.contains("column users.a was removed and users.x of the same type added")
            && screen.contains("r: rename a to x (keeps the data)")
            && screen.contains("d: drop a and create x"),
        "{screen}"
    );
    // An unknown answer is asked again, not taken as "drop".
    term.answer("maybe");
    let screen = term.wait_for("Please answer r (rename) or d (drop and create).");
    assert_eq!(screen.matches("r: rename a to x").count(), 2, "{screen}");
    // "drop" for a -> x, then b -> x is still asked (it was not, before), and Enter renames.
    term.answer("d");
    term.wait_for("r: rename b to x");
    term.send(&["Enter"]);
    // y is then asked about a, the one column left.
    term.wait_for("r: rename a to y");
    term.answer("r");
    term.wait_for("EXIT=0");
    let up = project.read("migrations/0001_renames.up.sql");
    assert!(
        up.contains("RENAME COLUMN \"b\" TO \"x\"") && up.contains("RENAME COLUMN \"a\" TO \"y\""),
        "{up}"
    );
    assert!(!up.contains("DROP COLUMN"), "{up}");
}

#[test]
fn issue_12_the_destructive_prompt_shows_its_default_and_re_asks() {
    let project = project_with(
        TWO_TEXT_COLUMNS,
        "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\na = { type = \"text\" }\n",
    );
    let term = Terminal::start(project.path(), &["generate", "--name", "drop_b"], &[]);
    let screen = term.wait_for("Write it anyway? [y/N] (Enter: no):");
    assert!(screen.contains("The migration deletes data:"), "{screen}");
    assert!(screen.contains("DROP COLUMN users.b"), "{screen}");
    term.answer("sure");
    term.wait_for("Please answer y (yes) or n (no).");
    term.wait_for_count("Write it anyway?", 2);
    term.send(&["Enter"]);
    let screen = term.wait_for("EXIT=1");
    assert!(
        screen.contains("not written: the migration deletes data"),
        "{screen}"
    );
    assert!(
        !project
            .path()
            .join("migrations/0001_drop_b.up.sql")
            .exists()
    );
    // And yes writes it.
    let term = Terminal::start(project.path(), &["generate", "--name", "drop_b"], &[]);
    term.wait_for("Write it anyway?");
    term.answer("y");
    term.wait_for("EXIT=0");
    assert!(
        project
            .path()
            .join("migrations/0001_drop_b.up.sql")
            .exists()
    );
}

#[test]
fn the_end_of_input_answers_no_question() {
    let project = project_with(TWO_TEXT_COLUMNS, RENAMED_COLUMNS);
    let term = Terminal::start(project.path(), &["generate", "--name", "renames"], &[]);
    term.wait_for("Rename? [R/d]");
    term.send(&["C-d"]);
    let screen = term.wait_for("EXIT=1");
    assert!(
        screen.contains("stopped: no answer to \"column users.a was removed"),
        "{screen}"
    );
    // Asked once: after the end of input nothing else is asked.
    assert_eq!(screen.matches("Rename? [R/d]").count(), 1, "{screen}");
    assert!(
        !project
            .path()
            .join("migrations/0001_renames.up.sql")
            .exists()
    );
}

#[test]
fn issue_16_a_terminal_gets_colour_unless_no_color_is_set() {
    let project = project_with(TWO_TEXT_COLUMNS, TWO_TEXT_COLUMNS);
    project.write("schema/users.toml", "");
    let offline = [("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")];
    let term = Terminal::start(project.path(), &["check"], &offline);
    term.wait_for("EXIT=1");
    let screen = term.screen(true);
    assert!(
        screen.contains("\x1b[1m\x1b[31m1 problem found"),
        "{screen:?}"
    );
    let mut env = offline.to_vec();
    env.push(("NO_COLOR", "1"));
    let term = Terminal::start(project.path(), &["check"], &env);
    term.wait_for("EXIT=1");
    let screen = term.screen(true);
    assert!(screen.contains("1 problem found"), "{screen:?}");
    assert!(!screen.contains("\x1b[31m"), "{screen:?}");
    // --color never wins on a terminal too.
    let term = Terminal::start(project.path(), &["--color", "never", "check"], &offline);
    term.wait_for("EXIT=1");
    assert!(!term.screen(true).contains("\x1b[31m"));
}

#[test]
fn issue_12_push_asks_before_deleting_data_and_defaults_to_no() {
    let db = TestDb::new();
    let url = db.url();
    let project = TempProject::with_schema(&[("users.toml", TWO_TEXT_COLUMNS)]);
    project
        .strata_env(&["push"], &[("DATABASE_URL", &url)])
        .expect_code(0);
    project.write(
        "schema/users.toml",
        "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\na = { type = \"text\" }\n",
    );
    let env = [("DATABASE_URL", url.as_str())];
    let term = Terminal::start(project.path(), &["push"], &env);
    let screen = term.wait_for("Apply it anyway? [y/N] (Enter: no):");
    assert!(screen.contains("The changes delete data:"), "{screen}");
    term.send(&["Enter"]);
    let screen = term.wait_for("EXIT=1");
    assert!(
        screen.contains("not applied: the changes delete data"),
        "{screen}"
    );
    let columns = "SELECT string_agg(column_name::text, ',' ORDER BY column_name) FROM \
                   information_schema.columns WHERE table_name = 'users'";
    assert_eq!(db.query_strings(columns), ["a,b,id"]);
    let term = Terminal::start(project.path(), &["push"], &env);
    term.wait_for("Apply it anyway?");
    term.answer("yes");
    term.wait_for("EXIT=0");
    assert_eq!(db.query_strings(columns), ["a,id"]);
}
