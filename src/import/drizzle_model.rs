//! drizzle-kit's PostgreSQL snapshot (`meta/NNNN_snapshot.json`, versions 5 to 7) and its
//! conversion to strata's model.
//!
//! The versions differ in three places, read here side by side: v5 has `dialect: "pg"`, enums
//! keyed by bare name whose values are an object (`{"sad": "sad"}`); v6 keys enums and tables
//! by `schema.name` with values as a list; v7 writes each index column as an object
//! (`expression`, `isExpression`, `asc`, `nulls`) where v5 and v6 list column names, and adds
//! identity (with its sequence options), generated and check constraints, and free-standing
//! sequences. Objects strata does not import (views, roles, policies, row-level security) are
//! counted so `import` can say they were left out.

use super::ordered::OrderedMap;
use crate::schema::model::*;
use crate::schema::names;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

/// A snapshot file, any supported version.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleSnapshot {
    pub version: String,
    pub dialect: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub prev_id: Option<String>,
    #[serde(default)]
    pub tables: OrderedMap<DrizzleTable>,
    #[serde(default)]
    pub enums: OrderedMap<DrizzleEnum>,
    #[serde(default)]
    pub sequences: OrderedMap<DrizzleSequence>,
    #[serde(default)]
    pub views: OrderedMap<IgnoredAny>,
    #[serde(default)]
    pub roles: OrderedMap<IgnoredAny>,
    #[serde(default)]
    pub policies: OrderedMap<IgnoredAny>,
}

/// A table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleTable {
    pub name: String,
    #[serde(default)]
    pub schema: String,
    pub columns: OrderedMap<DrizzleColumn>,
    #[serde(default)]
    pub indexes: OrderedMap<DrizzleIndex>,
    #[serde(default)]
    pub foreign_keys: OrderedMap<DrizzleForeignKey>,
    #[serde(default)]
    pub composite_primary_keys: OrderedMap<NamedColumns>,
    #[serde(default)]
    pub unique_constraints: OrderedMap<DrizzleUnique>,
    #[serde(default)]
    pub check_constraints: OrderedMap<DrizzleCheck>,
    #[serde(default)]
    pub policies: OrderedMap<IgnoredAny>,
    #[serde(default, rename = "isRLSEnabled")]
    pub is_rls_enabled: bool,
}

/// A column.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    #[serde(default)]
    pub type_schema: Option<String>,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub not_null: bool,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub is_unique: Option<Value>,
    #[serde(default)]
    pub unique_name: Option<String>,
    #[serde(default)]
    pub nulls_not_distinct: Option<bool>,
    #[serde(default)]
    pub generated: Option<DrizzleGenerated>,
    #[serde(default)]
    pub identity: Option<DrizzleIdentity>,
}

/// A stored generated column.
#[derive(Debug, Deserialize)]
pub struct DrizzleGenerated {
    #[serde(rename = "as")]
    pub expression: String,
}

/// An identity column (v7): `always` or `byDefault`, with its sequence's options.
#[derive(Debug, Deserialize)]
pub struct DrizzleIdentity {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub options: DrizzleSequenceOptions,
}

/// A free-standing sequence (`pgSequence`, v7).
#[derive(Debug, Deserialize)]
pub struct DrizzleSequence {
    pub name: String,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(flatten)]
    pub options: DrizzleSequenceOptions,
}

/// Sequence options as drizzle-kit writes them: numbers as strings, every one spelled out
/// (`"maxValue": "9223372036854775807"`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleSequenceOptions {
    #[serde(default)]
    pub increment: Option<Value>,
    #[serde(default)]
    pub start_with: Option<Value>,
    #[serde(default)]
    pub min_value: Option<Value>,
    #[serde(default)]
    pub max_value: Option<Value>,
    #[serde(default)]
    pub cache: Option<Value>,
    #[serde(default)]
    pub cycle: Option<bool>,
}

impl DrizzleSequenceOptions {
    /// strata's options for a sequence of `data_type`: PostgreSQL's defaults left out, so
    /// `"minValue": "1"` and no `minValue` compare equal. An option that is not an integer is
    /// an error naming it.
    fn to_options(&self, data_type: &str) -> Result<SequenceOptions, String> {
        let number = |name: &str, value: &Option<Value>| -> Result<Option<i64>, String> {
            match value {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => n
                    .as_i64()
                    .map(Some)
                    .ok_or_else(|| format!("{name} {n} is not a 64-bit integer")),
                Some(Value::String(text)) => text
                    .trim()
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| format!("{name} {text:?} is not a 64-bit integer")),
                Some(other) => Err(format!("{name} {other} is not a 64-bit integer")),
            }
        };
        let written = SequenceOptions {
            start: number("startWith", &self.start_with)?,
            increment: number("increment", &self.increment)?,
            min_value: number("minValue", &self.min_value)?,
            max_value: number("maxValue", &self.max_value)?,
            cache: number("cache", &self.cache)?,
            cycle: self.cycle.unwrap_or(false),
        };
        if written.increment == Some(0) {
            return Err("increment 0 is not a sequence".to_string());
        }
        Ok(written.settings(data_type).options(data_type))
    }
}

/// An index.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleIndex {
    pub name: String,
    pub columns: Vec<IndexColumn>,
    #[serde(default)]
    pub is_unique: bool,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default, rename = "where")]
    pub predicate: Option<String>,
    /// Storage parameters (`with: { fillfactor: 70 }`, v7).
    #[serde(default)]
    pub with: std::collections::BTreeMap<String, serde_json::Value>,
}

/// An index column: a bare column name (v5, v6) or an object (v7).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum IndexColumn {
    Name(String),
    #[serde(rename_all = "camelCase")]
    Object {
        expression: String,
        #[serde(default)]
        is_expression: bool,
        #[serde(default = "yes")]
        asc: bool,
        #[serde(default)]
        nulls: Option<String>,
        /// A non-default operator class (`gin_trgm_ops`, v7).
        #[serde(default)]
        opclass: Option<String>,
    },
}

fn yes() -> bool {
    true
}

/// A foreign key.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleForeignKey {
    pub name: String,
    pub columns_from: Vec<String>,
    pub table_to: String,
    #[serde(default)]
    pub schema_to: Option<String>,
    pub columns_to: Vec<String>,
    #[serde(default)]
    pub on_delete: Option<String>,
    #[serde(default)]
    pub on_update: Option<String>,
}

/// A named column list (composite primary keys).
#[derive(Debug, Deserialize)]
pub struct NamedColumns {
    pub name: String,
    pub columns: Vec<String>,
}

/// A unique constraint.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrizzleUnique {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default)]
    pub nulls_not_distinct: bool,
}

/// A check constraint.
#[derive(Debug, Deserialize)]
pub struct DrizzleCheck {
    pub name: String,
    pub value: String,
}

/// An enum: values as a list (v6, v7) or as an object of value -> value (v5).
#[derive(Debug, Deserialize)]
pub struct DrizzleEnum {
    pub name: String,
    #[serde(default)]
    pub schema: Option<String>,
    pub values: EnumValues,
}

/// An enum's values in either spelling.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnumValues {
    List(Vec<String>),
    Object(OrderedMap<String>),
}

impl EnumValues {
    fn to_vec(&self) -> Vec<String> {
        match self {
            EnumValues::List(values) => values.clone(),
            EnumValues::Object(map) => map.values().cloned().collect(),
        }
    }
}

/// The result of converting a snapshot: the model, and what could not be carried over.
#[derive(Debug, Default)]
pub struct Converted {
    pub schema: Schema,
    /// Notes for the user: objects strata does not model, left out.
    pub left_out: Vec<String>,
    /// Reasons the snapshot cannot be imported as it is (serial columns).
    pub errors: Vec<String>,
}

/// Converts a snapshot to strata's model (sorted, not yet validated: the caller round-trips it
/// through the TOML writer and parser, which canonicalises types and checks references).
pub fn convert(snapshot: &DrizzleSnapshot) -> Converted {
    let mut out = Converted::default();
    for e in snapshot.enums.values() {
        out.schema.enums.push(Enum {
            name: QualifiedName::new(schema_or_public(e.schema.as_deref()), e.name.clone()),
            values: e.values.to_vec(),
            comment: None,
        });
    }
    let enum_names: Vec<String> = out
        .schema
        .enums
        .iter()
        .map(|e| e.name.to_string())
        .collect();
    for table in snapshot.tables.values() {
        let converted = convert_table(table, &enum_names, &mut out);
        out.schema.tables.push(converted);
    }
    for sequence in snapshot.sequences.values() {
        let name = QualifiedName::new(
            schema_or_public(sequence.schema.as_deref()),
            sequence.name.clone(),
        );
        match sequence.options.to_options("bigint") {
            Ok(options) => out.schema.sequences.push(Sequence {
                grants: Default::default(),
                name,
                data_type: "bigint".to_string(),
                options,
                owned_by: None,
                comment: None,
            }),
            Err(e) => out.errors.push(format!("sequence {name}: {e}")),
        }
    }
    for (kind, count) in [
        ("views", snapshot.views.len()),
        ("roles", snapshot.roles.len()),
        ("policies", snapshot.policies.len()),
    ] {
        if count > 0 {
            out.left_out.push(format!(
                "{count} {kind} in the snapshot are not modelled by strata and were left out \
                 (keep them in a hand-written migration: `strata new`)"
            ));
        }
    }
    out.schema.sort();
    out
}

fn schema_or_public(schema: Option<&str>) -> String {
    match schema {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "public".to_string(),
    }
}

fn convert_table(table: &DrizzleTable, enum_names: &[String], out: &mut Converted) -> Table {
    let name = QualifiedName::new(schema_or_public(Some(&table.schema)), table.name.clone());
    let mut result = Table::new(name.clone());
    for column in table.columns.values() {
        result
            .columns
            .push(convert_column(&name, column, enum_names, out));
        if column.primary_key {
            result.primary_key = Some(PrimaryKey {
                name: names::primary_key(&name.name),
                columns: vec![column.name.clone()],
                ..PrimaryKey::default()
            });
        }
        if column.is_unique.as_ref().is_some_and(truthy) {
            let columns = vec![column.name.clone()];
            result.uniques.push(UniqueConstraint {
                name: column
                    .unique_name
                    .clone()
                    .unwrap_or_else(|| format!("{}_{}_unique", name.name, column.name)),
                columns,
                nulls_not_distinct: column.nulls_not_distinct.unwrap_or(false),
                ..UniqueConstraint::default()
            });
        }
    }
    for pk in table.composite_primary_keys.values() {
        result.primary_key = Some(PrimaryKey {
            name: pk.name.clone(),
            columns: pk.columns.clone(),
            ..PrimaryKey::default()
        });
    }
    for unique in table.unique_constraints.values() {
        result.uniques.push(UniqueConstraint {
            name: unique.name.clone(),
            columns: unique.columns.clone(),
            nulls_not_distinct: unique.nulls_not_distinct,
            ..UniqueConstraint::default()
        });
    }
    for fk in table.foreign_keys.values() {
        result.foreign_keys.push(ForeignKey {
            name: fk.name.clone(),
            columns: fk.columns_from.clone(),
            referenced_table: QualifiedName::new(
                schema_or_public(fk.schema_to.as_deref()),
                fk.table_to.clone(),
            ),
            referenced_columns: fk.columns_to.clone(),
            on_delete: action(fk.on_delete.as_deref()),
            on_update: action(fk.on_update.as_deref()),
            ..ForeignKey::default()
        });
    }
    for check in table.check_constraints.values() {
        result.checks.push(Check {
            name: check.name.clone(),
            expression: check.value.clone(),
            ..Check::default()
        });
    }
    for index in table.indexes.values() {
        result.indexes.push(convert_index(&result, index));
    }
    if !table.policies.is_empty() || table.is_rls_enabled {
        out.left_out.push(format!(
            "table {name}: row-level security and its policies are not modelled by strata and \
             were left out"
        ));
    }
    result
}

fn convert_column(
    table: &QualifiedName,
    column: &DrizzleColumn,
    enum_names: &[String],
    out: &mut Converted,
) -> Column {
    let data_type = match column.type_schema.as_deref() {
        Some(schema) if schema != "public" && !schema.is_empty() => {
            format!("{schema}.{}", column.data_type)
        }
        _ => column.data_type.clone(),
    };
    // `serial`: the integer column, its default and the sequence it owns, as PostgreSQL (and
    // strata's own `type = "serial"`) expand it.
    if let Some(integer) = crate::schema::types::serial_type(&data_type) {
        let sequence = QualifiedName::new(
            table.schema.clone(),
            names::sequence(&table.name, &column.name),
        );
        let mut result = Column::new(column.name.clone(), integer);
        result.not_null = true;
        result.default = Some(DefaultValue::Expression(crate::schema::model::nextval(
            &sequence,
        )));
        out.schema.sequences.push(crate::schema::model::Sequence {
            grants: Default::default(),
            name: sequence,
            data_type: integer.to_string(),
            options: Default::default(),
            owned_by: Some(crate::schema::model::ColumnName {
                table: table.clone(),
                column: column.name.clone(),
            }),
            comment: None,
        });
        return result;
    }
    let mut result = Column::new(column.name.clone(), data_type.clone());
    result.not_null = column.not_null || column.primary_key || column.identity.is_some();
    result.default = column
        .default
        .as_ref()
        .map(|value| default_value(value, &data_type, enum_names));
    result.identity = column.identity.as_ref().map(|i| match i.kind.as_str() {
        "always" => Identity::Always,
        _ => Identity::ByDefault,
    });
    if let Some(identity) = &column.identity {
        match identity.options.to_options(&data_type) {
            Ok(options) => result.identity_options = options.into(),
            Err(e) => out
                .errors
                .push(format!("identity of column {table}.{}: {e}", column.name)),
        }
    }
    result.generated = column.generated.as_ref().map(|g| g.expression.clone());
    result
}

/// drizzle-kit writes a default as the SQL after `DEFAULT` (`'ok'`, `now()`, `'{}'::jsonb`),
/// or as a JSON boolean or number. Plain string literals of text and enum columns become TOML
/// literals; everything else stays SQL (`default_sql`), which the server normalises.
pub fn default_value(value: &Value, data_type: &str, enum_names: &[String]) -> DefaultValue {
    match value {
        Value::Bool(b) => DefaultValue::Literal(Literal::Boolean(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => DefaultValue::Literal(Literal::Integer(i)),
            None => DefaultValue::Expression(n.to_string()),
        },
        Value::String(text) => match string_literal(text) {
            Some(inner) if is_textual(data_type, enum_names) => {
                DefaultValue::Literal(Literal::String(inner))
            }
            _ => DefaultValue::Expression(text.clone()),
        },
        other => DefaultValue::Expression(other.to_string()),
    }
}

/// The content of a single SQL string literal `'it''s'` (no cast, no concatenation).
fn string_literal(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // Inside the literal a quote must be doubled; a lone one ends it early.
            if chars.next() != Some('\'') {
                return None;
            }
        }
        out.push(c);
    }
    Some(out)
}

fn is_textual(data_type: &str, enum_names: &[String]) -> bool {
    let lower = data_type.to_ascii_lowercase();
    lower == "text"
        || lower.starts_with("varchar")
        || lower.starts_with("character")
        || lower.starts_with("char")
        || enum_names.iter().any(|e| e == data_type)
}

fn truthy(value: &Value) -> bool {
    value.as_bool().unwrap_or(false)
}

fn action(text: Option<&str>) -> ReferentialAction {
    text.and_then(ReferentialAction::from_toml)
        .unwrap_or_default()
}

fn convert_index(table: &Table, index: &DrizzleIndex) -> Index {
    let parts = index
        .columns
        .iter()
        .map(|column| match column {
            IndexColumn::Name(name) => IndexPart {
                key: if table.column(name).is_some() {
                    IndexKey::Column(name.clone())
                } else {
                    IndexKey::Expression(name.clone())
                },
                descending: false,
                nulls_first: false,
                collation: None,
                opclass: None,
            },
            IndexColumn::Object {
                expression,
                is_expression,
                asc,
                nulls,
                opclass,
            } => IndexPart {
                key: if *is_expression {
                    IndexKey::Expression(expression.clone())
                } else {
                    IndexKey::Column(expression.clone())
                },
                descending: !asc,
                nulls_first: match nulls.as_deref() {
                    Some("first") => true,
                    Some("last") => false,
                    _ => !asc,
                },
                collation: None,
                opclass: opclass
                    .as_ref()
                    .filter(|o| !o.is_empty())
                    .map(|o| o.to_lowercase()),
            },
        })
        .collect();
    Index {
        name: index.name.clone(),
        parts,
        unique: index.is_unique,
        method: index
            .method
            .clone()
            .unwrap_or_else(|| "btree".to_string())
            .to_ascii_lowercase(),
        predicate: index.predicate.clone(),
        include: Vec::new(),
        nulls_not_distinct: false,
        storage: index
            .with
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (name.to_lowercase(), text)
            })
            .collect(),
        comment: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_are_unescaped_and_casts_are_not_literals() {
        assert_eq!(string_literal("'ok'"), Some("ok".into()));
        assert_eq!(string_literal("'it''s'"), Some("it's".into()));
        assert_eq!(string_literal("''"), Some(String::new()));
        assert_eq!(string_literal("'{}'::jsonb"), None);
        assert_eq!(string_literal("'a' || 'b'"), None);
        assert_eq!(string_literal("now()"), None);
    }

    #[test]
    fn defaults_keep_sql_where_a_literal_would_change_meaning() {
        let enums = vec!["mood".to_string()];
        let lit = |s: &str| DefaultValue::Literal(Literal::String(s.into()));
        let expr = |s: &str| DefaultValue::Expression(s.into());
        assert_eq!(
            default_value(&Value::from("'ok'"), "mood", &enums),
            lit("ok")
        );
        assert_eq!(default_value(&Value::from("''"), "text", &enums), lit(""));
        assert_eq!(
            default_value(&Value::from("'0'"), "numeric(10, 2)", &enums),
            expr("'0'")
        );
        assert_eq!(
            default_value(&Value::from("now()"), "timestamp", &enums),
            expr("now()")
        );
        assert_eq!(
            default_value(&Value::from(false), "boolean", &enums),
            DefaultValue::Literal(Literal::Boolean(false))
        );
        assert_eq!(
            default_value(&serde_json::json!(3), "integer", &enums),
            DefaultValue::Literal(Literal::Integer(3))
        );
    }

    #[test]
    fn v5_enum_values_keep_their_order_and_v7_index_columns_their_direction() {
        let snapshot: DrizzleSnapshot = serde_json::from_str(
            r#"{"version": "5", "dialect": "pg",
                "enums": {"mood": {"name": "mood", "values": {"sad": "sad", "ok": "ok", "happy": "happy"}}},
                "tables": {"t": {"name": "t", "schema": "", "columns": {
                    "b": {"name": "b", "type": "integer", "primaryKey": false, "notNull": false},
                    "a": {"name": "a", "type": "mood", "primaryKey": true, "notNull": true}},
                  "indexes": {
                    "t_b_idx": {"name": "t_b_idx", "columns": ["b"], "isUnique": false},
                    "t_x_idx": {"name": "t_x_idx", "columns": [{"expression": "b", "isExpression": false, "asc": false, "nulls": "last"}], "isUnique": true}},
                  "foreignKeys": {}, "compositePrimaryKeys": {}, "uniqueConstraints": {}}}}"#,
        )
        .unwrap();
        let converted = convert(&snapshot);
        assert!(converted.errors.is_empty());
        let schema = converted.schema;
        assert_eq!(schema.enums[0].values, ["sad", "ok", "happy"]);
        let table = &schema.tables[0];
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(columns, ["b", "a"]);
        assert_eq!(table.primary_key.as_ref().unwrap().name, "t_pkey");
        assert!(!table.indexes[0].parts[0].descending);
        let desc = &table.indexes[1].parts[0];
        assert!(desc.descending && !desc.nulls_first && table.indexes[1].unique);
    }

    #[test]
    fn serial_columns_become_an_integer_and_the_sequence_it_owns() {
        let snapshot: DrizzleSnapshot = serde_json::from_str(
            r#"{"version": "7", "dialect": "postgresql", "tables": {"public.t": {"name": "t",
                "schema": "", "columns": {"id": {"name": "id", "type": "serial",
                "primaryKey": true, "notNull": true}}}}}"#,
        )
        .unwrap();
        let converted = convert(&snapshot);
        assert!(converted.errors.is_empty(), "{:?}", converted.errors);
        let column = &converted.schema.tables[0].columns[0];
        assert_eq!(column.data_type, "integer");
        assert_eq!(
            column.default,
            Some(DefaultValue::Expression(
                "nextval('t_id_seq'::regclass)".into()
            ))
        );
        let sequence = &converted.schema.sequences[0];
        assert_eq!(sequence.name, QualifiedName::public("t_id_seq"));
        assert_eq!(sequence.owned_by.as_ref().unwrap().to_string(), "t.id");
    }
}
