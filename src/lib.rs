//! strata: a PostgreSQL schema and migration tool.
//!
//! The binary (`src/main.rs`) parses the command line and calls [`commands::run`]; everything
//! else is library code. Stages, one module each: `schema` (model, TOML parsing, validation,
//! snapshots), `diff` (model pairs to typed changes), `sql` (changes to SQL), `lint` (hazards of
//! a change set), `import` (adopting strata from another tool's history), `migrate` (files,
//! journal, checksums, the runner), `introspect` (a live database to the model), `db`
//! (connections), `docs` (the schema as a static site); `style` is how human output looks
//! (colour, counted nouns).

pub mod cli;
pub mod commands;
pub mod config;
pub mod db;
pub mod diff;
pub mod docs;
pub mod error;
pub mod import;
pub mod introspect;
pub mod lint;
pub mod migrate;
pub mod progress;
pub mod schema;
pub mod sql;
pub mod style;
