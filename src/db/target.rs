//! The database a command uses: where its connection string comes from (the flag, the
//! configured variable in the environment or `.env`), the rule that a command that changes a
//! database must be told which one, and the target's masked display.

use super::conninfo::{self, Conninfo};
use super::env::{Environment, bytes};
use super::settings::{Settings, SslMode, TlsFiles};
use crate::error::input_error;
use anyhow::Result;
use std::ffi::OsStr;
use std::fmt;
use std::path::Path;
use tokio_postgres::Config;

/// The libpq variables that name a server or database on their own; when one is set, a
/// command that writes may use the environment without a connection string.
pub const NAMING_VARIABLES: &[&str] = &[
    "PGDATABASE",
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGUSER",
    "PGSERVICE",
];

/// A database to connect to. `Display` and `Debug` never show the password.
#[derive(Clone)]
pub struct DbTarget {
    /// The tokio-postgres settings (TLS mode excepted: see `ssl_mode`).
    pub config: Config,
    /// libpq's sslmode, applied by `connect`.
    pub ssl_mode: SslMode,
    /// CA and client certificate files.
    pub tls: TlsFiles,
    settings: Settings,
    display: String,
}

impl fmt::Debug for DbTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbTarget({self})")
    }
}

impl fmt::Display for DbTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

/// What a command asks for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `--database-url`, when given.
    pub flag: Option<&'a OsStr>,
    /// The variable holding the connection string (strata.toml's `database_url_env`).
    pub env_var: &'a str,
    /// The environment (with the project's `.env`).
    pub env: &'a Environment,
    /// The command's name when it changes the database: then libpq's defaults alone are not
    /// enough, something must name the database.
    pub changes: Option<&'a str>,
}

impl DbTarget {
    /// The database for `request`: the flag, else the configured variable (from the
    /// environment or `.env`), else libpq's variables and defaults, as `psql` does.
    pub fn resolve(request: &Request<'_>) -> Result<Self> {
        let env = request.env;
        let (source, origin) = match request.flag {
            Some(flag) => (Some(bytes(flag).to_vec()), "--database-url".to_string()),
            None => match env.non_empty(request.env_var) {
                Some(value) => (Some(bytes(&value).to_vec()), env.describe(request.env_var)),
                None => (None, String::new()),
            },
        };
        let blank = |text: &[u8]| text.iter().all(u8::is_ascii_whitespace);
        let named = source.as_deref().is_some_and(|s| !blank(s))
            || NAMING_VARIABLES.iter().any(|v| env.non_empty(v).is_some());
        if let (false, Some(command)) = (named, request.changes) {
            return Err(no_target_error(command, request.env_var, env));
        }
        let given = match source {
            Some(text) => Some(parse_given(&text, &origin)?),
            None => None,
        };
        DbTarget::from_settings(Settings::resolve(given, env)?)
    }

    /// A connection string as given (libpq's environment fills in what it leaves out).
    pub fn parse(source: &str) -> Result<Self> {
        DbTarget::from_bytes(source.as_bytes(), &Environment::process())
    }

    /// A connection string of any bytes in `env`.
    pub fn from_bytes(source: &[u8], env: &Environment) -> Result<Self> {
        let given = parse_given(source, "the connection string")?;
        DbTarget::from_settings(Settings::resolve(Some(given), env)?)
    }

    fn from_settings(settings: Settings) -> Result<Self> {
        let (config, ssl_mode, tls) = settings.config()?;
        let display = settings.display();
        Ok(DbTarget {
            config,
            ssl_mode,
            tls,
            settings,
            display,
        })
    }

    /// The same server and credentials, another database.
    pub fn with_dbname(&self, name: &str) -> Self {
        let mut target = self.clone();
        target.config.dbname(name);
        target.settings.set_dbname(name);
        target.display = target.settings.display();
        target
    }

    /// Warnings to show the user (a password file that was ignored).
    pub fn notes(&self) -> &[String] {
        &self.settings.notes
    }

    /// The password file the password came from, if it did.
    pub fn password_file(&self) -> Option<&Path> {
        self.settings.password_file()
    }
}

fn parse_given(text: &[u8], origin: &str) -> Result<Conninfo> {
    conninfo::parse(text).map_err(|e| {
        input_error(format!(
            "{origin} is not a valid connection string (it is not shown: it may hold a \
             password): {e}; expected postgresql://user:password@host:port/dbname or key=value \
             pairs such as host=localhost dbname=app"
        ))
    })
}

/// The exit-2 error of a command that changes a database when nothing names one.
fn no_target_error(command: &str, env_var: &str, env: &Environment) -> anyhow::Error {
    let fallback = Settings::resolve(None, env)
        .map(|s| format!(" ({})", s.display()))
        .unwrap_or_default();
    let configured = if env_var == "DATABASE_URL" {
        String::new()
    } else {
        " (the variable named by database_url_env in strata.toml)".to_string()
    };
    input_error(format!(
        "no database named: `strata {command}` changes a database, so it does not fall back to \
         libpq's default database{fallback}. Name one with\n  \
         --database-url postgresql://user:password@host:5432/dbname\n  \
         {env_var}=...{configured} in the environment or in the project's .env file\n  \
         PGDATABASE (with PGHOST, PGPORT, PGUSER as needed) or PGSERVICE"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(env: &'a Environment, changes: Option<&'a str>) -> Request<'a> {
        Request {
            flag: None,
            env_var: "DATABASE_URL",
            env,
            changes,
        }
    }

    #[test]
    fn a_writing_command_needs_a_named_database() {
        let env = Environment::fixed(&[("HOME", "/nonexistent"), ("PGPASSWORD", "x")]);
        let err = DbTarget::resolve(&request(&env, Some("migrate"))).unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(
            err.to_string()
                .contains("`strata migrate` changes a database"),
            "{err}"
        );
        assert!(DbTarget::resolve(&request(&env, None)).is_ok());
        let env = Environment::fixed(&[("HOME", "/nonexistent"), ("PGDATABASE", "app")]);
        assert!(DbTarget::resolve(&request(&env, Some("migrate"))).is_ok());
        let env = Environment::fixed(&[("HOME", "/nonexistent"), ("DATABASE_URL", "  ")]);
        assert!(DbTarget::resolve(&request(&env, Some("migrate"))).is_err());
    }

    #[test]
    fn an_invalid_string_is_never_echoed() {
        let env = Environment::fixed(&[("DATABASE_URL", "pg://u:Sch3me@h/db")]);
        let err = DbTarget::resolve(&request(&env, None)).unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(!format!("{err:#}").contains("Sch3me"));
        assert!(
            err.to_string().starts_with("DATABASE_URL is not a valid"),
            "{err}"
        );
    }

    fn parse(text: &str) -> Result<DbTarget> {
        DbTarget::from_bytes(
            text.as_bytes(),
            &Environment::fixed(&[("HOME", "/nonexistent")]),
        )
    }

    #[test]
    fn display_masks_and_with_dbname_keeps_the_credentials() {
        let target = parse("postgres://u:s3cret@localhost/db").unwrap();
        assert_eq!(target.to_string(), "postgres://u:****@localhost:5432/db");
        assert!(!format!("{target:?}").contains("s3cret"));
        let scratch = target.with_dbname("scratch");
        assert_eq!(
            scratch.to_string(),
            "postgres://u:****@localhost:5432/scratch"
        );
        assert_eq!(scratch.config.get_password(), Some(&b"s3cret"[..]));
        assert_eq!(scratch.config.get_dbname(), Some("scratch"));
    }

    #[test]
    fn ssl_settings() {
        let target =
            parse("postgres://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem&application_name=x")
                .unwrap();
        assert_eq!(target.ssl_mode, SslMode::VerifyFull);
        assert_eq!(target.tls.root_cert.as_deref(), Some("/ca.pem"));
        let target = parse("host=h sslmode = verify-ca user=u").unwrap();
        assert_eq!(target.ssl_mode, SslMode::VerifyCa);
        assert_eq!(target.config.get_user(), Some("u"));
        assert!(parse("host=h sslmode=sometimes").is_err());
    }
}
