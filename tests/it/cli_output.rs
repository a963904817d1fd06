//! Human output (issue 16, items 5 and 7): colour and `--color`, completions, the man page,
//! `diff`'s help and its "No changes", `--to` by prefix or index, counted nouns. Colour on a
//! real terminal is tested in `cli_prompts` (tmux).

use crate::support::*;

const USERS: &str = "[table.users.columns]\nid = { type = \"integer\", primary_key = true }\n";
const ESC: char = '\x1b';

fn generated_project() -> TempProject {
    let project = TempProject::with_schema(&[("users.toml", USERS)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project
}

#[test]
fn pipes_get_no_colour_unless_asked() {
    let project = generated_project();
    project.write(
        "schema/users.toml",
        &format!("{USERS}name = {{ type = \"text\" }}\n"),
    );
    let run = project.strata(&["check"]);
    run.expect_code(1);
    assert!(!run.stdout.contains(ESC), "{}", run.stdout);
    let run = project.strata(&["--color", "always", "check"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains(&format!("{ESC}[1m{ESC}[31m1 problem found")),
        "{:?}",
        run.stdout
    );
    // An error on stderr, and --color given after the subcommand (it is global).
    project.write(
        "schema/bad.toml",
        "[table.x.columns]\nid = { type = \"integer\", nul = 1 }\n",
    );
    let run = project.strata(&["check", "--color=always"]);
    run.expect_code(2);
    assert!(
        run.stderr.starts_with(&format!("{ESC}[1m{ESC}[31merror")),
        "{:?}",
        run.stderr
    );
    let run = project.strata_env(&["check", "--color=never"], &[("NO_COLOR", "")]);
    run.expect_code(2);
    assert!(!run.stderr.contains(ESC), "{:?}", run.stderr);
}

#[test]
fn status_states_are_coloured() {
    let project = generated_project();
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let run = project.strata_env(&["--color", "always", "status"], &env);
    run.expect_code(0);
    // Pending in yellow (comfy-table writes crossterm's SGR sequences).
    assert!(
        run.stdout.contains(&format!("{ESC}[38;5;11m pending ")),
        "{:?}",
        run.stdout
    );
    project.strata_env(&["migrate"], &env).expect_code(0);
    let run = project.strata_env(&["--color", "always", "status"], &env);
    assert!(
        run.stdout.contains(&format!("{ESC}[38;5;10m applied ")),
        "{:?}",
        run.stdout
    );
    let run = project.strata_env(&["status"], &env);
    assert!(!run.stdout.contains(ESC), "{:?}", run.stdout);
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let project = TempProject::new();
    let run = project.strata(&["--color", "sometimes", "status"]);
    run.expect_code(2);
    assert!(run.stderr.contains("sometimes"), "{}", run.stderr);
}

#[test]
fn completions_for_every_shell() {
    let project = TempProject::new();
    for (shell, marker) in [
        ("bash", "_strata()"),
        ("zsh", "#compdef strata"),
        ("fish", "complete -c strata"),
        ("elvish", "strata"),
        ("powershell", "strata"),
    ] {
        let run = project.strata(&["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(
            run.stdout.contains("rollback"),
            "{shell} knows the subcommands"
        );
    }
    project.strata(&["completions", "tcsh"]).expect_code(2);
    let help = project.strata(&["completions", "--help"]);
    assert!(help.stdout.contains("bash-completion"), "{}", help.stdout);
}

#[test]
fn the_man_page_comes_from_the_cli_definition() {
    let project = TempProject::new();
    let run = project.strata(&["man"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &run.stdout[..80]
    );
    assert!(run.stdout.contains(".TH strata 1"), "{}", run.stdout);
    assert!(run.stdout.contains("generate"), "{}", run.stdout);
    // The hidden command stays out of the help.
    let help = project.strata(&["--help"]);
    let commands: Vec<&str> = help
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split_whitespace().next())
        .collect();
    assert!(commands.contains(&"completions"), "{}", help.stdout);
    assert!(!commands.contains(&"man"), "{}", help.stdout);
    project.strata(&["man", "--dir", "man1"]).expect_code(0);
    let page = project.read("man1/strata-rollback.1");
    assert!(page.contains("\\-\\-steps"), "{page}");
    assert!(project.path().join("man1/strata.1").exists());
}

#[test]
fn issue_16_diff_help_describes_from_and_to() {
    let project = TempProject::new();
    let run = project.strata(&["diff", "--help"]);
    run.expect_code(0);
    for (flag, text) in [
        (
            "--from <SRC>",
            "The schema to start from: a directory of TOML files",
        ),
        ("--to <SRC>", "The schema to arrive at"),
    ] {
        // The description follows the flag, on its line or (long help) the next one.
        let mut lines = run
            .stdout
            .lines()
            .skip_while(|l| !l.trim_start().starts_with(flag));
        let described = lines.by_ref().take(2).any(|l| l.contains(text));
        assert!(described, "{flag}:\n{}", run.stdout);
    }
}

#[test]
fn issue_16_diff_of_identical_sources_says_no_changes() {
    let project = generated_project();
    let run = project.strata(&[
        "diff",
        "--from",
        "schema",
        "--to",
        "snapshots/0000_init.json",
    ]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "-- No changes: --from and --to define the same schema.\n"
    );
    let run = project.strata(&[
        "diff",
        "--from",
        "snapshots/0000_init.json",
        "--to",
        "schema",
    ]);
    assert!(!run.stdout.contains("CREATE"), "{}", run.stdout);
}

/// A project with 0000_init and 0001_posts, both applied to a fresh database.
fn two_applied(db: &TestDb) -> TempProject {
    let project = generated_project();
    project.write(
        "schema/posts.toml",
        "[table.posts.columns]\nid = { type = \"integer\", primary_key = true }\n",
    );
    let run = project.strata(&["generate", "--name", "posts"]);
    run.expect_code(0);
    // One change, counted in words (was "1 changes").
    assert!(
        run.stdout.contains("0001_posts: 1 change ("),
        "{}",
        run.stdout
    );
    let run = project.strata_env(&["migrate"], &[("DATABASE_URL", &db.url())]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("2 migrations applied"),
        "{}",
        run.stdout
    );
    project
}

#[test]
fn issue_16_rollback_to_accepts_a_prefix_or_an_index_and_names_the_tag() {
    let db = TestDb::new();
    let project = two_applied(&db);
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let run = project.strata_env(&["rollback", "--dry-run", "--to", "0"], &env);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("-- 0001_posts (down): one transaction\nBEGIN;\nDROP TABLE"),
        "{}",
        run.stdout
    );
    let run = project.strata_env(&["rollback", "--to", "0000"], &env);
    run.expect_code(0);
    assert!(
        run.stdout.contains("1 migration rolled back"),
        "{}",
        run.stdout
    );
    // Not applied any more: the message names the full tag.
    let run = project.strata_env(&["rollback", "--to", "0001"], &env);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("--to 0001_posts: that migration is not applied"),
        "{}",
        run.stderr
    );
    let run = project.strata_env(&["rollback", "--to", "0009"], &env);
    run.expect_code(2);
    assert!(
        run.stderr.contains("tags 0000_init to 0001_posts"),
        "{}",
        run.stderr
    );
    let run = project.strata_env(&["rollback", "--to", "000"], &env);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--to 000 is ambiguous"),
        "{}",
        run.stderr
    );
    // migrate --to takes the same forms.
    let run = project.strata_env(&["migrate", "--to", "1"], &env);
    run.expect_code(0);
    assert!(run.stdout.contains("applied 0001_posts"), "{}", run.stdout);
}

#[test]
fn counts_read_as_words() {
    let project = generated_project();
    let run = project.strata(&["check"]);
    assert!(run.stdout.starts_with("ok: 1 migration,"), "{}", run.stdout);
    let run = project.strata_env(
        &["status"],
        &[("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")],
    );
    assert!(
        run.stdout.contains("1 migration in the journal"),
        "{}",
        run.stdout
    );
    project.write("schema/users.toml", "");
    let run = project.strata(&["check"]);
    assert!(run.stdout.contains("1 problem found"), "{}", run.stdout);
}

#[test]
fn error_messages_cannot_drive_the_terminal() {
    // A path (or a name a database error echoes) holding an escape sequence was printed raw.
    let project = TempProject::new();
    let dir = "x\u{1b}[2Jcleared";
    let run = project.strata(&["-C", dir, "check"]);
    run.expect_code(2);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("x\\u{1b}[2Jcleared"), "{}", run.stderr);
    // --json carries the message as JSON escapes it.
    let run = project.strata(&["-C", dir, "check", "--json"]);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}
