//! The `--to` argument of `migrate` and `rollback`: a full tag (`0010_add_votes`), a unique
//! prefix of one (`0010`, `0010_add`), or an index (`10`), resolved against the journal to the
//! full tag, so every later message names the migration in full.

use crate::error::input_error;
use crate::migrate::journal::Journal;
use anyhow::Result;

/// The journal tag that `text` names. An exact tag wins; then an index, written plainly
/// (`10`) or in four digits (`0010`); then a prefix that exactly one tag starts with. Anything else is an input error that says
/// which tags it could have meant.
pub fn resolve(journal: &Journal, text: &str) -> Result<String> {
    resolve_argument(journal, text, "--to ")
}

/// [`resolve`] for an argument that errors name as `label` followed by its text (`--to 12`,
/// `TAG 12`).
pub fn resolve_argument(journal: &Journal, text: &str, label: &str) -> Result<String> {
    let tags = || journal.entries.iter().map(|e| e.tag.as_str());
    if let Some(tag) = tags().find(|t| *t == text) {
        return Ok(tag.to_string());
    }
    // `10` and `0010` are index 10; `001` is a prefix (of 0010 to 0019).
    let by_index = journal
        .entries
        .iter()
        .find(|e| text == e.idx.to_string() || text == format!("{:04}", e.idx));
    if let Some(entry) = by_index {
        return Ok(entry.tag.clone());
    }
    let matches: Vec<&str> = tags().filter(|t| t.starts_with(text)).collect();
    match matches.as_slice() {
        [tag] => Ok(tag.to_string()),
        [] => Err(input_error(format!(
            "{label}{text}: no migration in the journal has that tag, prefix or index ({})",
            range(journal)
        ))),
        several => Err(input_error(format!(
            "{label}{text} is ambiguous: it starts {}; give more of the tag",
            several.join(", ")
        ))),
    }
}

/// "tags 0000_init to 0005_audit" for the error message, or "the journal is empty".
fn range(journal: &Journal) -> String {
    match (journal.entries.first(), journal.entries.last()) {
        (Some(first), Some(last)) if first.tag == last.tag => {
            format!("its only tag is {}", first.tag)
        }
        (Some(first), Some(last)) => format!("tags {} to {}", first.tag, last.tag),
        _ => "the journal is empty".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::journal::JournalEntry;

    fn journal(tags: &[&str]) -> Journal {
        let mut journal = Journal::default();
        for (idx, tag) in tags.iter().enumerate() {
            journal.entries.push(JournalEntry {
                idx: idx as u32,
                tag: tag.to_string(),
                created_at: String::new(),
                up_sha256: String::new(),
                down_sha256: String::new(),
                snapshot_sha256: String::new(),
                transactional: true,
            });
        }
        journal
    }

    #[test]
    fn a_tag_prefix_or_index_names_one_migration() {
        let j = journal(&["0000_init", "0001_votes", "0002_votes_index"]);
        assert_eq!(resolve(&j, "0001_votes").unwrap(), "0001_votes");
        assert_eq!(resolve(&j, "0001").unwrap(), "0001_votes");
        assert_eq!(resolve(&j, "1").unwrap(), "0001_votes");
        assert_eq!(resolve(&j, "0002_v").unwrap(), "0002_votes_index");
    }

    #[test]
    fn unknown_and_ambiguous_texts_are_input_errors() {
        let j = journal(&["0000_init", "0001_votes"]);
        let err = resolve(&j, "0009").unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(
            err.to_string().contains("tags 0000_init to 0001_votes"),
            "{err}"
        );
        let err = resolve(&j, "000").unwrap_err();
        assert!(
            err.to_string()
                .contains("--to 000 is ambiguous: it starts 0000_init, 0001_votes"),
            "{err}"
        );
    }
}
