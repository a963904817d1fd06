//! Adopting strata: another tool's migration history turned into a strata project.
//!
//! strata cannot regenerate another tool's SQL, so an imported project starts with one strata
//! migration, a baseline of the current schema (its up file creates everything, so a fresh
//! database gets it all), and `strata baseline` records it as applied, without running it, on
//! every database the old tool already migrated. The old tool's files are kept, copied under
//! `migrations/imported/<tool>/`, with a manifest `migrations/imported/<tool>.json` listing each
//! migration and its checksum as that tool computes it; `baseline` matches a database's old
//! history table against it (nothing pending, nothing unknown, nothing edited) before it
//! records anything, and keeps the matched rows in the companion table
//! `<history_table>_imported`. The old history table itself stays untouched and is left out of
//! introspection (see [`unmanaged_tables`]), so `verify` does not report it as drift.
//!
//! One module per source: [`drizzle`] (drizzle-kit's output folder and snapshots),
//! [`refinery`] (`V{n}__name.sql`, read with the refinery crate), [`sqlx`] (sqlx-cli's
//! `migrations/`). [`old_history`] reads and matches the old tools' history tables,
//! [`project`] writes the strata files, [`replay`] builds a schema by running SQL files on a
//! scratch database.

pub mod drizzle;
pub mod drizzle_model;
pub mod old_history;
mod ordered;
pub mod project;
pub mod refinery;
pub mod replay;
pub mod sqlx;
pub mod statements;

use crate::config::Project;
use crate::schema::QualifiedName;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The tools strata imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    Drizzle,
    Refinery,
    Sqlx,
}

impl Tool {
    /// The name used in file names, the manifest and messages.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Drizzle => "drizzle",
            Tool::Refinery => "refinery",
            Tool::Sqlx => "sqlx",
        }
    }

    /// The tool's own history table, at its default name.
    pub fn default_history_table(self) -> &'static str {
        match self {
            Tool::Drizzle => "drizzle.__drizzle_migrations",
            Tool::Refinery => "refinery_schema_history",
            Tool::Sqlx => "_sqlx_migrations",
        }
    }

    /// Where the tool keeps its migrations by default, relative to the project.
    pub fn default_source(self) -> &'static str {
        match self {
            Tool::Drizzle => "drizzle",
            Tool::Refinery | Tool::Sqlx => "migrations",
        }
    }
}

/// `migrations/imported/<tool>.json`: what was imported, so that `baseline` can check each
/// database's old history against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: Tool,
    /// The folder the files came from, as given to `import`.
    pub source: String,
    /// The old tool's history table (`schema.table` or `table`).
    pub history_table: String,
    /// The strata migration that stands for this whole history.
    pub baseline: String,
    /// Every migration of the old tool, in its order.
    pub migrations: Vec<OldMigration>,
    /// What the old tool left inconsistent, as reported by `import`.
    pub findings: Vec<String>,
}

/// One migration of the old tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldMigration {
    /// The tool's version: drizzle's journal index, refinery's and sqlx's version number.
    pub version: i64,
    /// The tool's name for it (drizzle's tag, refinery's name, sqlx's description).
    pub name: String,
    /// The file, relative to `migrations/imported/<tool>/`.
    pub file: String,
    /// The checksum as the tool stores it: drizzle's sha256 hex, refinery's decimal SipHash,
    /// sqlx's SHA-384 hex.
    pub checksum: String,
    /// When the tool says it was created (drizzle's journal `when`, RFC 3339), if it says.
    pub created_at: Option<String>,
}

impl Manifest {
    /// The old tool's history table as a qualified name.
    pub fn history_table(&self) -> QualifiedName {
        QualifiedName::parse(&self.history_table)
    }

    /// The manifest as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("manifest serialises");
        text.push('\n');
        text
    }
}

/// The folder holding the copies and manifests: `<migrations_dir>/imported`.
pub fn imported_dir(project: &Project) -> PathBuf {
    project.migrations_dir.join("imported")
}

/// The manifest path of a tool.
pub fn manifest_path(project: &Project, tool: Tool) -> PathBuf {
    imported_dir(project).join(format!("{}.json", tool.name()))
}

/// Every manifest in the project, in tool order (none when nothing was imported).
pub fn manifests(project: &Project) -> Result<Vec<Manifest>> {
    let mut out = Vec::new();
    for tool in [Tool::Drizzle, Tool::Refinery, Tool::Sqlx] {
        let path = manifest_path(project, tool);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
            crate::error::input_error(format!(
                "{}:{}:{}: invalid import manifest: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        out.push(manifest);
    }
    Ok(out)
}

/// The companion table that keeps, per database, the old tool's rows matched by `baseline`.
pub fn imported_history_table(project: &Project) -> QualifiedName {
    let table = &project.history_table;
    QualifiedName::new(table.schema.clone(), format!("{}_imported", table.name))
}

/// Tables in the database that strata keeps but does not manage, left out of introspection:
/// its history table, the companion table of imported histories, and the old tools' history
/// tables named by the manifests. A project whose manifests cannot be read still gets the
/// first two (the manifest error surfaces in `baseline`).
pub fn unmanaged_tables(project: &Project) -> Vec<QualifiedName> {
    let mut tables = vec![
        project.history_table.clone(),
        imported_history_table(project),
    ];
    for manifest in manifests(project).unwrap_or_default() {
        tables.push(manifest.history_table());
    }
    tables
}

/// `path` relative to `base` with `/` separators, for the manifest.
pub(crate) fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companion_table_sits_beside_the_history_table() {
        let mut project = Project::with_defaults(Path::new("/p"));
        assert_eq!(
            imported_history_table(&project),
            QualifiedName::public("strata_migrations_imported")
        );
        project.history_table = QualifiedName::new("ops", "history");
        assert_eq!(
            imported_history_table(&project),
            QualifiedName::new("ops", "history_imported")
        );
    }

    #[test]
    fn manifest_round_trips() {
        let manifest = Manifest {
            tool: Tool::Sqlx,
            source: "migrations".into(),
            history_table: "_sqlx_migrations".into(),
            baseline: "0000_baseline".into(),
            migrations: vec![OldMigration {
                version: 20240101000000,
                name: "init".into(),
                file: "20240101000000_init.sql".into(),
                checksum: "ab".into(),
                created_at: None,
            }],
            findings: vec![],
        };
        let back: Manifest = serde_json::from_str(&manifest.to_json()).unwrap();
        assert_eq!(back, manifest);
        assert_eq!(
            back.history_table(),
            QualifiedName::public("_sqlx_migrations")
        );
    }
}
