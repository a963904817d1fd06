//! Connections: where the database is (URL or libpq environment), how to reach it (TLS), and
//! how to show it without its password.

pub mod connect;

pub use connect::{DbTarget, connect, connect_config, mask_password};
