//! `strata import refinery`: a history applied by refinery's own runner, imported, baselined
//! and continued with strata.

use crate::import_support::*;
use crate::support::*;

/// Applies the refinery fixture with refinery's runner, up to `version` (all when `None`).
fn migrate_with_refinery(db: &TestDb, version: Option<u32>) {
    block_on(async {
        let mut client = connect(db.config()).await;
        let migrations = refinery::load_sql_migrations(fixture("refinery")).unwrap();
        let mut runner = refinery::Runner::new(&migrations);
        if let Some(version) = version {
            runner = runner.set_target(refinery::Target::Version(version));
        }
        runner.run_async(&mut client).await.expect("refinery runs");
    });
}

fn imported_project(db: &TestDb) -> TempProject {
    let project = TempProject::new();
    copy_fixture(&project, "refinery", "migrations");
    let run = strata_on(&project, db, &["import", "refinery"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Imported 3 refinery migration(s)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("moved to"), "{}", run.stdout);
    project
}

#[test]
fn a_database_migrated_by_refinery_switches_to_strata() {
    let db = TestDb::new();
    migrate_with_refinery(&db, None);
    db.execute(
        "INSERT INTO persons (name, city) VALUES ('Ada', 'London');
         INSERT INTO cars (owner_id, brand, fuel) SELECT id, 'Volvo', 'electric' FROM persons",
    );
    let project = imported_project(&db);
    // The refinery files left migrations/ for migrations/imported/refinery/.
    assert!(!project.path().join("migrations/V1__initial.sql").exists());
    assert!(
        project
            .path()
            .join("migrations/imported/refinery/V1__initial.sql")
            .exists()
    );
    assert!(project.read("schema/cars.toml").contains("cars_owner_idx"));
    project.strata(&["check"]).expect_code(0);

    let baseline = strata_on(&project, &db, &["baseline"]);
    baseline.expect_code(0);
    assert!(
        baseline.stdout.contains("Matched 3 of 3 refinery"),
        "{}",
        baseline.stdout
    );
    strata_on(&project, &db, &["verify"]).expect_code(0);

    let cars = project.read("schema/cars.toml");
    project.write(
        "schema/cars.toml",
        &cars.replace(
            "[table.cars.columns]\n",
            "[table.cars.columns]\nplate = { type = \"text\" }\n",
        ),
    );
    project
        .strata(&["generate", "--name", "plate"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT brand || ' ' || fuel FROM cars"),
        ["Volvo electric"]
    );

    let fresh = TestDb::new();
    strata_on(&project, &fresh, &["migrate"]).expect_code(0);
    strata_on(&project, &fresh, &["verify"]).expect_code(0);
}

#[test]
fn a_database_behind_its_refinery_files_is_refused() {
    let db = TestDb::new();
    migrate_with_refinery(&db, Some(2));
    let project = imported_project(&db);
    let run = strata_on(&project, &db, &["baseline"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("refinery cars_by_owner is not applied"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Finish migrating it with refinery first"),
        "{}",
        run.stderr
    );
    // An edited file is named too.
    let edited = TestDb::new();
    migrate_with_refinery(&edited, None);
    edited.execute("UPDATE refinery_schema_history SET checksum = '42' WHERE version = 1");
    let run = strata_on(&project, &edited, &["baseline"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("V1__initial.sql was edited after it was applied"),
        "{}",
        run.stderr
    );
}
