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

/// The project directory a command works on: `-C DIR` when given, else the project found
/// from the current directory upward ([`discover`]), else the current directory (where
/// commands then say what is missing).
pub fn project_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().context("reading the current directory")?;
    Ok(discover(&cwd).map_or_else(|| PathBuf::from("."), |found| found.root))
}

/// Why a directory was taken for a project's root: the file or directory found there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The root, relative to the directory the search started in (`.`, `..`, `../..`), so
    /// messages name files as the user would type them from where they are.
    pub root: PathBuf,
    /// How many levels above the start it is (0: the start itself).
    pub depth: usize,
    /// What marks it as a project: `strata.toml`, `journal.json` or `schema/`.
    pub marker: &'static str,
}

/// Finds the project that `start` (an absolute directory) is in, as cargo and git do: the
/// nearest directory at or above it holding `strata.toml`; when there is none, the nearest
/// holding `journal.json` or a `schema/` directory with a `.toml` file in it (a project may
/// have no strata.toml; an empty or unrelated `schema/` does not make one).
/// `None` when no ancestor is a project.
pub fn discover(start: &Path) -> Option<Found> {
    let holds_config = |dir: &Path| dir.join(CONFIG_FILE).is_file().then_some(CONFIG_FILE);
    let holds_layout = |dir: &Path| {
        if dir.join("journal.json").is_file() {
            Some("journal.json")
        } else if holds_toml(&dir.join("schema")) {
            Some("schema/")
        } else {
            None
        }
    };
    for test in [
        &holds_config as &dyn Fn(&Path) -> Option<&'static str>,
        &holds_layout,
    ] {
        for (depth, dir) in start.ancestors().enumerate() {
            if let Some(marker) = test(dir) {
                return Some(Found {
                    root: up(depth),
                    depth,
                    marker,
                });
            }
        }
    }
    None
}

/// True when `dir` is a directory with at least one `*.toml` file directly in it.
fn holds_toml(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    })
}

/// `.` for depth 0, else `..` repeated `depth` times.
fn up(depth: usize) -> PathBuf {
    if depth == 0 {
        return PathBuf::from(".");
    }
    let mut path = PathBuf::new();
    for _ in 0..depth {
        path.push("..");
    }
    path
}

/// `root/path`, or just `path` when the root is the current directory, so messages read
/// `schema/posts.toml:3:1` rather than `./schema/posts.toml:3:1`.
pub fn under(root: &Path, path: &str) -> PathBuf {
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
    fn discovery_prefers_strata_toml_then_the_layout() {
        let dir = tempfile_dir("discover");
        let deep = dir.join("a/schema/b");
        std::fs::create_dir_all(&deep).unwrap();
        // A schema/ directory without TOML files is not a project.
        assert_eq!(discover(&deep), None);
        // Nothing above `dir` is expected to be a project; the layout marker `schema/` in `a`
        // is found from two levels below it.
        std::fs::write(dir.join("a/schema/users.toml"), "").unwrap();
        assert_eq!(
            discover(&deep),
            Some(Found {
                root: PathBuf::from("../.."),
                depth: 2,
                marker: "schema/"
            })
        );
        // A strata.toml further up wins over the nearer schema/ directory.
        std::fs::write(dir.join(CONFIG_FILE), "").unwrap();
        assert_eq!(
            discover(&deep),
            Some(Found {
                root: PathBuf::from("../../.."),
                depth: 3,
                marker: CONFIG_FILE
            })
        );
        assert_eq!(discover(&dir).unwrap().root, PathBuf::from("."));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("strata-cfg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
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
