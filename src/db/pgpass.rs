//! The password file (`~/.pgpass`, `PGPASSFILE`, `passfile=`), read as libpq reads it:
//! lines of `hostname:port:database:username:password`, `*` matching anything, `\` escaping
//! `:` and `\`, `#` lines ignored, the first matching line wins. A file that the group or
//! others may read or write is ignored with a warning, as is anything but a plain file.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// What to look a password up for.
#[derive(Debug, Clone, Copy)]
pub struct Lookup<'a> {
    /// The host (a socket directory or nothing counts as `localhost`, as in libpq).
    pub host: &'a str,
    /// The port as text (`5432` when none is given).
    pub port: &'a str,
    /// The database and user the connection will use.
    pub dbname: &'a str,
    pub user: &'a str,
}

/// The result of reading a password file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    /// The password of the first matching line.
    pub password: Option<Vec<u8>>,
    /// Why the file was ignored, to show the user (libpq prints the same warnings).
    pub warning: Option<String>,
}

/// The password for `lookup` from the file at `path`, if the file exists and has one.
pub fn lookup(path: &Path, lookup: Lookup<'_>) -> Found {
    let Ok(meta) = std::fs::metadata(path) else {
        return Found::default();
    };
    if !meta.is_file() {
        return Found {
            password: None,
            warning: Some(format!(
                "password file \"{path}\" is not a plain file",
                path = path.display()
            )),
        };
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Found {
            password: None,
            warning: Some(format!(
                "password file \"{path}\" has group or world access; permissions should be \
                 u=rw (0600) or less",
                path = path.display()
            )),
        };
    }
    let Ok(text) = std::fs::read(path) else {
        return Found::default();
    };
    Found {
        password: find(&text, lookup),
        warning: None,
    }
}

/// The default file: `$HOME/.pgpass` (the passwd entry's home when `HOME` is unset).
pub fn default_path(home: Option<PathBuf>) -> Option<PathBuf> {
    home.map(|home| home.join(".pgpass"))
}

/// The first line of `text` matching `lookup`, de-escaped.
pub fn find(text: &[u8], lookup: Lookup<'_>) -> Option<Vec<u8>> {
    let host = if lookup.host.is_empty() || lookup.host.starts_with('/') {
        "localhost"
    } else {
        lookup.host
    };
    for line in text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        let mut rest = line;
        let mut matched = true;
        for token in [host, lookup.port, lookup.dbname, lookup.user] {
            match field_matches(rest, token.as_bytes()) {
                Some(after) => rest = after,
                None => {
                    matched = false;
                    break;
                }
            }
        }
        if matched {
            return Some(unescape_password(rest));
        }
    }
    None
}

/// libpq's `pwdfMatchesString`: the field at the start of `buf` equals `token` (or is `*`);
/// returns what follows its `:`.
fn field_matches<'a>(buf: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
    if buf.starts_with(b"*:") {
        return Some(&buf[2..]);
    }
    let (mut i, mut t) = (0, 0);
    while i < buf.len() {
        let mut escaped = false;
        if buf[i] == b'\\' && i + 1 < buf.len() {
            i += 1;
            escaped = true;
        }
        if buf[i] == b':' && !escaped && t == token.len() {
            return Some(&buf[i + 1..]);
        }
        if t == token.len() || buf[i] != token[t] {
            return None;
        }
        i += 1;
        t += 1;
    }
    None
}

/// The password field up to an unescaped `:`, with `\x` read as `x`.
fn unescape_password(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() && field[i] != b':' {
        if field[i] == b'\\' && i + 1 < field.len() {
            i += 1;
        }
        out.push(field[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOKUP: Lookup<'static> = Lookup {
        host: "db.example",
        port: "5432",
        dbname: "app",
        user: "u:1",
    };

    #[test]
    fn the_first_matching_line_wins() {
        let text = b"# comment\nother:5432:app:u\\:1:no\ndb.example:5432:*:u\\:1:p\\:a\\\\ss:extra\r\n*:*:*:*:fallback\n";
        assert_eq!(find(text, LOOKUP), Some(b"p:a\\ss".to_vec()));
        let other = Lookup {
            user: "x",
            ..LOOKUP
        };
        assert_eq!(find(text, other), Some(b"fallback".to_vec()));
        assert_eq!(find(b"db.example:5432:app:u\\:1\n", LOOKUP), None);
    }

    #[test]
    fn a_socket_directory_counts_as_localhost() {
        let text = b"localhost:5432:app:u\\:1:local\n";
        let socket = Lookup {
            host: "/var/run/postgresql",
            ..LOOKUP
        };
        assert_eq!(find(text, socket), Some(b"local".to_vec()));
    }

    #[test]
    fn a_file_others_can_read_is_ignored_with_a_warning() {
        let dir = std::env::temp_dir().join(format!("strata-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let found = lookup(&path, LOOKUP);
        assert_eq!(found.password, None);
        assert!(found.warning.unwrap().contains("0600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(lookup(&path, LOOKUP).password, Some(b"secret".to_vec()));
        assert_eq!(lookup(&dir.join("missing"), LOOKUP), Found::default());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
