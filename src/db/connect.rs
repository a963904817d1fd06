//! Opening a connection to a [`DbTarget`], with TLS per libpq's `sslmode`: `disable`,
//! `prefer` (the default; `allow` is read as `prefer`), `require` (encrypted, not verified, as
//! libpq), `verify-ca` (the chain against `sslrootcert` or `~/.postgresql/root.crt`),
//! `verify-full` (the chain and the host name); `sslcert`/`sslkey` give a client certificate.

use super::settings::SslMode;
use super::target::DbTarget;
use anyhow::{Context, Result};
use openssl::ssl::{SslConnector, SslFiletype, SslMethod, SslVerifyMode};
use postgres_openssl::MakeTlsConnector;
use tokio_postgres::config::SslMode as PgSslMode;
use tokio_postgres::{Client, Config, NoTls};

/// Opens a connection and spawns its driver task on the current runtime. The error names the
/// target masked, and the password file when the password came from one.
pub async fn connect(target: &DbTarget) -> Result<Client> {
    let mut config = target.config.clone();
    let client = match target.ssl_mode {
        SslMode::Disable => {
            config.ssl_mode(PgSslMode::Disable);
            connect_config(&config).await
        }
        mode => {
            config.ssl_mode(if mode == SslMode::Prefer {
                PgSslMode::Prefer
            } else {
                PgSslMode::Require
            });
            let tls = tls_connector(target)?;
            match config.connect(tls).await {
                Ok((client, connection)) => {
                    tokio::spawn(async move {
                        let _ = connection.await;
                    });
                    Ok(client)
                }
                Err(e) => Err(e.into()),
            }
        }
    };
    client.with_context(|| match target.password_file() {
        Some(file) => format!(
            "connecting to {target} (password retrieved from file \"{file}\")",
            file = file.display()
        ),
        None => format!("connecting to {target}"),
    })
}

/// The OpenSSL connector for a target: no verification for prefer/require (as libpq), the CA
/// chain for verify-ca, the chain and the host name for verify-full.
fn tls_connector(target: &DbTarget) -> Result<MakeTlsConnector> {
    let mode = target.ssl_mode;
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
            if let Some(path) = target.tls.root_cert.clone().or(default_root) {
                builder
                    .set_ca_file(&path)
                    .with_context(|| format!("reading sslrootcert {path}"))?;
            }
        }
    }
    if let Some(cert) = &target.tls.cert {
        builder
            .set_certificate_chain_file(cert)
            .with_context(|| format!("reading sslcert {cert}"))?;
        let key = target.tls.key.clone().unwrap_or_else(|| cert.clone());
        builder
            .set_private_key_file(&key, SslFiletype::PEM)
            .with_context(|| format!("reading sslkey {key}"))?;
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
