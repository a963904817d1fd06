//! Resolving and opening a connection.
//!
//! Provisional: URL and key=value strings only, no TLS yet. The introspection issue extends it
//! with libpq's environment and sslmode handling.

use anyhow::{Context, Result};
use std::fmt;
use std::str::FromStr;
use tokio_postgres::{Client, Config, NoTls};

/// A database to connect to. `Display` never shows the password.
#[derive(Clone)]
pub struct DbTarget {
    pub config: Config,
    /// The connection string as given, for display only after masking.
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
    /// variable named by `env_var` (strata.toml's `database_url_env`, default `DATABASE_URL`).
    pub fn resolve(flag: Option<&str>, env_var: &str) -> Result<Self> {
        if let Some(url) = flag {
            return DbTarget::parse(url);
        }
        match std::env::var(env_var) {
            Ok(url) if !url.trim().is_empty() => DbTarget::parse(&url),
            _ => Err(crate::error::input_error(format!(
                "no database given: set {env_var} or pass --database-url"
            ))),
        }
    }

    /// Parses a `postgres://` URL or a libpq `key=value` string.
    pub fn parse(source: &str) -> Result<Self> {
        let config = Config::from_str(source).map_err(|e| {
            crate::error::input_error(format!(
                "invalid database URL {}: {e}",
                mask_password(source)
            ))
        })?;
        Ok(DbTarget {
            config,
            source: source.to_string(),
        })
    }
}

/// Opens a connection and spawns its driver task on the current runtime.
pub async fn connect(target: &DbTarget) -> Result<Client> {
    connect_config(&target.config)
        .await
        .with_context(|| format!("connecting to {target}"))
}

/// Opens a connection from settings (errors carry no password: tokio-postgres never puts it
/// in a message).
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
}
