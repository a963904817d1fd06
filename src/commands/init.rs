//! `strata init`: lay out a new project. Existing files are left alone.

use crate::commands::Outcome;
use crate::config::{CONFIG_FILE, Project};
use crate::migrate::journal::Journal;
use anyhow::{Context, Result};
use std::path::Path;

/// The strata.toml that `init` writes: every key commented out at its default.
const CONFIG_TEMPLATE: &str = r#"# strata project settings; every key is optional and shown at its default.
# schema_dir = "schema"
# migrations_dir = "migrations"
# snapshots_dir = "snapshots"
# journal = "journal.json"
# database_url_env = "DATABASE_URL"
# history_table = "strata_migrations"
"#;

/// Creates the project layout under `root`.
pub fn run(root: &Path) -> Result<Outcome> {
    std::fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
    let config = root.join(CONFIG_FILE);
    write_if_missing(&config, CONFIG_TEMPLATE)?;
    let project = Project::load(root)?;
    for dir in [
        &project.schema_dir,
        &project.migrations_dir,
        &project.snapshots_dir,
    ] {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        outln!("created {}/", dir.display());
    }
    write_if_missing(&project.journal, &Journal::default().to_json())?;
    outln!("next: declare tables in schema/*.toml, then run `strata generate --name init`");
    Ok(Outcome::Success)
}

/// Writes `contents` to `path` unless it exists; says which it did.
fn write_if_missing(path: &Path, contents: &str) -> Result<()> {
    if path.exists() {
        outln!("kept {} (already exists)", path.display());
        return Ok(());
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
    outln!("created {}", path.display());
    Ok(())
}
