//! Reading `[sequence.NAME]`.

use super::table::{RawSequenceOptions, SEQUENCE_OPTION_KEYS};
use super::{FileReader, Loc, Located, Reporter, Table};
use crate::schema::model::QualifiedName;

/// A sequence as written.
#[derive(Debug, Clone)]
pub struct RawSequence {
    pub name: QualifiedName,
    pub at: Loc,
    pub data_type: Option<Located<String>>,
    pub options: RawSequenceOptions,
    /// `"table.column"` or `"schema.table.column"`.
    pub owned_by: Option<Located<String>>,
    pub comment: Option<String>,
    pub grants: Vec<super::RawGrant>,
}

impl FileReader {
    pub(super) fn read_sequence(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawSequence {
        let mut allowed = vec!["type", "owned_by", "comment", "grants"];
        allowed.extend_from_slice(SEQUENCE_OPTION_KEYS);
        self.check_keys(t, &allowed, || format!("sequence `{name}`"), r);
        RawSequence {
            name: QualifiedName::parse(name),
            at,
            data_type: self.string(t, "type", r),
            options: self.sequence_options(t, r),
            owned_by: self.string(t, "owned_by", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
            grants: self.read_grants(t, r),
        }
    }
}
