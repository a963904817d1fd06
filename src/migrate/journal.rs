//! `journal.json`: the ordered list of migrations with their checksums.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The journal format version this build writes and reads.
pub const JOURNAL_VERSION: u32 = 1;

/// The journal file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The format version ([`JOURNAL_VERSION`]).
    pub version: u32,
    /// Always `postgresql`.
    pub dialect: String,
    /// The migrations, in order.
    pub entries: Vec<JournalEntry>,
}

/// One migration in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Position in the history, from 0.
    pub idx: u32,
    /// `NNNN_name`, the stem of the migration and snapshot files.
    pub tag: String,
    /// When `generate` or `new` wrote it, RFC 3339 UTC.
    pub created_at: String,
    /// SHA-256 of the up file, the down file and the snapshot (line endings normalised).
    pub up_sha256: String,
    /// See `up_sha256`.
    pub down_sha256: String,
    /// See `up_sha256`.
    pub snapshot_sha256: String,
    /// False when the migration cannot run in one transaction; the runner then applies it in
    /// batches, or statement by statement when its file has a `-- strata:no-transaction` line.
    pub transactional: bool,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            version: JOURNAL_VERSION,
            dialect: "postgresql".to_string(),
            entries: Vec::new(),
        }
    }
}

impl Journal {
    /// Reads the journal; a missing file is an empty journal.
    pub fn load(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Ok(Journal::default());
        }
        let text = crate::migrate::files::read_text(path)?;
        Journal::from_json(&text, path)
    }

    /// Parses a journal's text; `path` names it in errors.
    pub fn from_json(text: &str, path: &Path) -> Result<Self> {
        let journal: Journal = serde_json::from_str(text).map_err(|e| {
            crate::error::input_error(format!(
                "{}:{}:{}: invalid journal: {}",
                path.display(),
                e.line(),
                json_column(&e),
                json_message(&e)
            ))
        })?;
        if journal.version != JOURNAL_VERSION {
            return Err(crate::error::input_error(format!(
                "{}: journal version {} is not supported (this strata reads version {JOURNAL_VERSION})",
                path.display(),
                journal.version
            )));
        }
        Ok(journal)
    }

    /// The journal as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("journal serialises");
        text.push('\n');
        text
    }

    /// The next free index; an input error after the largest one (it never wraps to 0).
    pub fn next_idx(&self) -> Result<u32> {
        match self.entries.last() {
            None => Ok(0),
            Some(last) => last.idx.checked_add(1).ok_or_else(|| {
                crate::error::input_error(format!(
                    "the journal's last migration {} has index {}, the largest there is: no \
                     index is left for another migration",
                    last.tag, last.idx
                ))
            }),
        }
    }

    /// The entry with this tag, if any.
    pub fn entry(&self, tag: &str) -> Option<&JournalEntry> {
        self.entries.iter().find(|e| e.tag == tag)
    }
}

/// The column of a JSON error, from 1: serde_json says 0 for an error found right after a
/// line break (the end of the file after a last newline), which is the next line's column 1.
pub fn json_column(error: &serde_json::Error) -> usize {
    error.column().max(1)
}

/// A JSON error's message without serde_json's own " at line L column C" (the location is
/// given in front, as everywhere else).
pub fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The tag for a new migration: the index padded to four digits, then the name reduced to
/// lowercase letters, digits and underscores.
pub fn make_tag(idx: u32, name: &str) -> String {
    let mut slug = String::new();
    for ch in name.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug = slug.trim_matches('_');
    let slug = if slug.is_empty() { "migration" } else { slug };
    format!("{idx:04}_{slug}")
}

/// The current time as RFC 3339 UTC with second precision (`2026-11-25T02:01:24Z`).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    format_rfc3339(secs)
}

/// Formats seconds since the Unix epoch as RFC 3339 UTC.
pub fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_slugged_and_padded() {
        assert_eq!(make_tag(3, "Add Branches!"), "0003_add_branches");
        assert_eq!(make_tag(12, "  "), "0012_migration");
    }

    #[test]
    fn rfc3339_of_known_instants() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(format_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn journal_round_trips() {
        let mut journal = Journal::default();
        journal.entries.push(JournalEntry {
            idx: 0,
            tag: "0000_init".into(),
            created_at: "1970-01-01T00:00:00Z".into(),
            up_sha256: "a".into(),
            down_sha256: "b".into(),
            snapshot_sha256: "c".into(),
            transactional: true,
        });
        let back: Journal = serde_json::from_str(&journal.to_json()).unwrap();
        assert_eq!(back, journal);
        assert_eq!(back.next_idx().unwrap(), 1);
        let mut full = back;
        full.entries[0].idx = u32::MAX;
        let err = full.next_idx().unwrap_err().to_string();
        assert!(err.contains("4294967295"), "{err}");
    }
}
