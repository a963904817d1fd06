//! The `--json` envelope that `check`, `status` and `verify` share: one JSON document on every
//! exit path, with the keys in one order:
//!
//! `{"command": .., "ok": .., <the command's fields>, "error": null | {"message", "exit_code"}}`
//!
//! `ok` is true exactly when the exit code is 0. On an error (exit 2 or 3, or a usage error)
//! the command's own fields are left out and `error` says what went wrong; the message is the
//! one printed on stderr, so it carries no password either.

use serde::Serialize;
use std::io::Write;

/// The error part of the envelope.
#[derive(Debug, Serialize)]
pub struct ErrorReport {
    /// The message as `main` prints it (`{:#}`: every context step, outermost first).
    pub message: String,
    /// The process's exit code: 1, 2 or 3.
    pub exit_code: u8,
}

/// The document: the command, whether it succeeded, its fields, and the error.
#[derive(Debug, Serialize)]
struct Envelope<'a, T: Serialize> {
    command: &'a str,
    ok: bool,
    #[serde(flatten)]
    body: Option<&'a T>,
    error: Option<ErrorReport>,
}

/// Prints a command's result: `body`'s fields between `ok` and `error: null`.
pub fn print<T: Serialize>(command: &str, ok: bool, body: &T) -> anyhow::Result<()> {
    write(&Envelope {
        command,
        ok,
        body: Some(body),
        error: None,
    })?;
    Ok(())
}

/// Prints the envelope of a command that failed with `message` and `exit_code`.
pub fn print_error(command: &str, message: String, exit_code: u8) -> std::io::Result<()> {
    write(&Envelope::<()> {
        command,
        ok: false,
        body: None,
        error: Some(ErrorReport { message, exit_code }),
    })
}

fn write<T: Serialize>(envelope: &Envelope<T>) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(envelope).map_err(std::io::Error::other)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Body {
        zebra: u32,
        apple: u32,
    }

    #[test]
    fn keys_come_in_envelope_then_body_order() {
        let body = Body { zebra: 1, apple: 2 };
        let text = serde_json::to_string(&Envelope {
            command: "check",
            ok: true,
            body: Some(&body),
            error: None,
        })
        .unwrap();
        assert_eq!(
            text,
            r#"{"command":"check","ok":true,"zebra":1,"apple":2,"error":null}"#
        );
        let text = serde_json::to_string(&Envelope::<()> {
            command: "status",
            ok: false,
            body: None,
            error: Some(ErrorReport {
                message: "bad".into(),
                exit_code: 2,
            }),
        })
        .unwrap();
        assert_eq!(
            text,
            r#"{"command":"status","ok":false,"error":{"message":"bad","exit_code":2}}"#
        );
    }
}
