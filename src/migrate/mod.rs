//! Migration files, the journal, checksums, and (with a database) the runner.

pub mod check;
pub mod checksum;
pub mod event;
pub mod execute;
pub mod files;
pub mod history;
pub mod journal;
pub mod lock;
pub mod plan;
pub mod project_lock;
pub mod refusal;
pub mod runner;
pub mod session;
pub mod set;
pub mod split;
pub mod status;
