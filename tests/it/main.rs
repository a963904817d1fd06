//! The single integration-test binary: CLI tests and tests against a real PostgreSQL.

mod cli_basics;
mod connect;
mod diff_property;
mod drift;
mod generate;
mod golden;
mod introspect;
mod pg18_catalogs;
mod runner;
mod schema_errors;
mod server;
mod support;
