//! Sequences: free-standing, shared by several tables' defaults, or owned by a column (what
//! `serial` creates), and the options they share with identity columns.

use super::{QualifiedName, StaticDefault, is_false};
use serde::{Deserialize, Serialize};

/// A sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub name: QualifiedName,
    /// `smallint`, `integer` or `bigint` (PostgreSQL's default).
    pub data_type: String,
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub options: SequenceOptions,
    /// The column that owns it (`OWNED BY`): dropping the column or its table drops it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<ColumnName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "super::Grants::is_empty")]
    pub grants: super::Grants,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ColumnName {
    pub table: QualifiedName,
    pub column: String,
}

impl std::fmt::Display for ColumnName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.table, self.column)
    }
}

impl Sequence {
    /// The text `pg_get_expr` prints for `nextval` of this sequence from the default search
    /// path: `nextval('t_id_seq'::regclass)`, `nextval('audit.t_id_seq'::regclass)`.
    pub fn nextval(&self) -> String {
        nextval(&self.name)
    }
}

/// The default expression that takes the next value of a sequence, as PostgreSQL prints it.
pub fn nextval(name: &QualifiedName) -> String {
    use crate::sql::quote;
    let regclass = if name.is_public() {
        quote::ident_if_needed(&name.name)
    } else {
        format!(
            "{}.{}",
            quote::ident_if_needed(&name.schema),
            quote::ident_if_needed(&name.name)
        )
    };
    format!("nextval({}::regclass)", quote::literal(&regclass))
}

/// The options of a sequence (or of an identity column's sequence); `None` is PostgreSQL's
/// default for the sequence's type and direction, so that both spellings compare equal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
}

impl StaticDefault for SequenceOptions {
    fn static_default() -> &'static Self {
        static DEFAULT: SequenceOptions = SequenceOptions {
            start: None,
            increment: None,
            min_value: None,
            max_value: None,
            cache: None,
            cycle: false,
        };
        &DEFAULT
    }
}

impl SequenceOptions {
    /// True when every option is PostgreSQL's default.
    pub fn is_default(&self) -> bool {
        self == &SequenceOptions::default()
    }

    /// The smallest and largest value of a sequence type (`smallint`, `integer`, `bigint`).
    pub fn type_range(data_type: &str) -> (i64, i64) {
        match data_type {
            "smallint" => (i16::MIN as i64, i16::MAX as i64),
            "integer" => (i32::MIN as i64, i32::MAX as i64),
            _ => (i64::MIN, i64::MAX),
        }
    }

    /// Every setting, with PostgreSQL's defaults filled in for what is `None`: ascending
    /// sequences run from 1 to the type's maximum and start at their minimum, descending ones
    /// from -1 down to the type's minimum and start at their maximum; cache 1.
    pub fn settings(&self, data_type: &str) -> SequenceSettings {
        let (type_min, type_max) = SequenceOptions::type_range(data_type);
        let increment = self.increment.unwrap_or(1);
        let ascending = increment > 0;
        let min = self
            .min_value
            .unwrap_or(if ascending { 1 } else { type_min });
        let max = self
            .max_value
            .unwrap_or(if ascending { type_max } else { -1 });
        SequenceSettings {
            start: self.start.unwrap_or(if ascending { min } else { max }),
            increment,
            min,
            max,
            cache: self.cache.unwrap_or(1),
            cycle: self.cycle,
        }
    }
}

/// A sequence's settings with nothing left to a default, as `pg_sequence` holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SequenceSettings {
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl SequenceSettings {
    /// The options that differ from what PostgreSQL picks for a sequence of this type and
    /// direction: the canonical form, so that a default written out and one left out compare
    /// equal.
    pub fn options(&self, data_type: &str) -> SequenceOptions {
        let defaults = SequenceOptions {
            increment: Some(self.increment),
            ..SequenceOptions::default()
        }
        .settings(data_type);
        let min_value = (self.min != defaults.min).then_some(self.min);
        let max_value = (self.max != defaults.max).then_some(self.max);
        let default_start = if self.increment > 0 {
            self.min
        } else {
            self.max
        };
        SequenceOptions {
            start: (self.start != default_start).then_some(self.start),
            increment: (self.increment != 1).then_some(self.increment),
            min_value,
            max_value,
            cache: (self.cache != 1).then_some(self.cache),
            cycle: self.cycle,
        }
    }
}
