//! How human output looks: colour on terminals, nouns counted in words ("1 change",
//! "2 changes"), and user text with its control characters escaped.
//!
//! Colour follows `--color auto|always|never` (default `auto`): `auto` colours a stream only
//! when it is a terminal, `NO_COLOR` is unset or empty (<https://no-color.org>) and `TERM` is
//! not `dumb`; `always` and `never` override all three. `--json` output is never coloured.

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;
use std::sync::OnceLock;

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour, even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

/// The stream a piece of text goes to: each is decided on its own (`strata status | less`
/// still gets coloured errors on the terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What a piece of text means, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Errors, drift, data loss, broken states: bold red.
    Bad,
    /// Hazards, warnings, pending work: yellow.
    Warn,
    /// Success and applied migrations: green.
    Good,
    /// Secondary information: dimmed.
    Dim,
}

impl Tone {
    fn style(self) -> Style {
        match self {
            Tone::Bad => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            Tone::Warn => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Tone::Good => Style::new().fg_color(Some(AnsiColor::Green.into())),
            Tone::Dim => Style::new().dimmed(),
        }
    }

    /// The same colour for a `status` table cell (comfy-table styles cells itself).
    #[cfg(feature = "cli")]
    pub fn table_color(self) -> comfy_table::Color {
        match self {
            Tone::Bad => comfy_table::Color::Red,
            Tone::Warn => comfy_table::Color::Yellow,
            Tone::Good => comfy_table::Color::Green,
            Tone::Dim => comfy_table::Color::DarkGrey,
        }
    }
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();
static STDOUT: OnceLock<bool> = OnceLock::new();
static STDERR: OnceLock<bool> = OnceLock::new();

/// Sets the `--color` choice; called once by `main` before any output. Later calls are
/// ignored (the first decision holds for the whole process).
pub fn set_choice(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// True when text written to `stream` should be coloured.
pub fn enabled(stream: Stream) -> bool {
    let choice = CHOICE.get().copied().unwrap_or_default();
    let cell = match stream {
        Stream::Stdout => &STDOUT,
        Stream::Stderr => &STDERR,
    };
    *cell.get_or_init(|| {
        let terminal = match stream {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        };
        decide(
            choice,
            terminal,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
        )
    })
}

/// The decision itself, apart from the process's environment so it can be tested.
fn decide(
    choice: ColorChoice,
    terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal && no_color.is_none_or(|v| v.is_empty()) && term != Some("dumb".as_ref())
        }
    }
}

/// `text` in the colour of `tone` when `stream` is coloured, else unchanged.
pub fn paint(stream: Stream, tone: Tone, text: &str) -> String {
    if enabled(stream) {
        let style = tone.style();
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// `text` for stdout in the colour of `tone`.
pub fn out(tone: Tone, text: &str) -> String {
    paint(Stream::Stdout, tone, text)
}

/// `text` for stderr in the colour of `tone`.
pub fn err(tone: Tone, text: &str) -> String {
    paint(Stream::Stderr, tone, text)
}

/// `text` with control characters escaped (`\u{1b}`), for user text shown on a terminal: a
/// name holding an escape sequence must not recolour or rewrite the screen.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A message of several lines for the terminal: control characters escaped as
/// [`printable`] does, except the line feeds and tabs that lay the message out. Error
/// messages quote names, paths and database errors that can hold anything.
pub fn printable_message(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A count with its noun in the right number and its digits grouped: `count(1, "change")` is
/// "1 change", `count(2_000, "table")` "2,000 tables", `count(3, "index")` "3 indexes" (nouns
/// ending in s, x or ch take `es`).
pub fn count(n: usize, noun: &str) -> String {
    let digits = crate::progress::thousands(n);
    if n == 1 {
        format!("{digits} {noun}")
    } else if noun.ends_with('s') || noun.ends_with('x') || noun.ends_with("ch") {
        format!("{digits} {noun}es")
    } else {
        format!("{digits} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn auto_colours_only_terminals_without_no_color() {
        let auto = ColorChoice::Auto;
        assert!(decide(auto, true, None, Some(OsStr::new("xterm"))));
        assert!(!decide(auto, false, None, None));
        assert!(!decide(auto, true, Some(OsStr::new("1")), None));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(decide(auto, true, Some(OsStr::new("")), None));
        assert!(!decide(auto, true, None, Some(OsStr::new("dumb"))));
    }

    #[test]
    fn always_and_never_override_the_environment() {
        assert!(decide(
            ColorChoice::Always,
            false,
            Some(OsStr::new("1")),
            None
        ));
        assert!(!decide(ColorChoice::Never, true, None, None));
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("users"), "users");
        assert_eq!(printable("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(
            printable_message("a\u{1b}[31mb\n\tc\r"),
            "a\\u{1b}[31mb\n\tc\\r"
        );
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(0, "change"), "0 changes");
        assert_eq!(count(1, "change"), "1 change");
        assert_eq!(count(2, "statement"), "2 statements");
        assert_eq!(count(3, "index"), "3 indexes");
        assert_eq!(count(2_000, "table"), "2,000 tables");
        assert_eq!(count(1_234_567, "row"), "1,234,567 rows");
    }
}
