//! Shared test helpers: a throwaway database per test, a throwaway project directory, and a
//! runner for the built `strata` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio_postgres::{Config, NoTls};

/// The server's address: `STRATA_TEST_DATABASE_URL`, then `DATABASE_URL`, then the local
/// default of the development machine. `.ci/run` runs the integration tests a second time with
/// `STRATA_TEST_DATABASE_URL` pointing at the PostgreSQL 18 server of `scripts/pg18.sh`.
pub fn server_url() -> String {
    std::env::var("STRATA_TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// The connection settings of the server under test (its maintenance database).
pub fn server_config() -> Config {
    server_url()
        .parse()
        .unwrap_or_else(|e| panic!("STRATA_TEST_DATABASE_URL is not a valid URL: {e}"))
}

/// The TCP host and port of the server under test, for tests that spell their own URL or
/// libpq variables (a test that wrote 127.0.0.1:5432 would test the wrong server).
pub fn server_host_port() -> (String, u16) {
    host_port(&server_config())
}

/// The first TCP host and port of `config` (libpq's defaults when it names none).
fn host_port(config: &Config) -> (String, u16) {
    let host = config
        .get_hosts()
        .iter()
        .find_map(|host| match host {
            tokio_postgres::config::Host::Tcp(h) => Some(h.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "127.0.0.1".to_string());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    (host, port)
}

/// The port of the PostgreSQL 18 test server that `scripts/pg18.sh` runs.
pub fn pg18_port() -> u16 {
    std::env::var("STRATA_PG18_PORT")
        .ok()
        .and_then(|port| port.parse().ok())
        .unwrap_or(5433)
}

/// How to start the server listening on `port`: the PostgreSQL 18 test server has its own
/// script, the system server is a Debian cluster.
pub fn start_hint(port: u16) -> String {
    if port == pg18_port() {
        "This is the PostgreSQL 18 test server. Start it with\n  scripts/pg18.sh start".to_string()
    } else {
        "Start it with\n  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
            .to_string()
    }
}

/// The major version of the server under test (15 for 150020, 18 for 180006).
pub fn server_major() -> u32 {
    block_on(async {
        let client = connect(&server_config()).await;
        let row = client
            .query_one("SELECT current_setting('server_version_num')::int", &[])
            .await
            .expect("server_version_num");
        (row.get::<_, i32>(0) / 10_000) as u32
    })
}

/// Whether the server under test accepts TLS (`ssl = on`). The PostgreSQL 18 test server is
/// built without OpenSSL, so the TLS tests check the refusal there instead.
pub fn server_has_tls() -> bool {
    block_on(async {
        let client = connect(&server_config()).await;
        let row = client.query_one("SHOW ssl", &[]).await.expect("SHOW ssl");
        row.get::<_, String>(0) == "on"
    })
}

/// A unique name for this process and call: `<prefix>_<pid>_<n>_<nanos>`.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

/// Runs a future to completion on a fresh current-thread runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}

/// Connects to `config`, panicking with instructions when the server is not reachable: a
/// test never skips because the server is down.
pub async fn connect(config: &Config) -> tokio_postgres::Client {
    let (client, connection) = match config.connect(NoTls).await {
        Ok(pair) => pair,
        Err(e) => {
            let (host, port) = host_port(config);
            let cause = std::error::Error::source(&e).map_or(String::new(), |c| format!(": {c}"));
            panic!(
                "cannot reach PostgreSQL at {host}:{port}: {e}{cause}\n\
                 The tests need a real server (STRATA_TEST_DATABASE_URL: {}).\n\
                 {}\n\
                 or point STRATA_TEST_DATABASE_URL at one.",
                mask(&server_url()),
                start_hint(port)
            )
        }
    };
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

fn mask(url: &str) -> String {
    strata::db::mask_password(url)
}

/// A database created for one test and dropped (with FORCE) when the value is dropped.
pub struct TestDb {
    pub name: String,
    admin: Config,
    config: Config,
}

impl TestDb {
    /// Creates a database with a unique name.
    pub fn new() -> TestDb {
        let admin = server_config();
        let name = unique_name("strata_test");
        block_on(async {
            let client = connect(&admin).await;
            client
                .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
        });
        let mut config = admin.clone();
        config.dbname(&name);
        TestDb {
            name,
            admin,
            config,
        }
    }

    /// The connection settings of this database.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A libpq key=value connection string for this database, for `DATABASE_URL`.
    pub fn url(&self) -> String {
        let mut parts = Vec::new();
        for host in self.config.get_hosts() {
            if let tokio_postgres::config::Host::Tcp(h) = host {
                parts.push(format!("host={h}"));
            }
        }
        if let Some(port) = self.config.get_ports().first() {
            parts.push(format!("port={port}"));
        }
        if let Some(user) = self.config.get_user() {
            parts.push(format!("user={user}"));
        }
        if let Some(password) = self.config.get_password() {
            parts.push(format!("password={}", String::from_utf8_lossy(password)));
        }
        parts.push(format!("dbname={}", self.name));
        parts.join(" ")
    }

    /// Runs SQL in this database (on a fresh connection).
    pub fn execute(&self, sql: &str) {
        block_on(async {
            let client = connect(&self.config).await;
            if let Err(e) = client.batch_execute(sql).await {
                panic!("SQL failed: {e:?}\n{sql}");
            }
        })
    }

    /// Runs a query and returns the first column of every row as text.
    pub fn query_strings(&self, sql: &str) -> Vec<String> {
        block_on(async {
            let client = connect(&self.config).await;
            let rows = client.simple_query(sql).await.expect("query");
            rows.into_iter()
                .filter_map(|m| match m {
                    tokio_postgres::SimpleQueryMessage::Row(row) => {
                        Some(row.get(0).unwrap_or("NULL").to_string())
                    }
                    _ => None,
                })
                .collect()
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let admin = self.admin.clone();
        // Runs on its own thread: Drop may happen inside a test's runtime.
        let _ = std::thread::spawn(move || {
            block_on(async {
                let client = connect(&admin).await;
                let _ = client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            })
        })
        .join();
    }
}

/// A temporary project directory, removed on drop.
pub struct TempProject {
    pub dir: tempfile::TempDir,
}

impl TempProject {
    /// An empty directory.
    pub fn new() -> TempProject {
        TempProject {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A project with `schema/<name>` files written from `(name, contents)` pairs.
    pub fn with_schema(files: &[(&str, &str)]) -> TempProject {
        let project = TempProject::new();
        for (name, contents) in files {
            project.write(&format!("schema/{name}"), contents);
        }
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the project root, creating directories.
    pub fn write(&self, relative: &str, contents: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Reads a file relative to the project root.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative))
            .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    /// Every file below the root, relative, sorted.
    pub fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    out.push(path.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
        let mut out = Vec::new();
        walk(self.path(), self.path(), &mut out);
        out.sort();
        out
    }

    /// Runs strata in this project.
    pub fn strata(&self, args: &[&str]) -> Run {
        strata_in(self.path(), args, &[])
    }

    /// Runs strata in this project with extra environment variables.
    pub fn strata_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        strata_in(self.path(), args, env)
    }
}

/// The result of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs the built binary in `dir` with a clean database environment plus `env`.
pub fn strata_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = strata_command(dir);
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    Run::from(command.output().expect("run strata"))
}

/// The built binary, to run in `dir`, without the connection variables of this process (the
/// libpq ones and `DATABASE_URL`), so that a test sets exactly the ones it means.
pub fn strata_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_strata"));
    command.current_dir(dir);
    for var in [
        "DATABASE_URL",
        "PGHOST",
        "PGHOSTADDR",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGPASSFILE",
        "PGDATABASE",
        "PGSERVICE",
        "PGSERVICEFILE",
        "PGSYSCONFDIR",
        "PGSSLMODE",
        "PGSSLROOTCERT",
        "PGOPTIONS",
        "PGAPPNAME",
        "PGCONNECT_TIMEOUT",
    ] {
        command.env_remove(var);
    }
    command
}

/// The repository root (the example project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Applies a migration's SQL statement by statement (so a non-transactional migration's
/// `ADD VALUE` commits before its use), panicking with the case name on failure.
pub fn apply(db: &TestDb, sql: &str, what: &str) {
    block_on(async {
        let client = connect(db.config()).await;
        for statement in strata::migrate::split::split(sql) {
            if let Err(e) = client.batch_execute(&statement.sql).await {
                panic!("{what}: statement failed: {e:?}\n{}", statement.sql);
            }
        }
    })
}

/// The database's model, as `strata` introspects it.
pub fn inspect(db: &TestDb) -> strata::schema::Schema {
    block_on(async {
        let client = connect(db.config()).await;
        strata::introspect::inspect(&client, &Default::default())
            .await
            .expect("introspection")
    })
}

/// The model as PostgreSQL spells it (applied to a scratch database and read back).
pub fn canonicalize(schema: &strata::schema::Schema) -> strata::schema::Schema {
    block_on(async {
        let target = strata::db::DbTarget::parse(&server_url()).unwrap();
        let admin = strata::db::connect(&target).await.unwrap();
        strata::introspect::canonicalize(&admin, &target, schema)
            .await
            .expect("canonicalize")
    })
}

/// Parses a directory of TOML files.
pub fn parse_dir(dir: &Path) -> strata::schema::ParsedSchema {
    strata::schema::parse::load_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}
