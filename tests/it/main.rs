//! The single integration-test binary: CLI tests and tests against a real PostgreSQL.

mod adversarial_sql;
mod auth_server;
mod baseline;
mod cli_basics;
mod cli_json;
mod cli_output;
mod cli_project;
mod cli_prompts;
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
mod masking;
mod masking_property;
mod pg18_catalogs;
mod runner;
mod schema_errors;
mod scratch;
mod server;
mod support;
