//! The environment a connection is resolved from: the process environment, then the
//! project's `.env` file for variables the process does not set, as sqlx-cli, dbmate and
//! Prisma read it. Nothing is written into the process environment.
//!
//! The `.env` format is the subset those tools share:
//! - `NAME=value` lines, `export NAME=value` too; blank lines and `#` comments are skipped;
//! - an unquoted value runs to the end of the line, a ` #` starts a comment, surrounding
//!   whitespace is trimmed;
//! - `'single quotes'` keep everything literally, across lines;
//! - `"double quotes"` read the escapes `\n`, `\r`, `\t`, `\"`, `\\`, `\$`, and may span lines;
//! - `$NAME` and `${NAME}` in unquoted and double-quoted values are replaced by the process
//!   environment's value, else by an earlier line's, else by nothing.
//!
//! Errors name the file and line but never quote it: the line may hold a password.

use crate::error::input_error;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// The name of the file read from the project directory.
pub const DOTENV_FILE: &str = ".env";

/// Variables as a command sees them.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `None`: the real process environment; `Some`: a fixed one (tests).
    process: Option<BTreeMap<String, OsString>>,
    dotenv: BTreeMap<String, OsString>,
    dotenv_path: Option<PathBuf>,
}

/// Where a variable's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarSource {
    Process,
    DotEnv,
}

impl Environment {
    /// The process environment alone.
    pub fn process() -> Self {
        Environment::default()
    }

    /// The process environment, then `dir/.env` when it exists.
    pub fn with_dotenv(dir: &Path) -> Result<Self> {
        let mut env = Environment::process();
        env.load_dotenv(dir)?;
        Ok(env)
    }

    /// A fixed environment of `(name, value)` pairs instead of the process's (for tests).
    pub fn fixed(vars: &[(&str, &str)]) -> Self {
        Environment {
            process: Some(
                vars.iter()
                    .map(|(k, v)| (k.to_string(), OsString::from(v)))
                    .collect(),
            ),
            ..Environment::default()
        }
    }

    /// Reads `dir/.env` (when it exists) beneath this environment.
    pub fn load_dotenv(&mut self, dir: &Path) -> Result<()> {
        let path = dir.join(DOTENV_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let lookup = |name: &str| self.process_var(name);
        let pairs = parse_dotenv(&bytes, lookup)
            .map_err(|(line, what)| input_error(format!("{}:{line}: {what}", path.display())))?;
        self.dotenv = pairs
            .into_iter()
            .map(|(k, v)| (k, OsString::from_vec(v)))
            .collect();
        self.dotenv_path = Some(path);
        Ok(())
    }

    fn process_var(&self, name: &str) -> Option<OsString> {
        match &self.process {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var_os(name),
        }
    }

    /// A variable: the process's when set (even to nothing), else the `.env` file's.
    pub fn var(&self, name: &str) -> Option<OsString> {
        self.var_with_source(name).map(|(value, _)| value)
    }

    /// A variable and where it came from.
    pub fn var_with_source(&self, name: &str) -> Option<(OsString, VarSource)> {
        if let Some(value) = self.process_var(name) {
            return Some((value, VarSource::Process));
        }
        self.dotenv
            .get(name)
            .map(|value| (value.clone(), VarSource::DotEnv))
    }

    /// A variable that is set to something other than blanks.
    pub fn non_empty(&self, name: &str) -> Option<OsString> {
        self.var(name)
            .filter(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace))
    }

    /// How to name a variable in a message: `PGHOST`, or `PGHOST (from .env)`.
    pub fn describe(&self, name: &str) -> String {
        match self.var_with_source(name) {
            Some((_, VarSource::DotEnv)) => format!("{name} (from {DOTENV_FILE})"),
            _ => name.to_string(),
        }
    }

    /// The `.env` file that was read, if any.
    pub fn dotenv_path(&self) -> Option<&Path> {
        self.dotenv_path.as_deref()
    }
}

/// The bytes of an OS string.
pub fn bytes(value: &OsStr) -> &[u8] {
    value.as_bytes()
}

/// A `.env` error: the line and what is wrong with it.
pub type DotEnvError = (usize, &'static str);

/// Parses a `.env` file into `(name, value)` pairs in file order. `process` looks up
/// variables for `$NAME` substitution.
pub fn parse_dotenv(
    text: &[u8],
    process: impl Fn(&str) -> Option<OsString>,
) -> Result<Vec<(String, Vec<u8>)>, DotEnvError> {
    let mut parser = Parser {
        text,
        i: 0,
        line: 1,
    };
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    loop {
        parser.skip(|b| b.is_ascii_whitespace());
        let Some(b) = parser.peek() else {
            return Ok(out);
        };
        if b == b'#' {
            parser.skip(|b| b != b'\n');
            continue;
        }
        let line = parser.line;
        let name = parser.name(line)?;
        let lookup = |var: &str| -> Vec<u8> {
            if let Some(value) = process(var) {
                return value.into_vec();
            }
            out.iter()
                .rev()
                .find(|(k, _)| k == var)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let value = parser.value(line, &lookup)?;
        out.push((name, value));
    }
}

struct Parser<'a> {
    text: &'a [u8],
    i: usize,
    line: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    fn skip(&mut self, while_: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&while_) {
            self.bump();
        }
    }

    fn blanks(&mut self) {
        self.skip(|b| b == b' ' || b == b'\t');
    }

    /// `[export ]NAME =`
    fn name(&mut self, line: usize) -> Result<String, DotEnvError> {
        if self.text[self.i..].starts_with(b"export")
            && matches!(self.text.get(self.i + 6), Some(b' ' | b'\t'))
        {
            self.i += 6;
            self.blanks();
        }
        let start = self.i;
        self.skip(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        let name = &self.text[start..self.i];
        if name.is_empty() || name[0].is_ascii_digit() {
            return Err((
                line,
                "expected NAME=value (a name of letters, digits and _)",
            ));
        }
        self.blanks();
        if self.bump() != Some(b'=') {
            return Err((line, "expected `=` after the variable name"));
        }
        self.blanks();
        Ok(String::from_utf8_lossy(name).into_owned())
    }

    fn value(
        &mut self,
        line: usize,
        lookup: &dyn Fn(&str) -> Vec<u8>,
    ) -> Result<Vec<u8>, DotEnvError> {
        let value = match self.peek() {
            Some(b'\'') => {
                self.bump();
                let start = self.i;
                self.skip(|b| b != b'\'');
                if self.peek().is_none() {
                    return Err((line, "a single-quoted value without its closing quote"));
                }
                let value = self.text[start..self.i].to_vec();
                self.bump();
                value
            }
            Some(b'"') => {
                self.bump();
                let value = self.double_quoted(line, lookup)?;
                self.bump();
                value
            }
            _ => return Ok(self.unquoted(lookup)),
        };
        self.blanks();
        match self.peek() {
            None | Some(b'\n' | b'\r' | b'#') => {
                self.skip(|b| b != b'\n');
                Ok(value)
            }
            Some(_) => Err((line, "unexpected text after the closing quote")),
        }
    }

    fn double_quoted(
        &mut self,
        line: usize,
        lookup: &dyn Fn(&str) -> Vec<u8>,
    ) -> Result<Vec<u8>, DotEnvError> {
        let mut value = Vec::new();
        loop {
            match self.peek() {
                None => return Err((line, "a double-quoted value without its closing quote")),
                Some(b'"') => return Ok(value),
                Some(b'\\') => {
                    self.bump();
                    match self.bump() {
                        Some(b'n') => value.push(b'\n'),
                        Some(b'r') => value.push(b'\r'),
                        Some(b't') => value.push(b'\t'),
                        Some(b @ (b'"' | b'\\' | b'$' | b'\'')) => value.push(b),
                        Some(b) => value.extend_from_slice(&[b'\\', b]),
                        None => {
                            return Err((line, "a double-quoted value without its closing quote"));
                        }
                    }
                }
                Some(b'$') => self.substitute(&mut value, lookup),
                Some(b) => {
                    self.bump();
                    value.push(b);
                }
            }
        }
    }

    fn unquoted(&mut self, lookup: &dyn Fn(&str) -> Vec<u8>) -> Vec<u8> {
        let mut value = Vec::new();
        while let Some(b) = self.peek() {
            match b {
                b'\n' => break,
                b'#' if value.is_empty() || value.last().is_some_and(u8::is_ascii_whitespace) => {
                    self.skip(|b| b != b'\n');
                    break;
                }
                b'\\' if self.text.get(self.i + 1) == Some(&b'$') => {
                    self.i += 2;
                    value.push(b'$');
                }
                b'$' => self.substitute(&mut value, lookup),
                _ => {
                    self.bump();
                    value.push(b);
                }
            }
        }
        while value.last().is_some_and(u8::is_ascii_whitespace) {
            value.pop();
        }
        value
    }

    /// `$NAME` or `${NAME}` at the cursor; a lone `$` stays.
    fn substitute(&mut self, value: &mut Vec<u8>, lookup: &dyn Fn(&str) -> Vec<u8>) {
        self.bump();
        let braced = self.peek() == Some(b'{');
        let start = if braced { self.i + 1 } else { self.i };
        let mut end = start;
        while self
            .text
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            end += 1;
        }
        let closed = !braced || self.text.get(end) == Some(&b'}');
        if end == start || !closed {
            value.push(b'$');
            return;
        }
        let name = String::from_utf8_lossy(&self.text[start..end]).into_owned();
        value.extend_from_slice(&lookup(&name));
        self.i = if braced { end + 1 } else { end };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<(String, String)> {
        let process = |name: &str| (name == "HOME").then(|| OsString::from("/home/me"));
        parse_dotenv(text.as_bytes(), process)
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_shared_dotenv_format() {
        let text = "# comment\n\nA=1\nexport B = two words  # note\nC='lit $A \\n\n#x'\n\
                    D=\"esc \\\"q\\\" \\n ${A}$B \\$A\"\nE=a#b\nF=\nG=$HOME/x\\$y\r\nH=\"\"  # empty\n";
        assert_eq!(
            parse(text),
            pairs(&[
                ("A", "1"),
                ("B", "two words"),
                ("C", "lit $A \\n\n#x"),
                ("D", "esc \"q\" \n 1two words $A"),
                ("E", "a#b"),
                ("F", ""),
                ("G", "/home/me/x$y"),
                ("H", ""),
            ])
        );
    }

    #[test]
    fn errors_name_the_line_only() {
        let process = |_: &str| None;
        for (text, line) in [
            ("A=1\nB=\"unterminated\n", 2),
            ("A=1\n\nsecret words\n", 3),
            ("A='x' y\n", 1),
            ("1A=x\n", 1),
        ] {
            let (at, what) = parse_dotenv(text.as_bytes(), process).unwrap_err();
            assert_eq!(at, line, "{text}: {what}");
            assert!(!what.contains("secret") && !what.contains("unterminated\""));
        }
    }

    #[test]
    fn the_process_environment_wins_over_the_file() {
        let dir = tempfile_dir();
        std::fs::write(dir.join(DOTENV_FILE), "PGHOST=file\nPGPORT=6543\n").unwrap();
        let mut env = Environment::fixed(&[("PGHOST", "process")]);
        env.load_dotenv(&dir).unwrap();
        assert_eq!(env.var("PGHOST"), Some(OsString::from("process")));
        assert_eq!(env.var("PGPORT"), Some(OsString::from("6543")));
        assert_eq!(env.describe("PGPORT"), "PGPORT (from .env)");
        assert_eq!(env.describe("PGHOST"), "PGHOST");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "strata-env-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
