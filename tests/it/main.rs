//! The single integration-test binary: CLI tests and tests against a real PostgreSQL.

mod baseline;
mod cli_basics;
mod connect;
mod diff_property;
mod drift;
mod generate;
mod golden;
mod import_drizzle;
mod import_refinery;
mod import_sqlx;
mod import_support;
mod introspect;
mod runner;
mod schema_errors;
mod support;
