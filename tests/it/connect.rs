//! Connections: TLS modes against the server's (snakeoil) certificate, and libpq's
//! environment when no URL is given. On a server without TLS (the PostgreSQL 18 test server is
//! built without OpenSSL) the TLS tests check that the modes that demand it refuse instead.

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
