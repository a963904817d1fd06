//! Connection services (`service=name` or `PGSERVICE`), read as libpq reads them: the
//! section `[name]` of `PGSERVICEFILE` (default `~/.pg_service.conf`), else of
//! `PGSYSCONFDIR/pg_service.conf` (default `/etc/postgresql-common`, Debian's libpq). A
//! section holds `keyword=value` lines (the value is the rest of the line, unquoted); `#`
//! lines and blank lines are ignored.

use super::conninfo::{self, Keyword};
use crate::error::input_error;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The system directory when `PGSYSCONFDIR` is unset (Debian's libpq is built with it).
pub const DEFAULT_SYSCONFDIR: &str = "/etc/postgresql-common";

/// A service's parameters, in file order.
pub type Params = Vec<(&'static Keyword, Vec<u8>)>;

/// The parameters of service `name`, from the first of `files` that defines it.
pub fn lookup(name: &[u8], files: &[PathBuf]) -> Result<Params> {
    let shown = String::from_utf8_lossy(name);
    for path in files {
        let Ok(text) = std::fs::read(path) else {
            continue;
        };
        if let Some(params) = section(&text, name, path)? {
            return Ok(params);
        }
    }
    let searched: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    Err(input_error(format!(
        "definition of service \"{shown}\" not found (searched {})",
        searched.join(", ")
    )))
}

/// The section `[name]` of one file, `None` when it has none.
fn section(text: &[u8], name: &[u8], path: &Path) -> Result<Option<Params>> {
    let mut found = false;
    let mut params = Vec::new();
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.trim_ascii();
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        if line[0] == b'[' {
            if found {
                break;
            }
            found = line.strip_prefix(b"[").and_then(|l| l.strip_suffix(b"]")) == Some(name);
            continue;
        }
        if !found {
            continue;
        }
        let syntax = || {
            input_error(format!(
                "syntax error in service file \"{path}\", line {line}",
                path = path.display(),
                line = n + 1
            ))
        };
        let eq = line.iter().position(|&b| b == b'=').ok_or_else(syntax)?;
        let (key, value) = (&line[..eq], &line[eq + 1..]);
        if key == b"service" {
            return Err(input_error(format!(
                "nested service specifications not supported in service file \"{path}\", \
                 line {line}",
                path = path.display(),
                line = n + 1
            )));
        }
        let keyword = conninfo::keyword(key).ok_or_else(syntax)?;
        if !params.iter().any(|(k, _)| *k == keyword) {
            params.push((keyword, value.to_vec()));
        }
    }
    Ok(found.then_some(params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_section_only() {
        let text = b"# services\n[dev2]\nhost=wrong\n[dev]\n  host=db.example  \nport=6543\n\
                     password=a b=c\n\n[other]\nhost=x\n";
        let params = section(text, b"dev", Path::new("f")).unwrap().unwrap();
        let shown: Vec<(&str, &[u8])> =
            params.iter().map(|(k, v)| (k.name, v.as_slice())).collect();
        assert_eq!(
            shown,
            vec![
                ("host", &b"db.example"[..]),
                ("port", b"6543"),
                ("password", b"a b=c")
            ]
        );
        assert_eq!(section(text, b"none", Path::new("f")).unwrap(), None);
    }

    #[test]
    fn bad_lines_are_errors_with_their_line() {
        let err = section(b"[dev]\nhost\n", b"dev", Path::new("f")).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = section(b"[dev]\nservice=x\n", b"dev", Path::new("f")).unwrap_err();
        assert!(err.to_string().contains("nested"), "{err}");
    }

    #[test]
    fn a_missing_service_names_the_files_searched() {
        let err = lookup(b"nope", &[PathBuf::from("/nonexistent/pg_service.conf")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("service \"nope\" not found (searched /nonexistent/pg_service.conf)"),
            "{err}"
        );
    }
}
