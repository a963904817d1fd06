//! The server under test: the one CI asked for (a second run targets PostgreSQL 18), and a
//! loud failure that says how to start it when it is down.

use crate::support::*;
use tokio_postgres::Config;

/// `.ci/run` names the server it means (`STRATA_TEST_SERVER_MAJOR`, `STRATA_TEST_SERVER_TLS`),
/// so a run pointed at a server that is not there, or at the wrong one, cannot pass unnoticed.
#[test]
fn the_server_under_test_is_the_one_asked_for() {
    let version = server_major();
    // gen_random_uuid() without pgcrypto, which the tests rely on, is core since 13.
    assert!(version >= 13, "PostgreSQL {version} is too old");
    if let Ok(major) = std::env::var("STRATA_TEST_SERVER_MAJOR") {
        assert_eq!(
            version.to_string(),
            major,
            "STRATA_TEST_SERVER_MAJOR={major} but {} runs PostgreSQL {version}",
            strata::db::mask_password(&server_url())
        );
    }
    if let Ok(tls) = std::env::var("STRATA_TEST_SERVER_TLS") {
        let actual = if server_has_tls() { "on" } else { "off" };
        assert_eq!(
            actual, tls,
            "STRATA_TEST_SERVER_TLS={tls} but ssl is {actual}"
        );
    }
}

#[test]
fn the_pg18_server_that_is_down_is_reported_with_its_start_command() {
    assert!(start_hint(pg18_port()).contains("scripts/pg18.sh start"));
    assert!(start_hint(5432).contains("pg_ctlcluster"));
    // A test never skips on a server that is down: it fails, naming the fix.
    let (host, _) = server_host_port();
    let mut config = Config::new();
    config
        .host(&host)
        .port(1)
        .user("postgres")
        .connect_timeout(std::time::Duration::from_secs(5));
    let failure = std::panic::catch_unwind(|| block_on(connect(&config)))
        .expect_err("connecting to port 1 must fail");
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("cannot reach PostgreSQL"), "{message}");
    assert!(message.contains(":1: "), "{message}");
    assert!(message.contains("pg_ctlcluster"), "{message}");
}
