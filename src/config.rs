//! The project: `strata.toml`, its defaults, and the paths and settings every command uses.

use crate::error::input_error;
use crate::schema::QualifiedName;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The name of the optional project file.
pub const CONFIG_FILE: &str = "strata.toml";

/// A project's settings with every path resolved against the project directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub root: PathBuf,
    pub schema_dir: PathBuf,
    pub migrations_dir: PathBuf,
    pub snapshots_dir: PathBuf,
    pub journal: PathBuf,
    /// The environment variable holding the database URL (default `DATABASE_URL`).
    pub database_url_env: String,
    /// The history table, possibly schema-qualified (default `public.strata_migrations`).
    pub history_table: QualifiedName,
}

impl Project {
    /// The defaults of DESIGN.md for a project rooted at `root`.
    pub fn with_defaults(root: &Path) -> Self {
        Project {
            root: root.to_path_buf(),
            schema_dir: under(root, "schema"),
            migrations_dir: under(root, "migrations"),
            snapshots_dir: under(root, "snapshots"),
            journal: under(root, "journal.json"),
            database_url_env: "DATABASE_URL".to_string(),
            history_table: QualifiedName::public("strata_migrations"),
        }
    }

    /// Reads `root/strata.toml` if it exists; every key is optional. Unknown keys and values of
    /// the wrong type are input errors naming the file, line and column.
    pub fn load(root: &Path) -> Result<Self> {
        let mut project = Project::with_defaults(root);
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(project),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let doc = toml::de::DeTable::parse(&text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
            input_error(format!(
                "{}:{line}:{col}: {}",
                path.display(),
                e.message().trim()
            ))
        })?;
        // In file order, so that the first bad key is the one reported.
        for (key, item) in crate::schema::parse::entries(doc.get_ref()) {
            let at = line_col(&text, item.span().start);
            let value = item.get_ref().as_str().ok_or_else(|| {
                input_error(format!(
                    "{}:{}:{}: `{key}` must be a string",
                    path.display(),
                    at.0,
                    at.1
                ))
            })?;
            match key {
                "schema_dir" => project.schema_dir = under(root, value),
                "migrations_dir" => project.migrations_dir = under(root, value),
                "snapshots_dir" => project.snapshots_dir = under(root, value),
                "journal" => project.journal = under(root, value),
                "database_url_env" => project.database_url_env = value.to_string(),
                "history_table" => project.history_table = QualifiedName::parse(value),
                other => {
                    return Err(input_error(format!(
                        "{}:{}:{}: unknown key `{other}` (expected one of schema_dir, \
                         migrations_dir, snapshots_dir, journal, database_url_env, history_table)",
                        path.display(),
                        at.0,
                        at.1
                    )));
                }
            }
        }
        Ok(project)
    }
}

/// `root/path`, or just `path` when the root is the current directory, so messages read
/// `schema/posts.toml:3:1` rather than `./schema/posts.toml:3:1`.
fn under(root: &Path, path: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(path)
    } else {
        root.join(path)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
    }

    #[test]
    fn missing_config_gives_defaults() {
        let dir = std::env::temp_dir().join(format!("strata-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let project = Project::load(&dir).unwrap();
        assert_eq!(project.schema_dir, dir.join("schema"));
        assert_eq!(
            Project::with_defaults(Path::new(".")).schema_dir,
            PathBuf::from("schema")
        );
        assert_eq!(project.history_table.name, "strata_migrations");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unknown_key_is_an_input_error_with_position() {
        let dir = std::env::temp_dir().join(format!("strata-cfg-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(CONFIG_FILE),
            "schema_dir = \"s\"\nschema_dri = \"x\"\n",
        )
        .unwrap();
        let err = Project::load(&dir).unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(
            err.to_string()
                .contains("strata.toml:2:14: unknown key `schema_dri`"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
