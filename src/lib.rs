//! strata: a PostgreSQL schema and migration tool.
//!
//! The binary (`src/main.rs`) parses the command line and calls [`commands::run`]; everything
//! else is library code. Stages, one module each: `schema` (model, TOML parsing, validation,
//! snapshots), `diff` (model pairs to typed changes), `sql` (changes to SQL), `lint` (hazards of
//! a change set), `migrate` (files, journal, checksums, the runner), `introspect` (a live
//! database to the model), `db` (connections).

pub mod cli;
pub mod commands;
pub mod config;
pub mod db;
pub mod diff;
pub mod error;
pub mod introspect;
pub mod lint;
pub mod migrate;
pub mod progress;
pub mod schema;
pub mod sql;
