//! A table as TOML: columns with their shorthands (`primary_key = true`, `unique = true`,
//! `references`) where the constraint carries PostgreSQL's default name and nothing else, the
//! long forms otherwise.

use super::{is_plain_word, key, literal_value, string, string_array};
use crate::schema::model::*;
use crate::schema::names;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `{ a = 1, b = "x" }` from the parts that are set.
struct Inline(Vec<String>);

impl Inline {
    fn new() -> Self {
        Inline(Vec::new())
    }

    fn raw(&mut self, name: &str, value: String) -> &mut Self {
        self.0.push(format!("{name} = {value}"));
        self
    }

    fn flag(&mut self, name: &str, on: bool) -> &mut Self {
        if on {
            self.raw(name, "true".into());
        }
        self
    }

    fn text(&mut self, name: &str, value: Option<&String>) -> &mut Self {
        if let Some(value) = value {
            self.raw(name, string(value));
        }
        self
    }

    fn finish(&self) -> String {
        format!("{{ {} }}", self.0.join(", "))
    }
}

/// The TOML file of one table (`schema` tells which columns are `serial`).
pub(super) fn table_file(table: &Table, schema: &Schema) -> String {
    let name = key(&table.name.to_string());
    let mut out = String::new();
    let pk_shorthand = table.primary_key.as_ref().is_some_and(|pk| {
        pk.columns.len() == 1
            && pk.name == names::primary_key(&table.name.name)
            && !pk.deferrable
            && pk.comment.is_none()
    });
    let mut header = Vec::new();
    if let Some(comment) = &table.comment {
        header.push(format!("comment = {}", string(comment)));
    }
    if let Some(pk) = table.primary_key.as_ref().filter(|_| !pk_shorthand) {
        header.push(format!("primary_key = {}", primary_key_value(table, pk)));
    }
    if table.unlogged {
        header.push("unlogged = true".into());
    }
    if !table.storage.is_empty() {
        header.push(format!("with = {}", storage_value(&table.storage)));
    }
    if let Some(key) = &table.partition_by {
        header.push(format!("partition_by = {}", string(key)));
    }
    if let Some(partition) = &table.partition_of {
        header.push(format!(
            "partition_of = {}",
            string(&partition.parent.to_string())
        ));
        header.push(format!("bounds = {}", string(&partition.bound)));
    }
    header.extend(super::trigger::row_level_security_entry(
        table.row_level_security,
    ));
    if !table.grants.is_empty() {
        header.push(format!(
            "grants = {}",
            super::trigger::grants_value(&table.grants)
        ));
    }
    if !header.is_empty() {
        let _ = writeln!(out, "[table.{name}]\n{}\n", header.join("\n"));
    }
    if !table.columns.is_empty() || table.partition_of.is_none() {
        let _ = writeln!(out, "[table.{name}.columns]");
    }
    for column in &table.columns {
        let serial = super::sequence::serial_type(schema, table, column);
        let _ = writeln!(
            out,
            "{} = {}",
            key(&column.name),
            column_value(table, column, pk_shorthand, serial)
        );
    }
    let mut section = |title: &str, entries: Vec<(String, String)>| {
        if !entries.is_empty() {
            let _ = writeln!(out, "\n[table.{name}.{title}]");
            for (entry, value) in entries {
                let _ = writeln!(out, "{} = {value}", key(&entry));
            }
        }
    };
    section(
        "uniques",
        table
            .uniques
            .iter()
            .filter(|u| !unique_shorthand(table, u))
            .map(|u| (u.name.clone(), unique_value(u)))
            .collect(),
    );
    section(
        "foreign_keys",
        table
            .foreign_keys
            .iter()
            .filter(|f| !fk_shorthand(table, f))
            .map(|f| (f.name.clone(), foreign_key_value(f)))
            .collect(),
    );
    section(
        "checks",
        table
            .checks
            .iter()
            .map(|c| (c.name.clone(), check_value(c)))
            .collect(),
    );
    section(
        "indexes",
        table
            .indexes
            .iter()
            .map(|i| (i.name.clone(), index_value(i)))
            .collect(),
    );
    section(
        "triggers",
        table
            .triggers
            .iter()
            .map(|t| (t.name.clone(), super::trigger::trigger_value(t)))
            .collect(),
    );
    section(
        "policies",
        table
            .policies
            .iter()
            .map(|p| (p.name.clone(), super::trigger::policy_value(p)))
            .collect(),
    );
    out
}

/// `["a", "b"]`, or the table form when the key has a name of its own, is deferrable or
/// has a comment.
fn primary_key_value(table: &Table, pk: &PrimaryKey) -> String {
    let default_name = pk.name == names::primary_key(&table.name.name);
    if default_name && !pk.deferrable && pk.comment.is_none() {
        return string_array(&pk.columns);
    }
    let mut inline = Inline::new();
    inline.raw("columns", string_array(&pk.columns));
    if !default_name {
        inline.raw("name", string(&pk.name));
    }
    inline
        .flag("deferrable", pk.deferrable && !pk.initially_deferred)
        .flag("initially_deferred", pk.initially_deferred)
        .text("comment", pk.comment.as_ref())
        .finish()
}

/// A unique constraint that `unique = true` on its column reproduces.
fn unique_shorthand(table: &Table, unique: &UniqueConstraint) -> bool {
    unique.columns.len() == 1
        && !unique.nulls_not_distinct
        && !unique.deferrable
        && unique.comment.is_none()
        && unique.name == names::unique(&table.name.name, &unique.columns)
}

fn unique_value(unique: &UniqueConstraint) -> String {
    if !unique.nulls_not_distinct && !unique.deferrable && unique.comment.is_none() {
        return string_array(&unique.columns);
    }
    Inline::new()
        .raw("columns", string_array(&unique.columns))
        .flag("nulls_not_distinct", unique.nulls_not_distinct)
        .flag(
            "deferrable",
            unique.deferrable && !unique.initially_deferred,
        )
        .flag("initially_deferred", unique.initially_deferred)
        .text("comment", unique.comment.as_ref())
        .finish()
}

/// `default = literal` or `default_sql = "expression"`.
pub(super) fn default_entry(default: &DefaultValue) -> (&'static str, String) {
    match default {
        DefaultValue::Literal(literal) => ("default", literal_value(literal)),
        DefaultValue::Expression(sql) => ("default_sql", string(sql)),
    }
}

pub(super) fn check_value(check: &Check) -> String {
    if !check.not_valid && check.comment.is_none() {
        return string(&check.expression);
    }
    Inline::new()
        .raw("expression", string(&check.expression))
        .flag("not_valid", check.not_valid)
        .text("comment", check.comment.as_ref())
        .finish()
}

/// A foreign key that `references` on its column reproduces.
fn fk_shorthand(table: &Table, fk: &ForeignKey) -> bool {
    fk.columns.len() == 1
        && !fk.deferrable
        && !fk.not_valid
        && fk.comment.is_none()
        && fk.name == names::foreign_key(&table.name.name, &fk.columns)
}

fn column_value(
    table: &Table,
    column: &Column,
    pk_shorthand: bool,
    serial: Option<&str>,
) -> String {
    let mut inline = Inline::new();
    inline.raw("type", string(serial.unwrap_or(&column.data_type)));
    let in_pk = pk_shorthand
        && table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns[0] == column.name);
    let implied_not_null = in_pk
        || column.identity.is_some()
        || table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&column.name));
    inline
        .flag(
            "not_null",
            column.not_null && !implied_not_null && serial.is_none(),
        )
        .flag("primary_key", in_pk)
        .flag(
            "unique",
            table
                .uniques
                .iter()
                .any(|u| u.columns == [column.name.clone()] && unique_shorthand(table, u)),
        );
    if let Some(default) = column.default.as_ref().filter(|_| serial.is_none()) {
        let (entry, value) = default_entry(default);
        inline.raw(entry, value);
    }
    if let Some(fk) = table
        .foreign_keys
        .iter()
        .find(|f| f.columns == [column.name.clone()] && fk_shorthand(table, f))
    {
        inline.raw("references", string(&reference(fk)));
        actions(&mut inline, fk);
    }
    if let Some(identity) = column.identity {
        inline.raw(
            "identity",
            identity_value(identity, &column.identity_options),
        );
    }
    inline
        .text("generated", column.generated.as_ref())
        .text("collation", column.collation.as_ref())
        .text("comment", column.comment.as_ref());
    if !column.grants.is_empty() {
        inline.raw("grants", super::trigger::grants_value(&column.grants));
    }
    inline.finish()
}

/// `"by default"`, or `{ mode = "by default", start = 100 }` with options.
fn identity_value(identity: Identity, options: &SequenceOptions) -> String {
    let mode = match identity {
        Identity::Always => "always",
        Identity::ByDefault => "by default",
    };
    if options.is_default() {
        return string(mode);
    }
    let mut inline = Inline::new();
    inline.raw("mode", string(mode));
    sequence_options(&mut inline, options);
    inline.finish()
}

/// The options of a sequence that are set, as `key = value` lines.
pub(super) fn sequence_entries(options: &SequenceOptions) -> Vec<String> {
    let mut inline = Inline::new();
    sequence_options(&mut inline, options);
    inline.0
}

fn sequence_options(inline: &mut Inline, options: &SequenceOptions) {
    let numbers = [
        ("start", options.start),
        ("increment", options.increment),
        ("min_value", options.min_value),
        ("max_value", options.max_value),
        ("cache", options.cache),
    ];
    for (name, value) in numbers {
        if let Some(value) = value {
            inline.raw(name, value.to_string());
        }
    }
    inline.flag("cycle", options.cycle);
}

fn actions(inline: &mut Inline, fk: &ForeignKey) {
    if fk.on_delete != ReferentialAction::NoAction {
        inline.raw("on_delete", string(fk.on_delete.toml()));
    }
    if fk.on_update != ReferentialAction::NoAction {
        inline.raw("on_update", string(fk.on_update.toml()));
    }
}

/// `schema.table(a, b)` as the TOML writes a reference.
fn reference(fk: &ForeignKey) -> String {
    format!(
        "{}({})",
        fk.referenced_table,
        fk.referenced_columns.join(", ")
    )
}

fn foreign_key_value(fk: &ForeignKey) -> String {
    let mut inline = Inline::new();
    inline
        .raw("columns", string_array(&fk.columns))
        .raw("references", string(&reference(fk)));
    actions(&mut inline, fk);
    inline
        .flag("deferrable", fk.deferrable && !fk.initially_deferred)
        .flag("initially_deferred", fk.initially_deferred)
        .flag("not_valid", fk.not_valid)
        .text("comment", fk.comment.as_ref())
        .finish()
}

/// `{ fillfactor = "70" }`: values as strings, which is how PostgreSQL keeps them.
pub(super) fn storage_value(storage: &BTreeMap<String, String>) -> String {
    let mut inline = Inline::new();
    for (name, value) in storage {
        inline.raw(&key(name), string(value));
    }
    inline.finish()
}

pub(super) fn index_value(index: &Index) -> String {
    let columns: Vec<String> = index.parts.iter().map(index_part).collect();
    let mut inline = Inline::new();
    inline
        .raw("columns", string_array(&columns))
        .flag("unique", index.unique);
    if index.method != "btree" {
        inline.raw("using", string(&index.method));
    }
    inline.text("where", index.predicate.as_ref());
    if !index.include.is_empty() {
        inline.raw("include", string_array(&index.include));
    }
    inline.flag("nulls_not_distinct", index.nulls_not_distinct);
    if !index.storage.is_empty() {
        inline.raw("with", storage_value(&index.storage));
    }
    inline.text("comment", index.comment.as_ref()).finish()
}

/// One index entry as the TOML writes it: key, collation, operator class, order.
fn index_part(part: &IndexPart) -> String {
    let qualified = part.collation.is_some() || part.opclass.is_some();
    let mut text = match &part.key {
        // A name that is not a plain word is quoted when a clause follows it, so that
        // `user-id gin_trgm_ops` cannot read back as an expression.
        IndexKey::Column(name) if qualified && !is_plain_word(name) => {
            crate::sql::quote::ident(name)
        }
        IndexKey::Column(name) => name.clone(),
        IndexKey::Expression(expr) => expr.clone(),
    };
    if let Some(collation) = &part.collation {
        text.push_str(" COLLATE ");
        text.push_str(&crate::sql::quote::ident(collation));
    }
    if let Some(opclass) = &part.opclass {
        text.push(' ');
        let parts: Vec<String> = opclass
            .splitn(2, '.')
            .map(crate::sql::quote::ident_if_needed)
            .collect();
        text.push_str(&parts.join("."));
    }
    text.push_str(part.order_suffix());
    text
}
