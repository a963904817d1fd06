//! Against a server that asks for a password: the machine's own server trusts every local
//! connection, so it cannot tell whether a password was sent. This test starts a throwaway
//! PostgreSQL (initdb and pg_ctl as the `postgres` system user, a spare port, scram-sha-256 for
//! TCP) and proves end to end that the password from each source is the one sent: the URL
//! (percent-decoded), a key=value string (unescaped), `PGPASSWORD`, `.env`, the password file
//! (`PGPASSFILE` and `~/.pgpass`) and a service file. The server is stopped and its directory
//! removed when the test ends, whatever happens.

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A password with every character that needs care somewhere.
const PASSWORD: &str = "Sc r@m:/?&#='\"\\é%";

/// A PostgreSQL server of its own, stopped and removed on drop.
struct ThrowawayServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl ThrowawayServer {
    fn start() -> ThrowawayServer {
        let bin = postgres_bin();
        let dir = tempfile::tempdir().unwrap();
        let uid = id("-u");
        let gid = id("-g");
        std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, format!("{PASSWORD}\n")).unwrap();
        std::os::unix::fs::chown(&pwfile, Some(uid), Some(gid)).unwrap();
        let data = dir.path().join("data");
        as_postgres(
            &bin.join("initdb"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--pwfile",
                pwfile.to_str().unwrap(),
                "--no-sync",
                "--no-instructions",
            ],
        );
        let port = spare_port();
        let server = ThrowawayServer { dir, bin, port };
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            server.dir.path().display()
        );
        as_postgres(
            &server.bin.join("pg_ctl"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                server.dir.path().join("log").to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
        server
    }
}

impl Drop for ThrowawayServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args([
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ])
            .output();
    }
}

/// The newest installed server's binaries.
fn postgres_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's binaries under /usr/lib/postgresql")
        .map(|e| e.unwrap().path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("initdb under /usr/lib/postgresql/*/bin")
}

/// The `postgres` system user's uid (`-u`) or gid (`-g`).
fn id(flag: &str) -> u32 {
    let output = Command::new("id")
        .args([flag, "postgres"])
        .output()
        .unwrap();
    assert!(output.status.success(), "no postgres system user");
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn as_postgres(program: &Path, args: &[&str]) {
    let output = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(program)
        .args(args)
        .output()
        .expect("runuser (the test runs as root, as CI does)");
    assert!(
        output.status.success(),
        "{} failed: {}{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A TCP port nothing listens on right now.
fn spare_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A project in which `strata` runs with `HOME` set to the project itself, so that only the
/// files a case writes take part.
struct Case {
    project: TempProject,
}

impl Case {
    fn new() -> Case {
        let project = TempProject::new();
        project.strata(&["init"]).expect_code(0);
        Case { project }
    }

    fn write_private(&self, name: &str, contents: &str, mode: u32) -> String {
        self.project.write(name, contents);
        let path = self.project.path().join(name);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path.to_str().unwrap().to_string()
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let home = self.project.path().to_str().unwrap().to_string();
        let mut all = vec![("HOME", home.as_str())];
        all.extend_from_slice(env);
        let run = self.project.strata_env(args, &all);
        assert!(
            !run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD),
            "password leaked:\n{}\n{}",
            run.stdout,
            run.stderr
        );
        run
    }
}

#[test]
fn the_password_from_every_source_is_the_one_sent() {
    let server = ThrowawayServer::start();
    let port = server.port.to_string();
    let keywords = format!("host=127.0.0.1 port={port} user=postgres dbname=postgres");
    let escaped = PASSWORD.replace('\\', "\\\\").replace('\'', "\\'");

    // Without a password the server refuses: the other cases prove something.
    let case = Case::new();
    let run = case.run(&["migrate"], &[("DATABASE_URL", &keywords)]);
    run.expect_code(3);
    assert!(run.stderr.contains("password"), "{}", run.stderr);

    let url = format!(
        "postgresql://postgres:{}@127.0.0.1:{port}/postgres",
        percent_encoded(PASSWORD)
    );
    let quoted = format!("{keywords} password='{escaped}'");
    for (what, env) in [
        ("a URL", vec![("DATABASE_URL", url.as_str())]),
        (
            "a key=value string",
            vec![("DATABASE_URL", quoted.as_str())],
        ),
        (
            "PGPASSWORD",
            vec![
                ("DATABASE_URL", keywords.as_str()),
                ("PGPASSWORD", PASSWORD),
            ],
        ),
    ] {
        let case = Case::new();
        let run = case.run(&["migrate"], &env);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
    }

    let case = Case::new();
    let dotenv_value = PASSWORD
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('$', "\\$");
    case.project.write(
        ".env",
        &format!("DATABASE_URL='{keywords}'\nPGPASSWORD=\"{dotenv_value}\"\n"),
    );
    case.run(&["migrate"], &[]).expect_code(0);

    let pgpass_line = format!(
        "# local\n127.0.0.1:{port}:*:postgres:{}\n",
        PASSWORD.replace('\\', "\\\\").replace(':', "\\:")
    );
    let case = Case::new();
    let file = case.write_private("pgpass", &pgpass_line, 0o600);
    case.run(
        &["migrate"],
        &[("DATABASE_URL", &keywords), ("PGPASSFILE", &file)],
    )
    .expect_code(0);
    // ~/.pgpass when PGPASSFILE is unset.
    case.write_private(".pgpass", &pgpass_line, 0o600);
    case.run(&["migrate"], &[("DATABASE_URL", &keywords)])
        .expect_code(0);
    // A file others may read is ignored, with libpq's warning.
    let file = case.write_private("open-pgpass", &pgpass_line, 0o644);
    let run = case.run(
        &["status", "--json"],
        &[("DATABASE_URL", &keywords), ("PGPASSFILE", &file)],
    );
    assert!(
        run.stderr.contains("group or world access"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("\"offline_reason\": null"),
        "{}",
        run.stdout
    );
    // A wrong password from the file says where it came from.
    let file = case.write_private("bad-pgpass", "*:*:*:*:wrong\n", 0o600);
    let run = case.run(
        &["migrate"],
        &[("DATABASE_URL", &keywords), ("PGPASSFILE", &file)],
    );
    run.expect_code(3);
    assert!(
        run.stderr
            .contains(&format!("password retrieved from file \"{file}\"")),
        "{}",
        run.stderr
    );

    let case = Case::new();
    let services = format!(
        "[throwaway]\nhost=127.0.0.1\nport={port}\nuser=postgres\ndbname=postgres\npassword={PASSWORD}\n"
    );
    let file = case.write_private("services.conf", &services, 0o600);
    let run = case.run(
        &["migrate"],
        &[("PGSERVICEFILE", &file), ("PGSERVICE", "throwaway")],
    );
    run.expect_code(0);
    assert!(run.stdout.contains("service=throwaway"), "{}", run.stdout);
}
