//! `table-rewrite`: a column type change that PostgreSQL cannot do in place rewrites the whole
//! table and its indexes under an ACCESS EXCLUSIVE lock.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind, LintContext};

pub fn check(change: &Change, context: &LintContext) -> Option<Hazard> {
    if let Change::RecreateDomain { from, to, usages } = change
        && !usages.is_empty()
    {
        return Some(Hazard {
            kind: HazardKind::TableRewrite,
            message: format!(
                "domain {}: type {} -> {} recreates the domain and rewrites every table with a \
                 column of it ({}) under an ACCESS EXCLUSIVE lock",
                to.name,
                from.data_type,
                to.data_type,
                usages
                    .iter()
                    .map(|u| format!("{}.{}", u.table, u.column))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let Change::AlterColumn { table, from, to } = change else {
        return None;
    };
    if context.new_tables.contains(table) || from.data_type == to.data_type {
        return None;
    }
    if is_binary_compatible(&from.data_type, &to.data_type) {
        return None;
    }
    Some(Hazard {
        kind: HazardKind::TableRewrite,
        message: format!(
            "column {table}.{}: type {} -> {} rewrites the table under an ACCESS EXCLUSIVE lock; \
             on a large table add a new column, backfill it in batches and switch over instead",
            to.name, from.data_type, to.data_type
        ),
    })
}

/// Changes PostgreSQL makes without a rewrite: widening a varchar, varchar to text.
fn is_binary_compatible(from: &str, to: &str) -> bool {
    let length = |t: &str| {
        t.strip_prefix("character varying(")
            .and_then(|r| r.strip_suffix(')'))
            .and_then(|n| n.parse::<u32>().ok())
    };
    match (from, to) {
        (f, "text") if f.starts_with("character varying") => true,
        (f, "character varying") if f.starts_with("character varying") => true,
        _ => matches!((length(from), length(to)), (Some(a), Some(b)) if b >= a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_varchar_is_no_rewrite() {
        assert!(is_binary_compatible(
            "character varying(10)",
            "character varying(20)"
        ));
        assert!(is_binary_compatible("character varying(10)", "text"));
        assert!(!is_binary_compatible(
            "character varying(20)",
            "character varying(10)"
        ));
        assert!(!is_binary_compatible("integer", "bigint"));
    }
}
