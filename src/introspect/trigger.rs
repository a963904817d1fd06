//! Triggers, row-level security and policies of tables.

use super::{queries, query};
use crate::schema::model::*;
use crate::sql::lex;
use anyhow::Result;
use std::collections::BTreeMap;
use tokio_postgres::Client;

/// The index of each table of the model by name.
pub(super) fn table_index(schema: &Schema) -> BTreeMap<QualifiedName, usize> {
    schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect()
}

/// Reads triggers, row-level security and policies into the model's tables (tables the model
/// does not hold, such as the history table, are skipped).
pub(super) async fn read_access(
    client: &Client,
    schemas: &[String],
    schema: &mut Schema,
) -> Result<()> {
    let index = table_index(schema);
    let find = |row: &tokio_postgres::Row| {
        index
            .get(&QualifiedName::new(
                row.get::<_, String>(0),
                row.get::<_, String>(1),
            ))
            .copied()
    };
    for row in query(client, queries::TRIGGERS, &[&schemas], "triggers").await? {
        let Some(i) = find(&row) else { continue };
        let args: Option<Vec<u8>> = row.get(8);
        let trigger = trigger(&TriggerRow {
            name: row.get(2),
            tgtype: row.get(3),
            enabled: row.get(4),
            function_schema: row.get(5),
            function: row.get(6),
            nargs: row.get(7),
            args: args.unwrap_or_default(),
            update_of: row.get(9),
            old_table: row.get(10),
            new_table: row.get(11),
            definition: row.get(12),
            comment: row.get(13),
        });
        schema.tables[i].triggers.push(trigger);
    }
    for row in query(
        client,
        queries::ROW_SECURITY,
        &[&schemas],
        "row-level security",
    )
    .await?
    {
        let Some(i) = find(&row) else { continue };
        schema.tables[i].row_level_security =
            RowLevelSecurity::from_catalog(row.get(2), row.get(3));
    }
    for row in query(client, queries::POLICIES, &[&schemas], "policies").await? {
        let Some(i) = find(&row) else { continue };
        let code: String = row.get(3);
        let mut roles: Vec<String> = row.get(5);
        if roles.iter().any(|r| r == PUBLIC) {
            roles.clear();
        }
        schema.tables[i].policies.push(Policy {
            name: row.get(2),
            command: PolicyCommand::from_catalog(&code),
            restrictive: !row.get::<_, bool>(4),
            roles,
            using: row.get(6),
            with_check: row.get(7),
            comment: row.get(8),
        });
    }
    Ok(())
}

/// One row of the trigger query.
pub struct TriggerRow {
    pub name: String,
    pub tgtype: i32,
    pub enabled: String,
    pub function_schema: String,
    pub function: String,
    pub nargs: i32,
    pub args: Vec<u8>,
    pub update_of: Vec<String>,
    pub old_table: Option<String>,
    pub new_table: Option<String>,
    pub definition: String,
    pub comment: Option<String>,
}

/// `pg_trigger.tgtype` bits.
const ROW: i32 = 1;
const BEFORE: i32 = 2;
const INSERT: i32 = 4;
const DELETE: i32 = 8;
const UPDATE: i32 = 16;
const TRUNCATE: i32 = 32;
const INSTEAD: i32 = 64;

/// A trigger from its catalog row.
pub fn trigger(row: &TriggerRow) -> Trigger {
    let bits = row.tgtype;
    let timing = if bits & INSTEAD != 0 {
        TriggerTiming::InsteadOf
    } else if bits & BEFORE != 0 {
        TriggerTiming::Before
    } else {
        TriggerTiming::After
    };
    let events = [
        (INSERT, TriggerEvent::Insert),
        (UPDATE, TriggerEvent::Update),
        (DELETE, TriggerEvent::Delete),
        (TRUNCATE, TriggerEvent::Truncate),
    ]
    .into_iter()
    .filter(|(bit, _)| bits & bit != 0)
    .map(|(_, e)| e)
    .collect();
    let function = if matches!(row.function_schema.as_str(), "public" | "pg_catalog") {
        row.function.clone()
    } else {
        format!("{}.{}", row.function_schema, row.function)
    };
    // tgargs: each argument followed by a NUL byte.
    let arguments = row
        .args
        .split(|b| *b == 0)
        .take(usize::try_from(row.nargs).unwrap_or(0))
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let mut update_of = row.update_of.clone();
    update_of.sort();
    Trigger {
        name: row.name.clone(),
        timing,
        events,
        update_of,
        for_each_row: bits & ROW != 0,
        function,
        arguments,
        when: when_clause(&row.definition),
        old_table: row.old_table.clone(),
        new_table: row.new_table.clone(),
        enabled: TriggerEnabled::from_catalog(&row.enabled),
        comment: row.comment.clone(),
    }
}

/// The condition of `... FOR EACH ROW WHEN (cond) EXECUTE FUNCTION ...` in the text
/// `pg_get_triggerdef` prints, without the parentheses around it.
pub fn when_clause(definition: &str) -> Option<String> {
    let start = ["FOR EACH ROW WHEN (", "FOR EACH STATEMENT WHEN ("]
        .iter()
        .filter_map(|marker| definition.find(marker).map(|i| i + marker.len()))
        .min()?;
    let rest = &definition[start..];
    let tokens = lex::tokenize(rest, lex::Backslashes::Literal).ok()?;
    let mut depth = 1usize;
    for token in tokens {
        if token.kind != lex::TokenKind::Punct {
            continue;
        }
        match token.text(rest) {
            "(" | "[" => depth += 1,
            ")" | "]" => {
                depth -= 1;
                if depth == 0 {
                    return Some(rest[..token.start].trim().to_string());
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_is_read_from_the_definition() {
        let def = "CREATE TRIGGER \"x\" BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((old.* IS \
                   DISTINCT FROM new.*) AND (new.a <> ')')) EXECUTE FUNCTION f('(')";
        assert_eq!(
            when_clause(def).as_deref(),
            Some("(old.* IS DISTINCT FROM new.*) AND (new.a <> ')')")
        );
        assert_eq!(
            when_clause(
                "CREATE TRIGGER x AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION f()"
            ),
            None
        );
    }

    #[test]
    fn type_bits_and_arguments() {
        let row = TriggerRow {
            name: "t".into(),
            tgtype: ROW | BEFORE | INSERT | UPDATE,
            enabled: "A".into(),
            function_schema: "audit".into(),
            function: "f".into(),
            nargs: 2,
            args: b"a\0b'c\0".to_vec(),
            update_of: vec!["z".into(), "a".into()],
            old_table: None,
            new_table: None,
            definition: String::new(),
            comment: None,
        };
        let trigger = trigger(&row);
        assert_eq!(trigger.timing, TriggerTiming::Before);
        assert_eq!(trigger.events, [TriggerEvent::Insert, TriggerEvent::Update]);
        assert!(trigger.for_each_row);
        assert_eq!(trigger.function, "audit.f");
        assert_eq!(trigger.arguments, ["a", "b'c"]);
        assert_eq!(trigger.update_of, ["a", "z"]);
        assert_eq!(trigger.enabled, TriggerEnabled::Always);
    }
}
