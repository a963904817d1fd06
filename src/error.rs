//! Error kinds that decide the exit code; everything else is `anyhow` context.
//!
//! Exit codes (DESIGN.md): 0 success, 1 a check found a problem, 2 usage or input error,
//! 3 database or I/O failure. Commands return `Ok(Outcome::Problems)` for 1; errors are
//! classified here by walking the error chain for one of the typed kinds below.

use std::fmt;

/// The input was wrong: a bad argument, a malformed schema file, a bad config value. Exit 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// A check failed in a way that is reported as an error (for example an edited migration that
/// stops `migrate`). Exit 1.
#[derive(Debug)]
pub struct CheckFailed(pub String);

impl fmt::Display for CheckFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CheckFailed {}

/// Shorthand: an `anyhow::Error` carrying an [`InputError`].
pub fn input_error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(InputError(message.into()))
}

/// Shorthand: an `anyhow::Error` carrying a [`CheckFailed`].
pub fn check_failed(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(CheckFailed(message.into()))
}

/// The exit code for an error: 2 for input errors (including schema diagnostics), 1 for failed
/// checks (a refused migration among them), 3 for everything else (database, I/O).
pub fn exit_code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if cause.is::<InputError>() || cause.is::<crate::schema::Diagnostics>() {
            return 2;
        }
        if cause.is::<CheckFailed>() || cause.is::<crate::migrate::refusal::Refused>() {
            return 1;
        }
    }
    3
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn exit_code_looks_through_context() {
        let err = Err::<(), _>(input_error("bad"))
            .context("reading x")
            .unwrap_err();
        assert_eq!(exit_code(&err), 2);
        let err = Err::<(), _>(check_failed("edited"))
            .context("x")
            .unwrap_err();
        assert_eq!(exit_code(&err), 1);
        let io = std::io::Error::other("disk");
        assert_eq!(exit_code(&anyhow::Error::new(io)), 3);
    }
}
