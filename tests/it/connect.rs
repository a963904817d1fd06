//! Connections: TLS modes against the server's (snakeoil) certificate; libpq's environment,
//! services and the OS user when no URL is given; the project's `.env`; and the rule that a
//! command that changes a database must be told which one (issue 16, item 1). On a server
//! without TLS (the PostgreSQL 18 test server is built without OpenSSL) the TLS tests check that
//! the modes that demand it refuse instead.

use crate::support::*;
use strata::db::{DbTarget, connect};

fn ssl_in_use(url: &str) -> Result<bool, String> {
    block_on(async {
        let target = DbTarget::parse(url).map_err(|e| format!("{e:#}"))?;
        let client = connect(&target).await.map_err(|e| format!("{e:#}"))?;
        let row = client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .await
            .map_err(|e| e.to_string())?;
        Ok(row.get(0))
    })
}

#[test]
fn sslmode_require_uses_tls_and_disable_does_not() {
    let db = TestDb::new();
    let base = format!("{} password=notused", db.url());
    let require = ssl_in_use(&format!("{base} sslmode=require"));
    let prefer = ssl_in_use(&format!("{base} sslmode=prefer"));
    if server_has_tls() {
        assert_eq!(require, Ok(true));
        assert_eq!(prefer, Ok(true));
    } else {
        // `require` must not fall back to a plain connection; `prefer` does.
        let error = require.unwrap_err();
        assert!(error.contains("server does not support TLS"), "{error}");
        assert_eq!(prefer, Ok(false));
    }
    assert_eq!(ssl_in_use(&format!("{base} sslmode=disable")), Ok(false));
}

#[test]
fn verify_full_refuses_the_snakeoil_certificate_without_leaking_the_password() {
    let db = TestDb::new();
    let url = format!("{} password=Sup3rS3cret sslmode=verify-full", db.url());
    let error = ssl_in_use(&url).unwrap_err();
    if server_has_tls() {
        assert!(
            error.contains("certificate") || error.contains("tls"),
            "{error}"
        );
    } else {
        assert!(error.contains("server does not support TLS"), "{error}");
    }
    assert!(!error.contains("Sup3rS3cret"), "{error}");
    assert!(error.contains("password=****"), "{error}");
}

#[test]
fn libpq_environment_is_used_when_no_url_is_given() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let (host, port) = server_host_port();
    let port = port.to_string();
    let sslmode = if server_has_tls() {
        "require"
    } else {
        "disable"
    };
    let run = project.strata_env(
        &["status"],
        &[
            ("PGHOST", host.as_str()),
            ("PGPORT", port.as_str()),
            ("PGUSER", "postgres"),
            ("PGDATABASE", db.name.as_str()),
            ("PGPASSWORD", "Sup3rS3cret"),
            ("PGSSLMODE", sslmode),
        ],
    );
    run.expect_code(0);
    assert!(run.stdout.contains(&db.name), "{}", run.stdout);
    assert!(
        !run.stdout.contains("database not consulted"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Sup3rS3cret"), "{}", run.stdout);
}

/// The OS user strata runs as (`id -un`: the effective uid's name).
fn os_user() -> String {
    let output = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn commands_that_write_need_a_named_database() {
    let project =
        TempProject::with_schema(&[("a.toml", "[table.a.columns]\nid = { type = \"integer\" }\n")]);
    project.strata(&["init"]).expect_code(0);
    for args in [
        &["migrate"][..],
        &["rollback"],
        &["push"],
        &["baseline"],
        &["migrate", "--dry-run"],
    ] {
        let run = project.strata(args);
        run.expect_code(2);
        for hint in ["--database-url", "DATABASE_URL", ".env", "PGDATABASE"] {
            assert!(run.stderr.contains(hint), "{args:?}: {}", run.stderr);
        }
    }
    // Reading commands still fall back to libpq's defaults, and say which database that is.
    let run = project.strata(&["status"]);
    run.expect_code(0);
}

#[test]
fn a_configured_variable_names_the_database_for_writing() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    project.write("strata.toml", "database_url_env = \"APP_DB\"\n");
    let run = project.strata(&["migrate"]);
    run.expect_code(2);
    assert!(run.stderr.contains("APP_DB"), "{}", run.stderr);
    project
        .strata_env(&["migrate"], &[("APP_DB", db.url().as_str())])
        .expect_code(0);
    let (host, port) = server_host_port();
    let run = project.strata_env(
        &["migrate"],
        &[
            ("PGHOST", host.as_str()),
            ("PGPORT", port.to_string().as_str()),
            ("PGUSER", "postgres"),
            ("PGDATABASE", db.name.as_str()),
        ],
    );
    run.expect_code(0);
    assert!(run.stdout.contains(&db.name), "{}", run.stdout);
}

#[test]
fn a_dotenv_file_in_the_project_names_the_database() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let (host, port) = server_host_port();
    project.write(
        ".env",
        &format!(
            "# the development database\nexport DATABASE_URL=\"postgres://postgres@{host}:{port}/{}\" # local\nOTHER='x'\n",
            db.name
        ),
    );
    let run = project.strata(&["migrate"]);
    run.expect_code(0);
    assert!(run.stdout.contains(&db.name), "{}", run.stdout);
    assert_eq!(
        db.query_strings("SELECT count(*) FROM strata_migrations"),
        vec!["0"]
    );
    // A variable already set wins over the file, as with sqlx-cli, dbmate and Prisma.
    let run = project.strata_env(
        &["migrate"],
        &[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/elsewhere")],
    );
    run.expect_code(3);
    assert!(run.stderr.contains("elsewhere"), "{}", run.stderr);
}

#[test]
fn libpq_variables_in_a_dotenv_file_are_read_too() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let (host, port) = server_host_port();
    project.write(
        ".env",
        &format!(
            "PGHOST={host}\nPGPORT={port}\nPGUSER=postgres\nPGDATABASE={}\n",
            db.name
        ),
    );
    let run = project.strata(&["status", "--json"]);
    run.expect_code(0);
    assert!(run.stdout.contains(&db.name), "{}", run.stdout);
    assert!(
        run.stdout.contains("\"offline_reason\": null"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_dotenv_line_is_an_input_error_that_does_not_echo_it() {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    project.write(
        ".env",
        "A=1\nDATABASE_URL=\"postgres://u:Unterm1nated@h/db\n",
    );
    let run = project.strata(&["migrate"]);
    run.expect_code(2);
    assert!(run.stderr.contains(".env:2"), "{}", run.stderr);
    assert!(!run.stderr.contains("Unterm1nated"), "{}", run.stderr);
}

#[test]
fn the_default_user_is_the_effective_os_user_not_user() {
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let run = project.strata_env(
        &["status", "--json"],
        &[
            ("USER", "strata_not_me"),
            ("PGHOST", "127.0.0.1"),
            ("PGDATABASE", "x"),
        ],
    );
    run.expect_code(0);
    assert!(
        run.stdout.contains(&format!("user={} ", os_user())),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("strata_not_me"), "{}", run.stdout);
}

#[test]
fn a_service_names_the_database() {
    let db = TestDb::new();
    let project = TempProject::new();
    project.strata(&["init"]).expect_code(0);
    let (host, port) = server_host_port();
    project.write(
        "services.conf",
        &format!(
            "# services\n[other]\ndbname=nope\n\n[dev]\nhost={host}\nport={port}\nuser=postgres\ndbname={}\n",
            db.name
        ),
    );
    let file = project.path().join("services.conf");
    let run = project.strata_env(
        &["migrate"],
        &[
            ("PGSERVICEFILE", file.to_str().unwrap()),
            ("PGSERVICE", "dev"),
        ],
    );
    run.expect_code(0);
    assert!(run.stdout.contains(&db.name), "{}", run.stdout);
    // As a keyword of the connection string too.
    let run = project.strata_env(
        &["status", "--json", "--database-url", "service=dev"],
        &[("PGSERVICEFILE", file.to_str().unwrap())],
    );
    run.expect_code(0);
    assert!(
        run.stdout.contains("\"offline_reason\": null"),
        "{}",
        run.stdout
    );
    let run = project.strata_env(
        &["migrate", "--database-url", "service=missing"],
        &[("PGSERVICEFILE", file.to_str().unwrap())],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("service \"missing\""), "{}", run.stderr);
}
