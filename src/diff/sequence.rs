//! Sequences: created before the defaults that call them, owned (`OWNED BY`) once their
//! column exists, disowned before their column or table is dropped (which would drop them),
//! and renamed in place when a sequence of the same definition appears under a new name (a
//! renamed table renames what `serial` named after it; dropping the old one would lose its
//! current value).

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::schema::model::{ColumnName, QualifiedName, Schema, Sequence};

pub(super) fn diff_sequences(from: &Schema, to: &Schema, phases: &mut Phases) {
    let renamed = renames(from, to);
    for sequence in &to.sequences {
        let before = from.sequence(&sequence.name).or_else(|| {
            renamed
                .iter()
                .find(|(_, new)| new == &sequence.name)
                .and_then(|(old, _)| from.sequence(old))
        });
        match before {
            None => {
                let mut bare = sequence.clone();
                bare.owned_by = None;
                bare.grants.clear();
                phases.push(Phase::Sequences, Change::CreateSequence { sequence: bare });
                own(sequence, None, phases);
            }
            Some(before) => {
                if before.name != sequence.name {
                    phases.push(
                        Phase::Renames,
                        Change::RenameSequence {
                            from: before.name.clone(),
                            to: sequence.name.clone(),
                        },
                    );
                }
                // The owner has its own changes: compare the rest.
                let mut old = before.clone();
                old.name = sequence.name.clone();
                old.owned_by = sequence.owned_by.clone();
                // Grants have their own changes too.
                old.grants = sequence.grants.clone();
                if old != *sequence {
                    phases.push(
                        Phase::Sequences,
                        Change::AlterSequence {
                            from: old,
                            to: sequence.clone(),
                        },
                    );
                }
                if before.owned_by != sequence.owned_by {
                    disown(&sequence.name, before, phases);
                    own(sequence, None, phases);
                }
            }
        }
    }
    for sequence in &from.sequences {
        let gone = to.sequence(&sequence.name).is_none()
            && !renamed.iter().any(|(old, _)| old == &sequence.name);
        if gone {
            disown(&sequence.name, sequence, phases);
            let mut bare = sequence.clone();
            bare.owned_by = None;
            bare.grants.clear();
            phases.push(
                Phase::DropSequences,
                Change::DropSequence { sequence: bare },
            );
        }
    }
}

/// (old name, new name) of sequences that only changed their name: same type, options,
/// owner and comment, the old name gone from the new model and the new one absent from the
/// old.
pub(super) fn renames(from: &Schema, to: &Schema) -> Vec<(QualifiedName, QualifiedName)> {
    let key = |s: &Sequence| {
        let mut s = s.clone();
        s.name = Default::default();
        s
    };
    let mut out = Vec::new();
    for new in &to.sequences {
        if from.sequence(&new.name).is_some() || new.owned_by.is_none() {
            continue;
        }
        let candidate = from.sequences.iter().find(|old| {
            to.sequence(&old.name).is_none()
                && !out.iter().any(|(o, _)| o == &old.name)
                && key(old) == key(new)
        });
        if let Some(old) = candidate {
            out.push((old.name.clone(), new.name.clone()));
        }
    }
    out
}

/// `OWNED BY` the sequence's column, late in the migration.
fn own(sequence: &Sequence, from: Option<ColumnName>, phases: &mut Phases) {
    if let Some(owner) = &sequence.owned_by {
        phases.push(
            Phase::OwnSequences,
            Change::SetSequenceOwner {
                sequence: sequence.name.clone(),
                from,
                to: Some(owner.clone()),
            },
        );
    }
}

/// `OWNED BY NONE`, early, for a sequence that has an owner.
fn disown(name: &QualifiedName, sequence: &Sequence, phases: &mut Phases) {
    if let Some(owner) = &sequence.owned_by {
        phases.push(
            Phase::DisownSequences,
            Change::SetSequenceOwner {
                sequence: name.clone(),
                from: Some(owner.clone()),
                to: None,
            },
        );
    }
}
