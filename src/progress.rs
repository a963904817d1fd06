//! How much the command line says (`-q`, `-v`) and how it shows long work: a bar with counts
//! and elapsed time on stderr when stderr is a terminal, plain lines now and then when it is
//! not (a CI log), nothing when quiet or when the output is JSON.
//!
//! A ticker thread redraws the bar (so the elapsed time moves during one long statement) and
//! writes the plain lines, first after a second, then at doubling intervals up to half a
//! minute, so a short run prints none and a long one a few dozen at most. Lines printed while
//! a bar is shown go through [`Progress::println`], which clears the bar first.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How much the command line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors and warnings only.
    Quiet,
    Normal,
    /// `-v`: every detail (each change of a migration, each migration's plan).
    Verbose,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// Sets the verbosity for the whole process (from `-q`/`-v`, once, before the command runs).
pub fn set_verbosity(verbosity: Verbosity) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
}

/// The process's verbosity.
pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Bar,
    Lines,
    Off,
}

/// The progress display of one command.
pub struct Progress {
    shared: Arc<Shared>,
    ticker: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

struct State {
    style: Style,
    task: Option<Task>,
    /// A bar is on the screen (and must be cleared before anything else is printed).
    drawn: bool,
    stopping: bool,
}

/// What is being worked on.
struct Task {
    label: String,
    done: usize,
    total: Option<usize>,
    unit: &'static str,
    started: Instant,
    /// When the next plain line is due (from `started`).
    next_line: Duration,
    /// Something to add, such as the session a statement waits for.
    note: Option<String>,
}

/// The bar's width in characters, and the longest line it draws (a narrow terminal would
/// wrap a longer one, and the bar could no longer be cleared).
const BAR_WIDTH: usize = 20;
const MAX_LINE: usize = 79;

impl Progress {
    /// A display on stderr: a bar on a terminal, plain lines elsewhere; none when `silent`
    /// (JSON output) or with `-q`.
    pub fn new(silent: bool) -> Progress {
        let style = if silent || verbosity() == Verbosity::Quiet {
            Style::Off
        } else if std::io::stderr().is_terminal() {
            Style::Bar
        } else {
            Style::Lines
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                style,
                task: None,
                drawn: false,
                stopping: false,
            }),
            wake: Condvar::new(),
        });
        let ticker = (style != Style::Off).then(|| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || tick(&shared))
        });
        Progress { shared, ticker }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts showing a task: `label` (a migration, a phase), `done` of `total` `unit`s.
    pub fn task(&self, label: &str, done: usize, total: Option<usize>, unit: &'static str) {
        let mut state = self.state();
        state.task = Some(Task {
            label: label.to_string(),
            done,
            total,
            unit,
            started: Instant::now(),
            next_line: Duration::from_secs(1),
            note: None,
        });
        state.redraw();
    }

    /// How far the task got.
    pub fn advance(&self, done: usize) {
        let mut state = self.state();
        if let Some(task) = &mut state.task {
            task.done = done;
            task.note = None;
        }
    }

    /// Adds a note to the task (or removes it with `None`).
    pub fn note(&self, note: Option<String>) {
        let mut state = self.state();
        if let Some(task) = &mut state.task {
            task.note = note;
        }
        state.redraw();
    }

    /// Ends the task and clears the bar.
    pub fn end_task(&self) {
        let mut state = self.state();
        state.task = None;
        state.clear();
    }

    /// Prints a line on stdout (unless quiet), clearing the bar around it.
    pub fn println(&self, line: &str) {
        if verbosity() == Verbosity::Quiet {
            return;
        }
        let mut state = self.state();
        state.clear();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        drop(out);
        state.redraw();
    }

    /// Prints a line on stderr (warnings: also when quiet), clearing the bar around it.
    pub fn eprintln(&self, line: &str) {
        let mut state = self.state();
        state.clear();
        eprintln!("{line}");
        state.redraw();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        {
            let mut state = self.state();
            state.stopping = true;
            state.clear();
        }
        self.shared.wake.notify_all();
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
    }
}

/// The ticker thread: redraws the bar ten times a second, or prints a plain line when one is
/// due, until the display is dropped.
fn tick(shared: &Shared) {
    let mut state = shared
        .state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    loop {
        let (next, _) = shared
            .wake
            .wait_timeout(state, Duration::from_millis(100))
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state = next;
        if state.stopping {
            return;
        }
        match state.style {
            Style::Bar => state.redraw(),
            Style::Lines => state.line_if_due(),
            Style::Off => return,
        }
    }
}

impl State {
    /// Draws the bar again (on a terminal, with a task).
    fn redraw(&mut self) {
        if self.style != Style::Bar {
            return;
        }
        let Some(task) = &self.task else {
            return;
        };
        let line = bar_line(task);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// Removes the bar from the screen.
    fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }

    /// Prints a plain progress line when one is due.
    fn line_if_due(&mut self) {
        let Some(task) = &mut self.task else {
            return;
        };
        let elapsed = task.started.elapsed();
        if elapsed < task.next_line {
            return;
        }
        task.next_line = (task.next_line * 2).min(task.next_line + Duration::from_secs(30));
        let counts = match task.total {
            Some(total) => format!(
                ": {} of {} {}",
                thousands(task.done),
                thousands(total),
                task.unit
            ),
            None => String::new(),
        };
        let note = task
            .note
            .as_deref()
            .map(|n| format!("; {n}"))
            .unwrap_or_default();
        eprintln!("{}{counts}, {}{note}", task.label, seconds(elapsed));
    }
}

/// `0000_init [#######-------------] 3,200/8,000 statements · note 5.1s`, at most
/// [`MAX_LINE`] characters.
fn bar_line(task: &Task) -> String {
    let label = shorten(&task.label, 24);
    let elapsed = seconds(task.started.elapsed());
    let middle = match task.total {
        Some(total) => {
            let filled = (task.done * BAR_WIDTH)
                .checked_div(total)
                .unwrap_or(BAR_WIDTH)
                .min(BAR_WIDTH);
            format!(
                "[{}{}] {}/{} {}",
                "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled),
                thousands(task.done),
                thousands(total),
                task.unit
            )
        }
        None => "...".to_string(),
    };
    let mut line = format!("{label} {middle}");
    if let Some(note) = &task.note {
        let room = MAX_LINE.saturating_sub(line.chars().count() + elapsed.len() + 4);
        if room > 10 {
            line.push_str(" · ");
            line.push_str(&shorten(note, room));
        }
    }
    format!("{line} {elapsed}")
}

/// `text` cut to `max` characters, with an ellipsis when cut; control characters dropped.
pub fn shorten(text: &str, max: usize) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() <= max {
        return clean;
    }
    let mut out: String = clean.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `8,000` for 8000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `12 ms` under a second, then as [`seconds`]: for how long something took.
pub fn took(elapsed: Duration) -> String {
    if elapsed < Duration::from_secs(1) {
        format!("{} ms", elapsed.as_millis())
    } else {
        seconds(elapsed)
    }
}

/// `0.4s`, `12.3s`, `2m05s`.
pub fn seconds(elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = elapsed.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_times_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(8000), "8,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(seconds(Duration::from_millis(1234)), "1.2s");
        assert_eq!(seconds(Duration::from_secs(125)), "2m05s");
    }

    #[test]
    fn the_bar_fits_and_ends_with_the_time() {
        let task = Task {
            label: "0000_a_migration_with_a_very_long_name_indeed".into(),
            done: 3200,
            total: Some(8000),
            unit: "statements",
            started: Instant::now(),
            next_line: Duration::ZERO,
            note: Some("waiting for a lock held by pid 123 (application \"psql\")".into()),
        };
        let line = bar_line(&task);
        assert!(line.chars().count() <= MAX_LINE, "{line}");
        assert!(
            line.contains("[########------------] 3,200/8,000 statements"),
            "{line}"
        );
        assert!(line.ends_with('s'), "{line}");
        assert_eq!(shorten("a\nb", 10), "a b");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
