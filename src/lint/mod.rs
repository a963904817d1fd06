//! Hazards of a change set (data loss, table rewrite, long locks), computed from typed changes.
