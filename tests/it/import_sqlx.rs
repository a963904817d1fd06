//! `strata import sqlx`: a history applied by sqlx's own migrator (what `sqlx migrate run`
//! uses), imported, baselined and continued with strata.

use crate::import_support::*;
use crate::support::*;

fn migrate_with_sqlx(db: &TestDb) {
    block_on(async {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(&postgres_url(db))
            .await
            .expect("sqlx connects");
        let migrator = sqlx::migrate::Migrator::new(fixture("sqlx")).await.unwrap();
        migrator.run(&pool).await.expect("sqlx migrates");
        pool.close().await;
    });
}

#[test]
fn a_database_migrated_by_sqlx_switches_to_strata() {
    let db = TestDb::new();
    migrate_with_sqlx(&db);
    db.execute(
        "INSERT INTO users (email) VALUES ('ada@example.com');
         INSERT INTO orders (user_id, total) SELECT id, 12.5 FROM users",
    );
    let project = TempProject::new();
    copy_fixture(&project, "sqlx", "old-migrations");
    let url = db.url();
    let run = project.strata_env(
        &["import", "sqlx", "--from", "old-migrations", "--baseline"],
        &[("DATABASE_URL", url.as_str())],
    );
    run.expect_code(0);
    assert!(
        run.stdout.contains("Imported 2 sqlx migration(s)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Matched 2 of 2 sqlx"), "{}", run.stdout);
    // Left where it was (outside migrations/), and copied, down file included.
    assert!(
        project
            .path()
            .join("old-migrations/20240102000000_add_orders.sql")
            .exists()
    );
    assert!(
        project
            .path()
            .join("migrations/imported/sqlx/20240101000000_create_users.down.sql")
            .exists()
    );
    project.strata(&["check"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT checksum FROM strata_migrations_imported ORDER BY version"),
        db.query_strings("SELECT encode(checksum, 'hex') FROM _sqlx_migrations ORDER BY version"),
        "SHA-384 as sqlx computes it"
    );

    let orders = project.read("schema/orders.toml");
    project.write(
        "schema/orders.toml",
        &orders.replace("[table.orders.columns]\n", "[table.orders.columns]\nshipped = { type = \"boolean\", not_null = true, default = false }\n"),
    );
    project
        .strata(&["generate", "--name", "shipped"])
        .expect_code(0);
    strata_on(&project, &db, &["migrate"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
    assert_eq!(
        db.query_strings("SELECT total::text FROM orders"),
        ["12.50"]
    );

    let fresh = TestDb::new();
    strata_on(&project, &fresh, &["migrate"]).expect_code(0);
    strata_on(&project, &fresh, &["verify"]).expect_code(0);
}

#[test]
fn a_failed_sqlx_migration_stops_the_baseline() {
    let db = TestDb::new();
    migrate_with_sqlx(&db);
    db.execute("UPDATE _sqlx_migrations SET success = false WHERE version = 20240102000000");
    let project = TempProject::new();
    copy_fixture(&project, "sqlx", "migrations");
    strata_on(&project, &db, &["import", "sqlx"]).expect_code(0);
    assert!(
        !project
            .path()
            .join("migrations/20240101000000_create_users.up.sql")
            .exists()
    );
    project.strata(&["check"]).expect_code(0);
    let run = strata_on(&project, &db, &["baseline"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("failed when sqlx applied it"),
        "{}",
        run.stderr
    );
}

/// sqlx-cli keeps its files in `migrations/`, strata's own directory: the import moves the
/// originals aside (strata would otherwise read `.up.sql` files there as its own), copies
/// them into `migrations/imported/sqlx/`, and the result checks and verifies.
#[test]
fn sqlx_files_in_the_projects_own_migrations_directory_are_moved_aside() {
    let db = TestDb::new();
    migrate_with_sqlx(&db);
    let project = TempProject::new();
    copy_fixture(&project, "sqlx", "migrations");
    let run = strata_on(&project, &db, &["import", "sqlx", "--baseline"]);
    run.expect_code(0);
    assert!(run.stdout.contains("moved to"), "{}", run.stdout);
    assert!(
        project
            .path()
            .join("migrations/imported/sqlx/20240101000000_create_users.down.sql")
            .exists()
    );
    assert!(
        !project
            .path()
            .join("migrations/20240102000000_add_orders.sql")
            .exists(),
        "the original stayed where strata reads its own migrations"
    );
    project.strata(&["check"]).expect_code(0);
    strata_on(&project, &db, &["verify"]).expect_code(0);
}
