//! Migration files, the journal, checksums, and (with a database) the runner.

pub mod check;
pub mod checksum;
pub mod files;
pub mod journal;
