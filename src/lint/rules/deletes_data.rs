//! `deletes-data`: drops of tables, columns and enum values, and a generated expression that
//! is replaced (the column is dropped and added again).

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind};

pub fn check(change: &Change) -> Option<Hazard> {
    let message = match change {
        Change::DropTable { table } => format!(
            "DROP TABLE {} deletes all its rows; back them up first, or keep the table and stop using it",
            table.name
        ),
        Change::DropColumn { table, column } => format!(
            "DROP COLUMN {table}.{} deletes its data; deploy code that no longer reads it first, then drop it",
            column.name
        ),
        Change::RecreateEnum { from, to, .. } => {
            let removed = from.values_missing_from(to);
            if removed.is_empty() {
                return None;
            }
            format!(
                "enum {} loses the values {}: rows holding them make the migration fail; update those rows first",
                from.name,
                removed.join(", ")
            )
        }
        Change::DropSequence { sequence } => format!(
            "DROP SEQUENCE {} loses its current value (the down migration creates it again at \
             its start); keep it if anything still takes numbers from it",
            sequence.name
        ),
        Change::AlterComposite { from, to } | Change::RecreateComposite { from, to, .. } => {
            let dropped: Vec<&str> = from
                .attributes
                .iter()
                .filter(|a| !to.attributes.iter().any(|b| b.name == a.name))
                .map(|a| a.name.as_str())
                .collect();
            if dropped.is_empty() {
                return None;
            }
            format!(
                "type {} loses the attributes {}: their values in every column of the type are \
                 deleted",
                to.name,
                dropped.join(", ")
            )
        }
        Change::AlterColumn { table, from, to }
            if from.generated != to.generated && to.generated.is_some() =>
        {
            format!(
                "column {table}.{} gets a new generated expression: PostgreSQL cannot alter it, so the column is dropped and added again",
                to.name
            )
        }
        _ => return None,
    };
    Some(Hazard {
        kind: HazardKind::DeletesData,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Column, QualifiedName};

    #[test]
    fn drop_column_deletes_data() {
        let change = Change::DropColumn {
            table: QualifiedName::public("t"),
            column: Column::new("c", "text"),
        };
        let hazard = check(&change).unwrap();
        assert!(
            hazard
                .message
                .starts_with("DROP COLUMN t.c deletes its data")
        );
        assert!(check(&change.reverse()).is_none());
    }
}
