//! Connections: where the database is (a connection string, the environment and `.env`,
//! services, the password file, libpq's defaults), how to reach it (TLS), how to show it
//! without its password, and the scratch databases used to normalise a schema.

pub mod connect;
pub mod conninfo;
pub mod env;
pub mod interrupt;
pub mod os_user;
pub mod pgpass;
pub mod scratch;
pub mod service;
pub mod settings;
pub mod target;

pub use connect::{connect, connect_config};
pub use env::Environment;
pub use settings::SslMode;
pub use target::{DbTarget, Request};

/// A connection string as it would be displayed: the password masked, and a fixed
/// placeholder when it cannot be parsed.
pub fn mask_password(source: &str) -> String {
    conninfo::mask(source)
}
