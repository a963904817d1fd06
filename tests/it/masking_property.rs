//! Property test of password masking: random passwords (any bytes libpq accepts: all but NUL,
//! and no line break where the file is line-based) in every form a password can be given,
//! through every command that connects, on success and on error (a wrong port, a bad
//! sslmode), never appear in stdout or stderr. The local server trusts every connection, so
//! any password connects and the success paths run for real.
//!
//! A password is random bytes around a random alphanumeric marker: the whole password is
//! searched for as bytes, and the marker catches a leak in any rendering (lossy UTF-8,
//! escaped, percent-encoded). `STRATA_PROPERTY_CASES` (default 1) rounds per form, from
//! `STRATA_PROPERTY_SEED` (printed on failure).

use crate::support::*;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::PermissionsExt;

/// xorshift64*: small, seedable, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Where the password is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `postgresql://postgres:%xx%xx@host/db`, every byte percent-encoded.
    UrlEncoded,
    /// `postgres://postgres:raw?:bytes@host/db`, raw but for `%`, `@` and `/`.
    UrlRaw,
    /// `postgres://postgres@host/db?password=...`
    UrlQuery,
    /// `key=value` with random whitespace separators, `password='...'` quoted.
    KeywordsQuoted,
    /// `key=value`, `password=a\ b\\c` unquoted with backslash escapes.
    KeywordsEscaped,
    /// `PGPASSWORD` with the other `PG*` variables.
    PgPassword,
    /// `PGPASSWORD="..."` and the other variables in the project's `.env`.
    DotEnv,
    /// A `PGPASSFILE` (0600) line.
    PasswordFile,
    /// A service file section, `PGSERVICE`.
    Service,
    /// `--database-url` on the command line, key=value form.
    Flag,
}

/// What a command should do with a given setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    Reachable,
    WrongPort,
    BadSslmode,
}

/// One run's inputs.
struct Setup {
    env: Vec<(String, OsString)>,
    files: Vec<(&'static str, Vec<u8>)>,
    flag: Option<OsString>,
    /// The `--from` of `diff`.
    diff_source: OsString,
}

fn password(rng: &mut Rng, form: Form) -> (Vec<u8>, String) {
    let line_based = matches!(form, Form::PasswordFile | Form::Service);
    let random = |rng: &mut Rng| -> Vec<u8> {
        (0..rng.below(9))
            .map(|_| {
                loop {
                    let b = 1 + rng.below(255) as u8;
                    if !(line_based && (b == b'\n' || b == b'\r')) {
                        break b;
                    }
                }
            })
            .collect()
    };
    const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let marker: String = (0..12)
        .map(|_| ALNUM[rng.below(ALNUM.len())] as char)
        .collect();
    let mut bytes = random(rng);
    bytes.extend_from_slice(marker.as_bytes());
    bytes.extend(random(rng));
    (bytes, marker)
}

fn percent(bytes: &[u8], keep: impl Fn(u8) -> bool) -> String {
    bytes
        .iter()
        .map(|&b| {
            if keep(b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn os(bytes: Vec<u8>) -> OsString {
    OsString::from_vec(bytes)
}

/// The password as a libpq key=value value: quoted, or escaped.
fn keyword_value(pw: &[u8], quoted: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if quoted {
        out.push(b'\'');
    }
    for &b in pw {
        if b == b'\\' || b == b'\'' || (!quoted && is_space(b)) {
            out.push(b'\\');
        }
        out.push(b);
    }
    if quoted {
        out.push(b'\'');
    }
    out
}

/// A key=value string with random separators (any whitespace, spaces around `=`).
fn keywords(rng: &mut Rng, pairs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const SEPARATORS: &[&[u8]] = &[b" ", b"\t", b"\n", b"\r\n", b"\x0b", b"\x0c", b"  \t"];
    let mut out = Vec::new();
    for (key, value) in pairs {
        out.extend_from_slice(SEPARATORS[rng.below(SEPARATORS.len())]);
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(if rng.below(3) == 0 { b" = " } else { b"=" });
        out.extend_from_slice(value);
    }
    out
}

fn setup(form: Form, pw: &[u8], db: &str, server: Server, rng: &mut Rng) -> Setup {
    // The server under test (the PostgreSQL 18 run uses another port), or a port where
    // nothing listens.
    let (host, server_port) = server_host_port();
    let port = if server == Server::WrongPort {
        "1".to_string()
    } else {
        server_port.to_string()
    };
    let (host, port) = (host.as_str(), port.as_str());
    let sslmode = (server == Server::BadSslmode).then_some("sometimes");
    let query = sslmode.map(|m| format!("?sslmode={m}")).unwrap_or_default();
    let target = |extra: &[(&str, Vec<u8>)], rng: &mut Rng| {
        let mut pairs = vec![
            ("host", host.as_bytes().to_vec()),
            ("port", port.as_bytes().to_vec()),
            ("user", b"postgres".to_vec()),
            ("dbname", db.as_bytes().to_vec()),
        ];
        pairs.extend(extra.iter().cloned());
        if let Some(mode) = sslmode {
            pairs.push(("sslmode", mode.as_bytes().to_vec()));
        }
        keywords(rng, &pairs)
    };
    let url = |text: String| -> Setup {
        let text = os(text.into_bytes());
        Setup {
            env: vec![("DATABASE_URL".into(), text.clone())],
            files: vec![],
            flag: None,
            diff_source: text,
        }
    };
    let pg_vars = |with_password: bool| -> Vec<(String, OsString)> {
        let mut vars = vec![
            ("PGHOST".to_string(), OsString::from(host)),
            ("PGPORT".to_string(), OsString::from(port)),
            ("PGUSER".to_string(), OsString::from("postgres")),
            ("PGDATABASE".to_string(), OsString::from(db)),
        ];
        if with_password {
            vars.push(("PGPASSWORD".to_string(), os(pw.to_vec())));
        }
        if let Some(mode) = sslmode {
            vars.push(("PGSSLMODE".to_string(), OsString::from(mode)));
        }
        vars
    };
    match form {
        Form::UrlEncoded => url(format!(
            "postgresql://postgres:{}@{host}:{port}/{db}{query}",
            percent(pw, |_| false)
        )),
        Form::UrlRaw | Form::UrlQuery => {
            let mut bytes = b"postgres://postgres".to_vec();
            if form == Form::UrlRaw {
                bytes.push(b':');
                for &b in pw {
                    match b {
                        b'%' | b'@' | b'/' => bytes.extend(format!("%{b:02X}").bytes()),
                        b => bytes.push(b),
                    }
                }
            }
            bytes.extend(format!("@{host}:{port}/{db}").bytes());
            if form == Form::UrlQuery {
                bytes.extend_from_slice(b"?password=");
                for &b in pw {
                    match b {
                        b'%' | b'&' | b'=' => bytes.extend(format!("%{b:02X}").bytes()),
                        b => bytes.push(b),
                    }
                }
                if let Some(mode) = sslmode {
                    bytes.extend(format!("&sslmode={mode}").bytes());
                }
            } else {
                bytes.extend(query.bytes());
            }
            let text = os(bytes);
            Setup {
                env: vec![("DATABASE_URL".into(), text.clone())],
                files: vec![],
                flag: None,
                diff_source: text,
            }
        }
        Form::KeywordsQuoted | Form::KeywordsEscaped | Form::Flag => {
            let quoted = form != Form::KeywordsEscaped;
            let text = os(target(&[("password", keyword_value(pw, quoted))], rng));
            Setup {
                env: if form == Form::Flag {
                    vec![]
                } else {
                    vec![("DATABASE_URL".into(), text.clone())]
                },
                files: vec![],
                flag: (form == Form::Flag).then(|| text.clone()),
                diff_source: text,
            }
        }
        Form::PgPassword => Setup {
            env: pg_vars(true),
            files: vec![],
            flag: None,
            diff_source: OsString::from(format!("dbname={db}")),
        },
        Form::DotEnv => {
            let mut text = Vec::new();
            for (key, value) in pg_vars(false) {
                text.extend(format!("{key}={}\n", value.to_str().unwrap()).bytes());
            }
            text.extend_from_slice(b"export PGPASSWORD=\"");
            for &b in pw {
                if matches!(b, b'"' | b'\\' | b'$') {
                    text.push(b'\\');
                }
                text.push(b);
            }
            text.extend_from_slice(b"\" # the password\n");
            Setup {
                env: vec![],
                files: vec![(".env", text)],
                flag: None,
                diff_source: OsString::from(format!("dbname={db}")),
            }
        }
        Form::PasswordFile => {
            let mut line = format!("{host}:{port}:*:postgres:").into_bytes();
            for &b in pw {
                if b == b':' || b == b'\\' {
                    line.push(b'\\');
                }
                line.push(b);
            }
            line.push(b'\n');
            let text = os(target(&[], rng));
            Setup {
                env: vec![
                    ("DATABASE_URL".into(), text.clone()),
                    ("PGPASSFILE".into(), OsString::from("pgpass")),
                ],
                files: vec![("pgpass", line)],
                flag: None,
                diff_source: text,
            }
        }
        Form::Service => {
            let mut text = format!("[svc]\nhost={host}\nport={port}\nuser=postgres\ndbname={db}\n")
                .into_bytes();
            if let Some(mode) = sslmode {
                text.extend(format!("sslmode={mode}\n").bytes());
            }
            text.extend_from_slice(b"password=");
            text.extend_from_slice(pw);
            text.push(b'\n');
            Setup {
                env: vec![
                    ("PGSERVICEFILE".into(), OsString::from("services.conf")),
                    ("PGSERVICE".into(), OsString::from("svc")),
                ],
                files: vec![("services.conf", text)],
                flag: None,
                diff_source: OsString::from("service=svc"),
            }
        }
    }
}

struct RawRun {
    code: i32,
    out: Vec<u8>,
}

fn run(project: &TempProject, args: &[&str], setup: &Setup) -> RawRun {
    for (name, contents) in &setup.files {
        let path = project.path().join(name);
        std::fs::write(&path, contents).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut command = strata_command(project.path());
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    if args[0] == "diff" {
        all.extend([OsStr::new("--from"), &setup.diff_source]);
        all.extend([OsStr::new("--to"), OsStr::new("schema")]);
    } else if let Some(flag) = &setup.flag {
        all.extend([OsStr::new("--database-url"), flag.as_os_str()]);
    }
    command.args(all);
    for (key, value) in &setup.env {
        command.env(key, value);
    }
    // No ~/.pgpass or ~/.pg_service.conf of the machine's user takes part.
    command.env("HOME", project.path());
    let output = command.output().unwrap();
    for (name, _) in &setup.files {
        let _ = std::fs::remove_file(project.path().join(name));
    }
    let mut out = output.stdout;
    out.extend_from_slice(b"\n--- stderr ---\n");
    out.extend(output.stderr);
    RawRun {
        code: output.status.code().unwrap_or(-1),
        out,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The commands and what they must do, for a reachable server.
const COMMANDS: &[(&[&str], i32)] = &[
    (&["migrate"], 0),
    (&["baseline"], 0),
    (&["docs", "--out", "site"], 0),
    (&["status"], 0),
    (&["status", "--json"], 0),
    (&["verify"], 0),
    (&["verify", "--json"], 0),
    (&["push"], 0),
    (&["pull", "--dir", "pulled", "--force"], 0),
    (&["diff"], 0),
    (&["rollback"], 0),
];

fn check_form(form: Form) {
    let rounds: usize = std::env::var("STRATA_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let seed: u64 = std::env::var("STRATA_PROPERTY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9a55_3c0d_e5ee_d001)
        ^ (form as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed);
    let db = TestDb::new();
    let project = TempProject::with_schema(&[(
        "a.toml",
        "[table.a.columns]\nid = { type = \"bigint\", primary_key = true }\n\
         score = { type = \"integer\", not_null = true, default = 0 }\n\n\
         [table.a.checks]\na_score_check = \"score >= 0\"\n",
    )]);
    project.strata(&["init"]).expect_code(0);
    project.strata(&["generate", "--name", "a"]).expect_code(0);
    let error_paths: &[(Server, &[&str], i32)] = &[
        (Server::WrongPort, &["migrate"], 3),
        (Server::WrongPort, &["status", "--json"], 0),
        (Server::WrongPort, &["baseline"], 3),
        (Server::BadSslmode, &["migrate"], 2),
        (Server::BadSslmode, &["status"], 0),
    ];
    let cases = COMMANDS
        .iter()
        .map(|(args, code)| (Server::Reachable, *args, *code))
        .chain(error_paths.iter().copied());
    let cases: Vec<_> = cases.collect();
    for round in 0..rounds {
        for (server, args, code) in &cases {
            let (pw, marker) = password(&mut rng, form);
            let setup = setup(form, &pw, &db.name, *server, &mut rng);
            let result = run(&project, args, &setup);
            let shown = String::from_utf8_lossy(&result.out);
            let context = format!(
                "{form:?} {server:?} {args:?}, round {round}, STRATA_PROPERTY_SEED={seed} \
                 password {:?}",
                String::from_utf8_lossy(&pw)
            );
            assert!(
                !contains(&result.out, &pw) && !contains(&result.out, marker.as_bytes()),
                "password leaked: {context}\n{shown}"
            );
            assert_eq!(result.code, *code, "{context}\n{shown}");
            if args == &["status", "--json"] {
                let online = shown.contains("\"offline_reason\": null");
                assert_eq!(online, *server == Server::Reachable, "{context}\n{shown}");
            }
        }
    }
}

#[test]
fn random_passwords_in_percent_encoded_urls_never_appear() {
    check_form(Form::UrlEncoded);
}

#[test]
fn random_passwords_in_raw_urls_never_appear() {
    check_form(Form::UrlRaw);
}

#[test]
fn random_passwords_in_url_queries_never_appear() {
    check_form(Form::UrlQuery);
}

#[test]
fn random_passwords_in_quoted_keyword_strings_never_appear() {
    check_form(Form::KeywordsQuoted);
}

#[test]
fn random_passwords_in_escaped_keyword_strings_never_appear() {
    check_form(Form::KeywordsEscaped);
}

#[test]
fn random_passwords_in_pgpassword_never_appear() {
    check_form(Form::PgPassword);
}

#[test]
fn random_passwords_in_dotenv_never_appear() {
    check_form(Form::DotEnv);
}

#[test]
fn random_passwords_in_a_password_file_never_appear() {
    check_form(Form::PasswordFile);
}

#[test]
fn random_passwords_in_a_service_file_never_appear() {
    check_form(Form::Service);
}

#[test]
fn random_passwords_on_the_command_line_never_appear() {
    check_form(Form::Flag);
}
