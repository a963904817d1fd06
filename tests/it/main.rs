//! The single integration-test binary: CLI tests and tests against a real PostgreSQL.

mod cli_basics;
mod support;
