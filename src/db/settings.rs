//! The effective connection settings, merged as libpq merges them: what the connection string
//! gives, then the service's parameters (`service=` or `PGSERVICE`), then each parameter's
//! environment variable (`PGHOST`, `PGPORT`, ...), then the defaults (the socket directory,
//! port 5432, the OS user, a database named after the user), and the password file when no
//! password was given. Each value remembers where it came from, for messages.
//!
//! From the result come both the tokio-postgres `Config` and the display, so what strata
//! shows is what it connects to.

use super::conninfo::{self, Conninfo, Form, Keyword, Support};
use super::env::{Environment, bytes};
use super::{os_user, pgpass, service};
use crate::error::input_error;
use anyhow::Result;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio_postgres::Config;
use tokio_postgres::config::{ChannelBinding, LoadBalanceHosts, TargetSessionAttrs};

/// The port when none is given.
pub const DEFAULT_PORT: &str = "5432";

/// `application_name` when neither it nor `fallback_application_name` is given.
pub const APPLICATION_NAME: &str = "strata";

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The connection string.
    Given,
    /// A section of a service file.
    Service(String),
    /// An environment variable (its description, e.g. `PGHOST (from .env)`).
    Environment(String),
    /// libpq's default.
    Default,
    /// The password file.
    PasswordFile(PathBuf),
}

/// libpq's `sslmode`; tokio-postgres knows only the first three, so verification is strata's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// TLS settings besides the mode: files for verification and client certificates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsFiles {
    /// `sslrootcert`: the CA file for verify-ca / verify-full.
    pub root_cert: Option<String>,
    /// `sslcert`: a client certificate.
    pub cert: Option<String>,
    /// `sslkey`: its key (default: the certificate file).
    pub key: Option<String>,
}

/// The merged settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The form of the connection string, or key=value when there was none.
    pub form: Form,
    values: Vec<(&'static Keyword, Vec<u8>, Origin)>,
    /// Warnings for the user (an ignored password file).
    pub notes: Vec<String>,
}

impl Settings {
    /// Merges `given` (a parsed connection string, if any) with the environment and defaults.
    pub fn resolve(given: Option<Conninfo>, env: &Environment) -> Result<Settings> {
        let mut settings = Settings {
            form: given.as_ref().map(|g| g.form).unwrap_or(Form::Keywords),
            values: Vec::new(),
            notes: Vec::new(),
        };
        for (keyword, value) in given.into_iter().flat_map(|g| g.params) {
            settings.set(keyword, value, Origin::Given);
        }
        settings.apply_service(env)?;
        for keyword in conninfo::KEYWORDS {
            if let Some(var) = keyword.env
                && settings.get(keyword.name).is_none()
                && let Some(value) = env.var(var)
            {
                let origin = Origin::Environment(env.describe(var));
                settings.set(keyword, bytes(&value).to_vec(), origin);
            }
        }
        settings.apply_defaults()?;
        settings.check_values()?;
        settings.apply_password_file(env);
        Ok(settings)
    }

    fn set(&mut self, keyword: &'static Keyword, value: Vec<u8>, origin: Origin) {
        self.values.retain(|(k, _, _)| *k != keyword);
        self.values.push((keyword, value, origin));
    }

    fn get(&self, name: &str) -> Option<&[u8]> {
        self.entry(name).map(|(_, v, _)| v.as_slice())
    }

    fn entry(&self, name: &str) -> Option<&(&'static Keyword, Vec<u8>, Origin)> {
        self.values.iter().find(|(k, _, _)| k.name == name)
    }

    /// A setting as text (every setting but a password is checked to be UTF-8).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| std::str::from_utf8(v).ok())
    }

    /// Where a setting came from.
    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.entry(name).map(|(_, _, o)| o)
    }

    /// `dbname` replaced (the scratch database: same server, same credentials).
    pub fn set_dbname(&mut self, name: &str) {
        let keyword = conninfo::keyword(b"dbname").expect("dbname");
        self.set(keyword, name.as_bytes().to_vec(), Origin::Given);
    }

    /// `sslmode=x` in a message, or `sslmode (from PGSSLMODE)`.
    fn describe(&self, name: &str) -> String {
        match self.origin(name) {
            Some(Origin::Environment(var)) => format!("{name} (from {var})"),
            Some(Origin::Service(service)) => format!("{name} (from service \"{service}\")"),
            _ => name.to_string(),
        }
    }

    fn apply_service(&mut self, env: &Environment) -> Result<()> {
        let name = match self.get("service") {
            Some(name) => name.to_vec(),
            None => match env.var("PGSERVICE") {
                Some(name) if !name.is_empty() => {
                    let keyword = conninfo::keyword(b"service").expect("service");
                    let origin = Origin::Environment(env.describe("PGSERVICE"));
                    self.set(keyword, bytes(&name).to_vec(), origin);
                    bytes(&name).to_vec()
                }
                _ => return Ok(()),
            },
        };
        let mut files = Vec::new();
        match env.var("PGSERVICEFILE") {
            Some(file) => files.push(PathBuf::from(file)),
            None => files.extend(home(env).map(|h| h.join(".pg_service.conf"))),
        }
        let sysconf = env
            .var("PGSYSCONFDIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(service::DEFAULT_SYSCONFDIR));
        files.push(sysconf.join("pg_service.conf"));
        let shown = String::from_utf8_lossy(&name).into_owned();
        for (keyword, value) in service::lookup(&name, &files)? {
            if self.get(keyword.name).is_none() {
                self.set(keyword, value, Origin::Service(shown.clone()));
            }
        }
        Ok(())
    }

    fn apply_defaults(&mut self) -> Result<()> {
        let keyword = |name: &str| conninfo::keyword(name.as_bytes()).expect("a keyword");
        if self.get("host").is_none_or(<[u8]>::is_empty) && self.get("hostaddr").is_none() {
            let host = default_host().as_bytes().to_vec();
            self.set(keyword("host"), host, Origin::Default);
        }
        if self.get("port").is_none_or(<[u8]>::is_empty) {
            let port = DEFAULT_PORT.as_bytes().to_vec();
            self.set(keyword("port"), port, Origin::Default);
        }
        if self.get("user").is_none_or(<[u8]>::is_empty) {
            let user = os_user::effective().ok_or_else(|| {
                input_error(
                    "no database user given and the OS user has no name (no passwd entry for \
                     the effective uid): set user= in the connection string or PGUSER",
                )
            })?;
            self.set(keyword("user"), user.name.into_bytes(), Origin::Default);
        }
        if self.get("dbname").is_none_or(<[u8]>::is_empty) {
            let user = self.get("user").unwrap_or_default().to_vec();
            self.set(keyword("dbname"), user, Origin::Default);
        }
        Ok(())
    }

    /// Every value but a secret is UTF-8, and no unsupported parameter is set.
    fn check_values(&self) -> Result<()> {
        for (keyword, value, _) in &self.values {
            if keyword.support == Support::Unsupported {
                return Err(input_error(format!(
                    "the connection parameter {} is not supported by strata",
                    self.describe(keyword.name)
                )));
            }
            if !keyword.is_secret() && std::str::from_utf8(value).is_err() {
                return Err(input_error(format!(
                    "{} is not valid UTF-8",
                    self.describe(keyword.name)
                )));
            }
        }
        Ok(())
    }

    fn apply_password_file(&mut self, env: &Environment) {
        if self.get("password").is_some_and(|p| !p.is_empty()) {
            return;
        }
        let path = match self.text("passfile") {
            Some(file) if !file.is_empty() => Some(PathBuf::from(file)),
            _ => pgpass::default_path(home(env)),
        };
        let Some(path) = path else {
            return;
        };
        let first = |list: Option<&str>| {
            list.unwrap_or("")
                .split(',')
                .next()
                .unwrap_or("")
                .to_string()
        };
        let host = match first(self.text("host")) {
            host if host.is_empty() => first(self.text("hostaddr")),
            host => host,
        };
        let port = match first(self.text("port")) {
            port if port.is_empty() => DEFAULT_PORT.to_string(),
            port => port,
        };
        let lookup = pgpass::Lookup {
            host: &host,
            port: &port,
            dbname: self.text("dbname").unwrap_or(""),
            user: self.text("user").unwrap_or(""),
        };
        let found = pgpass::lookup(&path, lookup);
        self.notes.extend(found.warning);
        if let Some(password) = found.password {
            let keyword = conninfo::keyword(b"password").expect("password");
            self.set(keyword, password, Origin::PasswordFile(path));
        }
    }

    /// The password file the password came from, if it did.
    pub fn password_file(&self) -> Option<&Path> {
        match self.origin("password") {
            Some(Origin::PasswordFile(path)) => Some(path),
            _ => None,
        }
    }

    /// What is shown for these settings: where the server is, who connects, the database,
    /// `****` for a password from any source, and every other parameter that is not a
    /// default, in the form of the connection string.
    pub fn display(&self) -> String {
        let mut shown: Vec<(&'static Keyword, &[u8])> = Vec::new();
        for keyword in conninfo::KEYWORDS {
            let Some((_, value, origin)) = self.entry(keyword.name) else {
                continue;
            };
            let core = matches!(
                keyword.name,
                "host" | "hostaddr" | "port" | "user" | "dbname"
            );
            let password = keyword.name == "password" && !value.is_empty();
            if core || password || (*origin != Origin::Default && !value.is_empty()) {
                shown.push((keyword, value));
            }
        }
        conninfo::render(self.form, &shown)
    }

    /// The tokio-postgres configuration and the TLS settings.
    pub fn config(&self) -> Result<(Config, SslMode, TlsFiles)> {
        let mut config = Config::new();
        self.hosts(&mut config)?;
        if let Some(user) = self.text("user") {
            config.user(user);
        }
        if let Some(password) = self.get("password").filter(|p| !p.is_empty()) {
            config.password(password);
        }
        if let Some(dbname) = self.text("dbname") {
            config.dbname(dbname);
        }
        if let Some(options) = self.text("options") {
            config.options(options);
        }
        let application = self
            .text("application_name")
            .or(self.text("fallback_application_name"))
            .unwrap_or(APPLICATION_NAME);
        config.application_name(application);
        self.timeouts(&mut config)?;
        self.choices(&mut config)?;
        let ssl_mode = match self.text("sslmode").unwrap_or("prefer") {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => {
                return Err(self.bad_value(
                    "sslmode",
                    "disable, allow, prefer, require, verify-ca or verify-full",
                ));
            }
        };
        let file = |name: &str| {
            self.text(name)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let tls = TlsFiles {
            root_cert: file("sslrootcert"),
            cert: file("sslcert"),
            key: file("sslkey"),
        };
        Ok((config, ssl_mode, tls))
    }

    fn bad_value(&self, name: &str, expected: &str) -> anyhow::Error {
        input_error(format!("{}: expected {expected}", self.describe(name)))
    }

    fn hosts(&self, config: &mut Config) -> Result<()> {
        let list = |name: &str| -> Vec<&str> {
            self.text(name)
                .filter(|v| !v.is_empty())
                .map(|v| v.split(',').collect())
                .unwrap_or_default()
        };
        let hosts = list("host");
        let addrs = list("hostaddr");
        for host in &hosts {
            if host.is_empty() {
                config.host(default_host());
            } else {
                config.host(*host);
            }
        }
        for addr in &addrs {
            let ip: IpAddr = addr
                .parse()
                .map_err(|_| self.bad_value("hostaddr", "numeric IP addresses"))?;
            config.hostaddr(ip);
        }
        if !hosts.is_empty() && !addrs.is_empty() && hosts.len() != addrs.len() {
            return Err(input_error(format!(
                "could not match {} host names to {} hostaddr values",
                hosts.len(),
                addrs.len()
            )));
        }
        let ports = list("port");
        let count = hosts.len().max(addrs.len());
        if ports.len() > 1 && ports.len() != count {
            return Err(input_error(format!(
                "could not match {} port numbers to {count} hosts",
                ports.len()
            )));
        }
        for port in ports {
            let number = if port.is_empty() { DEFAULT_PORT } else { port };
            let number: u16 = number
                .parse()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| self.bad_value("port", "port numbers from 1 to 65535"))?;
            config.port(number);
        }
        Ok(())
    }

    fn integer(&self, name: &str) -> Result<Option<i64>> {
        match self.text(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| self.bad_value(name, "an integer")),
        }
    }

    fn timeouts(&self, config: &mut Config) -> Result<()> {
        // libpq: zero or less waits forever, and less than 2 seconds counts as 2.
        if let Some(seconds) = self.integer("connect_timeout")?.filter(|s| *s > 0) {
            config.connect_timeout(Duration::from_secs(seconds.max(2) as u64));
        }
        if let Some(on) = self.integer("keepalives")? {
            config.keepalives(on != 0);
        }
        let seconds = |n: i64| Duration::from_secs(n.max(0) as u64);
        if let Some(n) = self.integer("keepalives_idle")? {
            config.keepalives_idle(seconds(n));
        }
        if let Some(n) = self.integer("keepalives_interval")? {
            config.keepalives_interval(seconds(n));
        }
        if let Some(n) = self.integer("keepalives_count")? {
            config.keepalives_retries(n.clamp(0, u32::MAX as i64) as u32);
        }
        if let Some(n) = self.integer("tcp_user_timeout")? {
            config.tcp_user_timeout(Duration::from_millis(n.max(0) as u64));
        }
        Ok(())
    }

    fn choices(&self, config: &mut Config) -> Result<()> {
        match self.text("target_session_attrs") {
            None | Some("any") => {}
            Some("read-write") => {
                config.target_session_attrs(TargetSessionAttrs::ReadWrite);
            }
            Some("read-only") => {
                config.target_session_attrs(TargetSessionAttrs::ReadOnly);
            }
            Some(_) => {
                return Err(self.bad_value("target_session_attrs", "any, read-write or read-only"));
            }
        }
        match self.text("load_balance_hosts") {
            None | Some("disable") => {}
            Some("random") => {
                config.load_balance_hosts(LoadBalanceHosts::Random);
            }
            Some(_) => return Err(self.bad_value("load_balance_hosts", "disable or random")),
        }
        match self.text("channel_binding") {
            None | Some("prefer") => {}
            Some("disable") => {
                config.channel_binding(ChannelBinding::Disable);
            }
            Some("require") => {
                config.channel_binding(ChannelBinding::Require);
            }
            Some(_) => return Err(self.bad_value("channel_binding", "disable, prefer or require")),
        }
        match self.text("gssencmode") {
            None | Some("disable" | "prefer") => Ok(()),
            Some(_) => Err(self.bad_value(
                "gssencmode",
                "disable or prefer (strata does not do GSSAPI encryption)",
            )),
        }
    }
}

/// libpq's default host: the Unix socket directory (Debian's when it exists, else /tmp).
pub fn default_host() -> &'static str {
    if Path::new("/var/run/postgresql").is_dir() {
        "/var/run/postgresql"
    } else {
        "/tmp"
    }
}

/// The home directory: `HOME`, else the passwd entry's.
pub fn home(env: &Environment) -> Option<PathBuf> {
    match env.var("HOME") {
        Some(home) if !home.is_empty() => Some(PathBuf::from(home)),
        _ => os_user::effective().map(|u| u.home),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(given: &str, vars: &[(&str, &str)]) -> Result<Settings> {
        let given = (!given.is_empty()).then(|| conninfo::parse(given.as_bytes()).unwrap());
        let mut all = vec![("HOME", "/nonexistent")];
        all.extend_from_slice(vars);
        Settings::resolve(given, &Environment::fixed(&all))
    }

    #[test]
    fn the_string_then_the_environment_then_the_defaults() {
        let settings = resolve(
            "postgres://u@h/db",
            &[
                ("PGUSER", "ignored"),
                ("PGPORT", "6543"),
                ("PGSSLMODE", "require"),
            ],
        )
        .unwrap();
        assert_eq!(settings.display(), "postgres://u@h:6543/db?sslmode=require");
        let (config, mode, _) = settings.config().unwrap();
        assert_eq!(config.get_user(), Some("u"));
        assert_eq!(config.get_ports(), &[6543]);
        assert_eq!(mode, SslMode::Require);
        assert_eq!(config.get_application_name(), Some("strata"));

        let settings = resolve("", &[("PGHOST", "h"), ("PGUSER", "app")]).unwrap();
        assert_eq!(settings.display(), "host=h port=5432 user=app dbname=app");
    }

    #[test]
    fn the_default_user_is_the_os_user() {
        let settings = resolve("host=h", &[("USER", "someone_else")]).unwrap();
        let me = os_user::effective().unwrap().name;
        assert_eq!(settings.text("user"), Some(me.as_str()));
        assert_eq!(settings.text("dbname"), Some(me.as_str()));
    }

    #[test]
    fn a_password_from_anywhere_is_masked() {
        let settings = resolve("host=h", &[("PGPASSWORD", "Env5ecret")]).unwrap();
        assert!(settings.display().contains("password=****"));
        assert!(!settings.display().contains("Env5ecret"));
        let (config, _, _) = settings.config().unwrap();
        assert_eq!(config.get_password(), Some(&b"Env5ecret"[..]));
    }

    #[test]
    fn bad_values_say_where_they_came_from_without_echoing_them() {
        let err = resolve("host=h", &[("PGSSLMODE", "sometimes")])
            .unwrap()
            .config()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "sslmode (from PGSSLMODE): expected disable, allow, prefer, require, verify-ca or verify-full"
        );
        let err = resolve("host=h port=x5", &[])
            .unwrap()
            .config()
            .unwrap_err();
        assert!(err.to_string().starts_with("port: expected"), "{err}");
        let err = resolve("host=h sslcrl=/x", &[]).unwrap_err();
        assert!(err.to_string().contains("sslcrl is not supported"), "{err}");
        let err = resolve("host=a,b port=1,2,3", &[])
            .unwrap()
            .config()
            .unwrap_err();
        assert!(
            err.to_string().contains("3 port numbers to 2 hosts"),
            "{err}"
        );
    }

    #[test]
    fn hosts_ports_and_addresses() {
        let (config, _, _) = resolve("host=a,/tmp hostaddr=127.0.0.1,::1 port=1,2", &[])
            .unwrap()
            .config()
            .unwrap();
        assert_eq!(config.get_hosts().len(), 2);
        assert_eq!(config.get_hostaddrs().len(), 2);
        assert_eq!(config.get_ports(), &[1, 2]);
    }

    #[test]
    fn a_service_fills_in_below_the_string_and_above_the_environment() {
        let dir = std::env::temp_dir().join(format!("strata-svc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("services");
        std::fs::write(
            &file,
            "[dev]\nhost=svc-host\nport=7000\npassword=Svc5ecret\n",
        )
        .unwrap();
        let file = file.to_str().unwrap();
        let settings = resolve(
            "service=dev port=7001",
            &[
                ("PGSERVICEFILE", file),
                ("PGHOST", "env-host"),
                ("PGUSER", "u"),
            ],
        )
        .unwrap();
        assert_eq!(settings.text("host"), Some("svc-host"));
        assert_eq!(settings.text("port"), Some("7001"));
        assert_eq!(
            settings.display(),
            "host=svc-host port=7001 user=u password=**** dbname=u service=dev"
        );
        let err = resolve("service=nope", &[("PGSERVICEFILE", file)]).unwrap_err();
        assert!(
            err.to_string().contains("service \"nope\" not found"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_password_file_is_read_when_no_password_is_given() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("strata-pass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pgpass");
        std::fs::write(&file, "h:5432:db:u:File5ecret\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let vars = [("PGPASSFILE", file.to_str().unwrap())];
        let settings = resolve("host=h user=u dbname=db", &vars).unwrap();
        assert_eq!(settings.password_file(), Some(file.as_path()));
        let (config, _, _) = settings.config().unwrap();
        assert_eq!(config.get_password(), Some(&b"File5ecret"[..]));
        assert!(settings.display().contains("password=****"));
        let settings = resolve("host=h user=u dbname=db password=given", &vars).unwrap();
        assert_eq!(settings.password_file(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
