//! Resolving and opening a connection, as libpq does: a `postgres://` URL or `key=value`
//! string, else the `PG*` environment and libpq's defaults; TLS per `sslmode`
//! (`disable`, `prefer` (the default), `require`, `verify-ca`, `verify-full`).

use anyhow::{Context, Result};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres_openssl::MakeTlsConnector;
use std::fmt;
use std::str::FromStr;
use tokio_postgres::config::SslMode as PgSslMode;
use tokio_postgres::{Client, Config, NoTls};

/// libpq's `sslmode`; tokio-postgres knows only the first three, so verification is ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// A database to connect to. `Display` never shows the password.
#[derive(Clone)]
pub struct DbTarget {
    pub config: Config,
    pub ssl_mode: SslMode,
    /// `sslrootcert`: the CA file for verify-ca / verify-full.
    pub ssl_root_cert: Option<String>,
    /// The connection string as given (or built from the environment), shown masked.
    source: String,
}

impl fmt::Debug for DbTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbTarget({self})")
    }
}

impl fmt::Display for DbTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_password(&self.source))
    }
}

impl DbTarget {
    /// The database a command should use: the `--database-url` flag, else the environment
    /// variable named by `env_var` (strata.toml's `database_url_env`, default `DATABASE_URL`),
    /// else libpq's `PG*` variables and defaults, as `psql` does.
    pub fn resolve(flag: Option<&str>, env_var: &str) -> Result<Self> {
        if let Some(url) = flag {
            return DbTarget::parse(url);
        }
        match std::env::var(env_var) {
            Ok(url) if !url.trim().is_empty() => DbTarget::parse(&url),
            _ => DbTarget::parse(&libpq_environment(|k| std::env::var(k).ok())),
        }
    }

    /// Parses a `postgres://` URL or a libpq `key=value` string.
    pub fn parse(source: &str) -> Result<Self> {
        let (cleaned, ssl_mode, ssl_root_cert) = take_ssl_settings(source)?;
        let config = Config::from_str(&cleaned).map_err(|e| {
            crate::error::input_error(format!(
                "invalid database URL {}: {e}",
                mask_password(source)
            ))
        })?;
        Ok(DbTarget {
            config,
            ssl_mode,
            ssl_root_cert,
            source: source.to_string(),
        })
    }
}

/// A key=value string from libpq's environment variables and defaults.
pub fn libpq_environment(var: impl Fn(&str) -> Option<String>) -> String {
    let user = var("PGUSER")
        .or_else(|| var("USER"))
        .unwrap_or_else(|| "postgres".to_string());
    let host = var("PGHOST").unwrap_or_else(|| {
        if std::path::Path::new("/var/run/postgresql").is_dir() {
            "/var/run/postgresql".to_string()
        } else {
            "localhost".to_string()
        }
    });
    let mut parts = vec![
        format!("host={}", quote_value(&host)),
        format!("port={}", var("PGPORT").unwrap_or_else(|| "5432".into())),
        format!("user={}", quote_value(&user)),
        format!(
            "dbname={}",
            quote_value(&var("PGDATABASE").unwrap_or_else(|| user.clone()))
        ),
    ];
    if let Some(password) = var("PGPASSWORD") {
        parts.push(format!("password={}", quote_value(&password)));
    }
    if let Some(mode) = var("PGSSLMODE") {
        parts.push(format!("sslmode={}", quote_value(&mode)));
    }
    if let Some(cert) = var("PGSSLROOTCERT") {
        parts.push(format!("sslrootcert={}", quote_value(&cert)));
    }
    parts.join(" ")
}

/// A key=value value, single-quoted with escapes when needed.
fn quote_value(value: &str) -> String {
    if !value.is_empty() && !value.contains([' ', '\'', '\\']) {
        return value.to_string();
    }
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Takes `sslmode` and `sslrootcert` out of a connection string (tokio-postgres rejects
/// `verify-ca`, `verify-full` and `sslrootcert`), returning the rest and the settings.
fn take_ssl_settings(source: &str) -> Result<(String, SslMode, Option<String>)> {
    let mut mode = SslMode::Prefer;
    let mut root_cert = None;
    let mut keep = |key: &str, value: &str| -> Result<bool> {
        match key {
            "sslmode" => {
                mode = SslMode::parse(value).ok_or_else(|| {
                    crate::error::input_error(format!(
                        "sslmode={value}: expected disable, prefer, require, verify-ca or verify-full"
                    ))
                })?;
                Ok(false)
            }
            "sslrootcert" => {
                root_cert = Some(value.to_string());
                Ok(false)
            }
            _ => Ok(true),
        }
    };
    let cleaned = if source.starts_with("postgres://") || source.starts_with("postgresql://") {
        match source.split_once('?') {
            None => source.to_string(),
            Some((base, query)) => {
                let mut kept = Vec::new();
                for pair in query.split('&') {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    if keep(k, v)? {
                        kept.push(pair);
                    }
                }
                if kept.is_empty() {
                    base.to_string()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
        }
    } else {
        let mut kept = Vec::new();
        for token in split_keywords(source) {
            let (k, v) = token.split_once('=').unwrap_or((token.as_str(), ""));
            let unquoted = v.trim_matches('\'');
            if keep(k.trim(), unquoted)? {
                kept.push(token.clone());
            }
        }
        kept.join(" ")
    };
    Ok((cleaned, mode, root_cert))
}

/// Splits `a=1 b='x y'` into `a=1` and `b='x y'` (spaces around `=` removed).
fn split_keywords(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    let mut chars = source.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_quote => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '\'' => {
                in_quote = !in_quote;
                current.push(c);
            }
            ' ' if !in_quote => {
                let rest_starts_with_eq = chars.peek() == Some(&'=');
                if current.ends_with('=') || rest_starts_with_eq {
                    continue;
                }
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Opens a connection and spawns its driver task on the current runtime.
pub async fn connect(target: &DbTarget) -> Result<Client> {
    let mut config = target.config.clone();
    let tls = match target.ssl_mode {
        SslMode::Disable => None,
        mode => {
            config.ssl_mode(if mode == SslMode::Prefer {
                PgSslMode::Prefer
            } else {
                PgSslMode::Require
            });
            Some(tls_connector(mode, target.ssl_root_cert.as_deref())?)
        }
    };
    let client = match tls {
        None => {
            config.ssl_mode(PgSslMode::Disable);
            connect_config(&config).await
        }
        Some(tls) => match config.connect(tls).await {
            Ok((client, connection)) => {
                tokio::spawn(async move {
                    let _ = connection.await;
                });
                Ok(client)
            }
            Err(e) => Err(e.into()),
        },
    };
    client.with_context(|| format!("connecting to {target}"))
}

/// The OpenSSL connector for a mode: no verification for prefer/require (as libpq), the CA
/// chain for verify-ca, the chain and the host name for verify-full.
fn tls_connector(mode: SslMode, root_cert: Option<&str>) -> Result<MakeTlsConnector> {
    let mut builder = SslConnector::builder(SslMethod::tls()).context("setting up TLS")?;
    match mode {
        SslMode::Prefer | SslMode::Require | SslMode::Disable => {
            builder.set_verify(SslVerifyMode::NONE)
        }
        SslMode::VerifyCa | SslMode::VerifyFull => {
            builder.set_verify(SslVerifyMode::PEER);
            let default_root = std::env::var("HOME")
                .map(|home| format!("{home}/.postgresql/root.crt"))
                .ok()
                .filter(|p| std::path::Path::new(p).exists());
            if let Some(path) = root_cert.map(str::to_string).or(default_root) {
                builder
                    .set_ca_file(&path)
                    .with_context(|| format!("reading sslrootcert {path}"))?;
            }
        }
    }
    let mut connector = MakeTlsConnector::new(builder.build());
    if mode == SslMode::VerifyCa {
        connector.set_callback(|config, _| {
            config.set_verify_hostname(false);
            Ok(())
        });
    }
    Ok(connector)
}

/// Opens a plain connection from settings (errors carry no password: tokio-postgres never
/// puts it in a message).
pub async fn connect_config(config: &Config) -> Result<Client> {
    let (client, connection) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        // The error surfaces again on the next query; nothing to do with it here.
        let _ = connection.await;
    });
    Ok(client)
}

/// Replaces the password in a `postgres://user:pass@host` URL or a `password=...` key=value
/// pair with `****`.
pub fn mask_password(source: &str) -> String {
    if let Some(rest) = source
        .strip_prefix("postgres://")
        .map(|r| ("postgres://", r))
        .or_else(|| {
            source
                .strip_prefix("postgresql://")
                .map(|r| ("postgresql://", r))
        })
    {
        let (scheme, rest) = rest;
        let (authority, tail) = match rest.find(['/', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let authority = match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                match userinfo.find(':') {
                    Some(colon) => format!("{}:****{}", &userinfo[..colon], &authority[at..]),
                    None => authority.to_string(),
                }
            }
            None => authority.to_string(),
        };
        return format!("{scheme}{authority}{}", mask_query_password(tail));
    }
    mask_keyword_password(source)
}

/// Masks `password=...` in a URL query string.
fn mask_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k == "password" => format!("{k}=****"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

/// Masks `password=...` (possibly quoted) in a libpq key=value string.
fn mask_keyword_password(source: &str) -> String {
    let Some(start) = find_keyword(source, "password") else {
        return source.to_string();
    };
    let mut value_start = start + "password".len();
    let bytes = source.as_bytes();
    while value_start < bytes.len() && (bytes[value_start] == b' ' || bytes[value_start] == b'=') {
        value_start += 1;
    }
    let mut end = value_start;
    if bytes.get(end) == Some(&b'\'') {
        end += 1;
        while end < bytes.len() && bytes[end] != b'\'' {
            if bytes[end] == b'\\' {
                end += 1;
            }
            end += 1;
        }
        end = (end + 1).min(bytes.len());
    } else {
        while end < bytes.len() && bytes[end] != b' ' {
            end += 1;
        }
    }
    format!("{}****{}", &source[..value_start], &source[end..])
}

/// The byte offset of `key` used as a keyword (followed by optional spaces and `=`).
fn find_keyword(source: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = source[from..].find(key) {
        let at = from + i;
        let before_ok = at == 0 || source.as_bytes()[at - 1] == b' ';
        let after = source[at + key.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_url_password() {
        assert_eq!(
            mask_password("postgres://u:s3cret@h:5432/db"),
            "postgres://u:****@h:5432/db"
        );
        assert_eq!(
            mask_password("postgresql://u:p@ss:w@rd@h/db?sslmode=require"),
            "postgresql://u:****@h/db?sslmode=require"
        );
        assert_eq!(mask_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            mask_password("postgres://h/db?user=u&password=x"),
            "postgres://h/db?user=u&password=****"
        );
    }

    #[test]
    fn masks_keyword_password() {
        assert_eq!(
            mask_password("host=h password=s3cret user=u"),
            "host=h password=**** user=u"
        );
        assert_eq!(
            mask_password("host=h password = 'a b\\' c' user=u"),
            "host=h password = **** user=u"
        );
        assert_eq!(mask_password("host=h"), "host=h");
    }

    #[test]
    fn display_masks_password() {
        let target = DbTarget::parse("postgres://u:s3cret@localhost/db").unwrap();
        assert!(!target.to_string().contains("s3cret"));
        assert!(!format!("{target:?}").contains("s3cret"));
    }

    #[test]
    fn ssl_settings_are_taken_out() {
        let target = DbTarget::parse(
            "postgres://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem&application_name=x",
        )
        .unwrap();
        assert_eq!(target.ssl_mode, SslMode::VerifyFull);
        assert_eq!(target.ssl_root_cert.as_deref(), Some("/ca.pem"));
        let target = DbTarget::parse("host=h sslmode = verify-ca user=u").unwrap();
        assert_eq!(target.ssl_mode, SslMode::VerifyCa);
        assert_eq!(target.config.get_user(), Some("u"));
        assert!(DbTarget::parse("host=h sslmode=sometimes").is_err());
    }

    #[test]
    fn libpq_environment_and_defaults() {
        let env = |k: &str| match k {
            "PGHOST" => Some("db.example".to_string()),
            "PGUSER" => Some("app".to_string()),
            "PGPASSWORD" => Some("it's secret".to_string()),
            "PGSSLMODE" => Some("require".to_string()),
            _ => None,
        };
        let text = libpq_environment(env);
        assert_eq!(
            text,
            "host=db.example port=5432 user=app dbname=app password='it\\'s secret' sslmode=require"
        );
        let target = DbTarget::parse(&text).unwrap();
        assert_eq!(target.ssl_mode, SslMode::Require);
        assert_eq!(target.config.get_password(), Some(&b"it's secret"[..]));
        assert!(!target.to_string().contains("secret"));
    }
}
