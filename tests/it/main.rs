//! The single integration-test binary: CLI tests and tests against a real PostgreSQL.

mod cli_basics;
mod connect;
mod diff_property;
mod drift;
mod generate;
mod golden;
mod introspect;
mod progress;
mod project_files;
mod rollback;
mod runner;
mod schema_errors;
mod support;
