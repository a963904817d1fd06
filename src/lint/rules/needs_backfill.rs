//! `needs-backfill`: a NOT NULL column without a default, added to a table that already
//! exists, fails the migration as soon as the table has a row (PostgreSQL fills new columns
//! with NULL). "hazards: none" used to let it through to `migrate`.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind, LintContext};

pub fn check(change: &Change, context: &LintContext) -> Option<Hazard> {
    let Change::AddColumn { table, column } = change else {
        return None;
    };
    let fills_itself =
        column.default.is_some() || column.identity.is_some() || column.generated.is_some();
    if context.new_tables.contains(table) || !column.not_null || fills_itself {
        return None;
    }
    Some(Hazard {
        kind: HazardKind::NeedsBackfill,
        message: format!(
            "column {table}.{} is added NOT NULL without a default: the migration fails if \
             {table} has any row; give it a default, or add it without not_null, fill it in a \
             hand-written migration (`strata new`), then set not_null",
            column.name
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Column, DefaultValue, Literal, QualifiedName};

    #[test]
    fn only_a_not_null_column_without_a_value_on_an_existing_table() {
        let table = QualifiedName::public("t");
        let mut column = Column::new("c", "integer");
        column.not_null = true;
        let change = |column: &Column| Change::AddColumn {
            table: table.clone(),
            column: column.clone(),
        };
        let existing = LintContext::default();
        let hazard = check(&change(&column), &existing).unwrap();
        assert!(
            hazard.message.contains("fails if t has any row"),
            "{}",
            hazard.message
        );
        let created = LintContext {
            new_tables: [table.clone()].into(),
            ..LintContext::default()
        };
        assert!(check(&change(&column), &created).is_none());
        column.default = Some(DefaultValue::Literal(Literal::Integer(0)));
        assert!(check(&change(&column), &existing).is_none());
        column.default = None;
        column.not_null = false;
        assert!(check(&change(&column), &existing).is_none());
    }
}
