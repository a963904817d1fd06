//! Basic CLI behaviour: help, usage errors, init.

use crate::support::*;

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let project = TempProject::new();
    project.strata(&["frobnicate"]).expect_code(2);
}

#[test]
fn init_lays_out_a_project_and_keeps_existing_files() {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    for path in [
        "strata.toml",
        "journal.json",
        "schema",
        "migrations",
        "snapshots",
    ] {
        assert!(project.path().join(path).exists(), "{path} missing");
    }
    project.write("strata.toml", "schema_dir = \"schema\"\n");
    let run = project.strata(&["init"]);
    run.expect_code(0);
    assert!(run.stdout.contains("kept"), "{}", run.stdout);
    assert_eq!(project.read("strata.toml"), "schema_dir = \"schema\"\n");
}
