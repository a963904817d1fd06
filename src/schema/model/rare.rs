//! [`Rare`]: a part of a model object that nearly every object leaves at its default.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// A value that is almost always its type's default, kept behind a pointer that is null while
/// it is the default. A 2,000-table model holds 20,000 columns: inline, the identity options
/// (88 bytes, set on a handful of columns) made every column half again as large, and at that
/// size memory is time (the kernel zeroes each page as it is first touched).
///
/// Reads as the value (`Deref`); compares, prints and serialises exactly as the value does,
/// so the snapshot format and equality do not know it is there.
#[derive(Clone, Default)]
pub struct Rare<T: 'static>(Option<Box<T>>);

/// A type with a default that can be lent for the whole program (what [`Rare`] reads as
/// while it holds nothing).
pub trait StaticDefault: PartialEq + 'static {
    fn static_default() -> &'static Self;
}

impl<T: StaticDefault> Rare<T> {
    /// Holds `value`, allocating only when it is not the default.
    pub fn new(value: T) -> Self {
        if value == *T::static_default() {
            Rare(None)
        } else {
            Rare(Some(Box::new(value)))
        }
    }

    /// True when the value is the default (for `skip_serializing_if`).
    pub fn is_default(&self) -> bool {
        self.0.is_none()
    }
}

impl<T: StaticDefault> From<T> for Rare<T> {
    fn from(value: T) -> Self {
        Rare::new(value)
    }
}

impl<T: StaticDefault> Deref for Rare<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match &self.0 {
            Some(value) => value,
            None => T::static_default(),
        }
    }
}

impl<T: StaticDefault> PartialEq for Rare<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: StaticDefault + Eq> Eq for Rare<T> {}

impl<T: StaticDefault + fmt::Debug> fmt::Debug for Rare<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: StaticDefault + Serialize> Serialize for Rare<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de, T: StaticDefault + Deserialize<'de>> Deserialize<'de> for Rare<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Rare::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::SequenceOptions;

    #[test]
    fn the_default_is_held_as_nothing_and_reads_as_the_default() {
        let default = Rare::new(SequenceOptions::default());
        assert!(default.is_default());
        assert_eq!(*default, SequenceOptions::default());
        let set = Rare::new(SequenceOptions {
            start: Some(100),
            ..SequenceOptions::default()
        });
        assert!(!set.is_default());
        assert_eq!(set.start, Some(100));
        assert_ne!(set, default);
        assert_eq!(set, Rare::from((*set).clone()));
    }

    #[test]
    fn serialises_and_prints_as_the_value() {
        let set = Rare::new(SequenceOptions {
            cycle: true,
            ..SequenceOptions::default()
        });
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(json, serde_json::to_string(&*set).unwrap());
        let back: Rare<SequenceOptions> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, set);
        let default: Rare<SequenceOptions> = serde_json::from_str("{}").unwrap();
        assert!(default.is_default());
        assert_eq!(format!("{set:?}"), format!("{:?}", *set));
    }

    #[test]
    fn a_column_is_smaller_than_its_identity_options_inline() {
        // The point of the type: a column does not carry 88 bytes it almost never uses.
        assert_eq!(std::mem::size_of::<Rare<SequenceOptions>>(), 8);
        assert!(std::mem::size_of::<SequenceOptions>() > 64);
    }
}
