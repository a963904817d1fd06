//! strata: a PostgreSQL schema and migration tool.
//!
//! The binary (`src/main.rs`) parses the command line and calls `commands::run`; everything
//! else is library code. Stages, one module each: `schema` (model, TOML parsing, validation,
//! snapshots), `diff` (model pairs to typed changes), `sql` (changes to SQL), `lint` (hazards of
//! a change set), `import` (adopting strata from another tool's history), `migrate` (files,
//! journal, checksums, the runner), `introspect` (a live database to the model), `db`
//! (connections), `docs` (the schema as a static site); `style` is how human output looks
//! (colour, counted nouns).
//!
//! For applications: [`migrator`] runs a project's migrations at startup with the command
//! line's runner (the same lock, checksums and history), from a directory or from files
//! compiled into the binary by [`embed`]. Depend on `strata` with `default-features = false`
//! to leave out the command line (the modules `cli`, `commands`, `docs` and `import`, and
//! their dependencies).

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod commands;
pub mod config;
pub mod db;
pub mod diff;
#[cfg(feature = "cli")]
pub mod docs;
pub mod embed;
pub mod error;
#[cfg(feature = "cli")]
pub mod import;
pub mod introspect;
pub mod lint;
pub mod migrate;
pub mod migrator;
pub mod progress;
pub mod schema;
pub mod sql;
pub mod style;

pub use migrator::{Migrations, Migrator};
