//! Questions asked on a terminal (`generate` and `push`): each shows its answers and which one
//! Enter picks, asks again on an answer it does not know, and gives up (`None`) at the end of
//! input, so that a closed terminal never counts as a yes or a no.

use crate::style::printable;
use std::io::{BufRead, IsTerminal, Write};

/// True when a person can answer questions (stdin and stderr are terminals).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks `question` on stderr until `read` accepts the answer (trimmed, lower-cased; empty for
/// Enter), printing `help` after each answer it rejects. `None` at the end of input.
pub fn ask<T>(question: &str, help: &str, read: impl Fn(&str) -> Option<T>) -> Option<T> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    loop {
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                eprintln!();
                return None;
            }
            Ok(_) => {}
        }
        if let Some(answer) = read(&line.trim().to_ascii_lowercase()) {
            return Some(answer);
        }
        eprintln!("{help}");
    }
}

/// A yes/no question whose Enter answer is `default`; the prompt says which.
pub fn confirm(question: &str, default: bool) -> Option<bool> {
    let hint = if default {
        "[Y/n] (Enter: yes)"
    } else {
        "[y/N] (Enter: no)"
    };
    ask(
        &format!("{question} {hint}: "),
        "Please answer y (yes) or n (no).",
        |answer| yes_no(answer, default),
    )
}

/// `y`/`yes`, `n`/`no`, or the default for an empty answer; `None` for anything else.
fn yes_no(answer: &str, default: bool) -> Option<bool> {
    match answer {
        "" => Some(default),
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

/// Whether an unhinted drop + add of the same shape is a rename: asks "rename or drop and
/// create?", Enter meaning rename (which keeps the data; both reach the same schema). The
/// names are shown with control characters escaped.
pub fn rename(what: &str, from: &str, to: &str) -> Option<bool> {
    let (what, from, to) = (printable(what), printable(from), printable(to));
    ask(
        &format!(
            "{what}.\n  r: rename {from} to {to} (keeps the data)\n  d: drop {from} and create \
             {to} (loses {from}'s data)\nRename? [R/d] (Enter: rename): "
        ),
        "Please answer r (rename) or d (drop and create).",
        rename_answer,
    )
}

/// `r`/`rename` or Enter is a rename, `d`/`drop` is drop and create; `None` for anything else.
fn rename_answer(answer: &str) -> Option<bool> {
    match answer {
        "" | "r" | "rename" => Some(true),
        "d" | "drop" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_strictly() {
        assert_eq!(yes_no("", false), Some(false));
        assert_eq!(yes_no("", true), Some(true));
        assert_eq!(yes_no("yes", false), Some(true));
        assert_eq!(yes_no("yep", false), None);
        assert_eq!(rename_answer(""), Some(true));
        assert_eq!(rename_answer("d"), Some(false));
        // Once, anything not starting with `r` was a drop.
        assert_eq!(rename_answer("x"), None);
        assert_eq!(rename_answer("dr"), None);
    }
}
