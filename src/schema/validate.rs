//! Raw definitions to the canonical model, checking everything the database would reject
//! later (and some things it would accept silently): duplicate names, references to unknown
//! tables or columns, mismatched foreign-key types, defaults that do not fit, two primary keys.
//! Every problem is reported at its place; nothing stops at the first.

use crate::schema::RenameHints;
use crate::schema::model::*;
use crate::schema::names;
use crate::schema::parse::{Loc, Located, RawColumn, RawIndex, RawSchema, RawTable, Reporter};
use crate::schema::types::{self, Family, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the canonical model and the rename hints, reporting every problem.
pub fn build(raw: &RawSchema, r: &mut Reporter) -> (Schema, RenameHints) {
    let mut schema = Schema::default();
    let mut hints = RenameHints::default();
    check_no_nul(raw, r);
    for ext in &raw.extensions {
        schema.extensions.push(ext.value.clone());
    }
    build_enums(raw, &mut schema, &mut hints, r);
    let enum_names: Vec<String> = schema.enums.iter().map(|e| e.name.to_string()).collect();
    let mut seen_tables: BTreeMap<&QualifiedName, Loc> = BTreeMap::new();
    for table in &raw.tables {
        if let Some(first) = seen_tables.get(&table.name) {
            let place = r.place(*first);
            r.error(
                table.at,
                format!("table `{}` is defined twice (also at {place})", table.name),
            );
            continue;
        }
        seen_tables.insert(&table.name, table.at);
        schema
            .tables
            .push(build_table(table, &enum_names, &mut hints, r));
    }
    // Sorted first: the checks below look tables up by name (binary search).
    schema.sort();
    check_references(raw, &mut schema, r);
    check_defaults(raw, &schema, r);
    check_relation_names(raw, &schema, r);
    schema.sort();
    (schema, hints)
}

/// PostgreSQL cannot store NUL in names or strings.
fn check_no_nul(raw: &RawSchema, r: &mut Reporter) {
    let mut bad = Vec::new();
    for table in &raw.tables {
        if table.name.name.contains('\0') || table.name.schema.contains('\0') {
            bad.push(table.at);
        }
        for column in &table.columns {
            if column.name.contains('\0') {
                bad.push(column.at);
            }
            if let Some(Located {
                value: Literal::String(s),
                at,
            }) = &column.default
                && s.contains('\0')
            {
                bad.push(*at);
            }
        }
    }
    for e in &raw.enums {
        for value in &e.values {
            if value.value.contains('\0') {
                bad.push(value.at);
            }
        }
    }
    for at in bad {
        r.error(
            at,
            "PostgreSQL cannot store a NUL character (\\u0000) in a name or string",
        );
    }
}

fn build_enums(raw: &RawSchema, schema: &mut Schema, hints: &mut RenameHints, r: &mut Reporter) {
    let mut seen: BTreeMap<&QualifiedName, Loc> = BTreeMap::new();
    for e in &raw.enums {
        if let Some(first) = seen.get(&e.name) {
            let place = r.place(*first);
            r.error(
                e.at,
                format!("enum `{}` is defined twice (also at {place})", e.name),
            );
            continue;
        }
        seen.insert(&e.name, e.at);
        if e.values.is_empty() {
            r.error(e.at, format!("enum `{}` needs at least one value", e.name));
        }
        let mut values: Vec<String> = Vec::new();
        for value in &e.values {
            if values.contains(&value.value) {
                r.error(
                    value.at,
                    format!("enum `{}` lists `{}` twice", e.name, value.value),
                );
            } else if value.value.is_empty() {
                r.error(value.at, "an enum value cannot be empty");
            } else {
                values.push(value.value.clone());
            }
        }
        if let Some(from) = &e.renamed_from {
            let old = QualifiedName::parse(&from.value);
            if old == e.name {
                r.error(
                    from.at,
                    format!("enum `{}` cannot be renamed from itself", e.name),
                );
            } else {
                hints.enums.insert(e.name.clone(), old);
            }
        }
        for renamed in &e.renamed_values {
            let (new, old) = &renamed.value;
            if !values.contains(new) {
                r.error(
                    renamed.at,
                    format!(
                        "renamed value `{new}` is not among the values of `{}`",
                        e.name
                    ),
                );
            }
            hints
                .enum_values
                .insert((e.name.clone(), new.clone()), old.clone());
        }
        schema.enums.push(Enum {
            name: e.name.clone(),
            values,
        });
    }
}

fn build_table(
    raw: &RawTable,
    enum_names: &[String],
    hints: &mut RenameHints,
    r: &mut Reporter,
) -> Table {
    let mut table = Table::new(raw.name.clone());
    table.comment = raw.comment.clone();
    if raw.name.name.is_empty() {
        r.error(raw.at, "a table name cannot be empty");
    }
    if let Some(from) = &raw.renamed_from {
        let old = QualifiedName::parse(&from.value);
        if old == raw.name {
            r.error(
                from.at,
                format!("table `{}` cannot be renamed from itself", raw.name),
            );
        } else {
            hints.tables.insert(raw.name.clone(), old);
        }
    }
    for column in &raw.columns {
        table
            .columns
            .push(build_column(raw, column, enum_names, hints, r));
    }
    build_primary_key(raw, &mut table, r);
    build_uniques(raw, &mut table, r);
    check_duplicate_keys(raw, &table, r);
    for check in &raw.checks {
        let (name, expression) = &check.value;
        table.checks.push(Check {
            name: name.clone(),
            expression: expression.trim().to_string(),
        });
    }
    for index in &raw.indexes {
        if let Some(index) = build_index(raw, &table, index, r) {
            table.indexes.push(index);
        }
    }
    table
}

fn build_column(
    table: &RawTable,
    raw: &RawColumn,
    enum_names: &[String],
    hints: &mut RenameHints,
    r: &mut Reporter,
) -> Column {
    let mut column = Column::new(raw.name.clone(), "");
    if raw.name.is_empty() {
        r.error(raw.at, "a column name cannot be empty");
    }
    if let Some(written) = &raw.data_type {
        if types::is_serial(&written.value) {
            r.error(
                written.at,
                format!(
                    "`{}` is not supported (it creates a sequence strata does not manage); \
                     use type = \"integer\" or \"bigint\" with identity = \"by default\"",
                    written.value
                ),
            );
        }
        let (canonical, kind) = types::canonicalize(&written.value, enum_names);
        if kind == TypeKind::Unknown && !types::is_serial(&written.value) {
            r.warn(
                written.at,
                format!(
                    "unknown type `{}` is passed through as written (a domain or extension type?)",
                    written.value
                ),
            );
        }
        column.data_type = canonical;
    }
    column.not_null = raw.not_null || raw.primary_key;
    column.comment = raw.comment.clone();
    if let Some(identity) = &raw.identity {
        column.identity = match identity.value.trim().to_ascii_lowercase().as_str() {
            "always" => Some(Identity::Always),
            "by default" => Some(Identity::ByDefault),
            _ => {
                r.error(
                    identity.at,
                    "`identity` must be \"always\" or \"by default\"",
                );
                None
            }
        };
        column.not_null = true;
    }
    column.generated = raw.generated.as_ref().map(|g| g.value.trim().to_string());
    column.default = match (&raw.default, &raw.default_sql) {
        (Some(_), Some(sql)) => {
            r.error(sql.at, "set either `default` or `default_sql`, not both");
            None
        }
        (Some(literal), None) => Some(DefaultValue::Literal(literal.value.clone())),
        (None, Some(sql)) => Some(DefaultValue::Expression(sql.value.trim().to_string())),
        (None, None) => None,
    };
    let default_at = raw
        .default
        .as_ref()
        .map(|d| d.at)
        .or(raw.default_sql.as_ref().map(|d| d.at));
    if let Some(at) = default_at {
        if column.identity.is_some() {
            r.error(at, "an identity column cannot have a default");
        }
        if column.generated.is_some() {
            r.error(at, "a generated column cannot have a default");
        }
    }
    if let (Some(_), Some(generated)) = (&column.identity, &raw.generated) {
        r.error(
            generated.at,
            "a column cannot be both identity and generated",
        );
    }
    if let Some(from) = &raw.renamed_from {
        if from.value == raw.name {
            r.error(
                from.at,
                format!("column `{}` cannot be renamed from itself", raw.name),
            );
        } else {
            hints
                .columns
                .insert((table.name.clone(), raw.name.clone()), from.value.clone());
        }
    }
    column
}

fn build_primary_key(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    let column_level: Vec<&RawColumn> = raw.columns.iter().filter(|c| c.primary_key).collect();
    let mut declared: Vec<Loc> = column_level.iter().map(|c| c.at).collect();
    if let Some(pk) = &raw.primary_key {
        declared.push(pk.at);
    }
    if declared.len() > 1 {
        let first = r.place(declared[0]);
        r.error(
            declared[1],
            format!(
                "table `{}` has two primary keys (the first at {first}); use one table-level \
                 primary_key = [..] for a composite key",
                raw.name
            ),
        );
        return;
    }
    let columns: Vec<String> = match (&raw.primary_key, column_level.first()) {
        (Some(pk), _) => {
            for column in &pk.value {
                require_column(raw, column, "primary key", r);
            }
            pk.value.iter().map(|c| c.value.clone()).collect()
        }
        (None, Some(column)) => vec![column.name.clone()],
        (None, None) => return,
    };
    for column in &mut table.columns {
        if columns.contains(&column.name) {
            column.not_null = true;
        }
    }
    table.primary_key = Some(PrimaryKey {
        name: names::primary_key(&raw.name.name),
        columns,
    });
}

fn build_uniques(raw: &RawTable, table: &mut Table, r: &mut Reporter) {
    for column in raw.columns.iter().filter(|c| c.unique) {
        let columns = vec![column.name.clone()];
        table.uniques.push(UniqueConstraint {
            name: names::unique(&raw.name.name, &columns),
            columns,
            nulls_not_distinct: false,
        });
    }
    for unique in &raw.uniques {
        let (name, columns) = &unique.value;
        if columns.is_empty() {
            r.error(
                unique.at,
                format!("unique constraint `{name}` needs at least one column"),
            );
        }
        for column in columns {
            require_column(raw, column, "unique constraint", r);
        }
        table.uniques.push(UniqueConstraint {
            name: name.clone(),
            columns: columns.iter().map(|c| c.value.clone()).collect(),
            nulls_not_distinct: false,
        });
    }
}

/// `CREATE TABLE` keeps only the first of several key constraints on the same columns in the
/// same order (the primary key first) and drops the others without a word: a model holding
/// both could never match its database, and `verify` would report drift forever.
fn check_duplicate_keys(raw: &RawTable, table: &Table, r: &mut Reporter) {
    let mut seen: Vec<(&[String], String)> = table
        .primary_key
        .iter()
        .map(|pk| (pk.columns.as_slice(), "the primary key".to_string()))
        .collect();
    for unique in &table.uniques {
        let columns = unique.columns.as_slice();
        match seen.iter().find(|(other, _)| *other == columns) {
            Some((_, first)) => r.error(
                declared_unique_loc(raw, unique),
                format!(
                    "unique constraint `{}` on ({}) duplicates {first}: PostgreSQL would not \
                     create it; remove one of them",
                    unique.name,
                    columns.join(", ")
                ),
            ),
            None => seen.push((columns, format!("unique constraint `{}`", unique.name))),
        }
    }
}

/// Where a unique constraint was declared: its table-level entry, its column's `unique = true`,
/// else the table.
fn declared_unique_loc(raw: &RawTable, unique: &UniqueConstraint) -> Loc {
    if let Some(at) = table_level_unique_loc(raw, &unique.name) {
        return at;
    }
    raw.columns
        .iter()
        .find(|c| c.unique && unique.columns == [c.name.as_str()])
        .map_or(raw.at, |c| c.at)
}

/// Reports a column that the table does not have.
fn require_column(raw: &RawTable, column: &Located<String>, what: &str, r: &mut Reporter) {
    if !raw.columns.iter().any(|c| c.name == column.value) {
        r.error(
            column.at,
            format!(
                "{what} names column `{}`, which table `{}` does not have",
                column.value, raw.name
            ),
        );
    }
}

fn build_index(raw: &RawTable, table: &Table, index: &RawIndex, r: &mut Reporter) -> Option<Index> {
    if index.columns.is_empty() {
        r.error(
            index.at,
            format!("index `{}` needs at least one column", index.name),
        );
        return None;
    }
    let mut parts = Vec::new();
    for column in &index.columns {
        let part = parse_index_part(&column.value);
        if let IndexKey::Column(name) = &part.key
            && table.column(name).is_none()
        {
            r.error(
                column.at,
                format!(
                    "index `{}` names column `{name}`, which table `{}` does not have",
                    index.name, raw.name
                ),
            );
        }
        parts.push(part);
    }
    for column in &index.include {
        require_column(raw, column, &format!("index `{}` include", index.name), r);
    }
    let method = match &index.using {
        None => "btree".to_string(),
        Some(using) => {
            let method = using.value.trim().to_ascii_lowercase();
            if !["btree", "hash", "gin", "gist", "brin", "spgist"].contains(&method.as_str()) {
                r.error(
                    using.at,
                    "`using` must be one of btree, hash, gin, gist, brin, spgist",
                );
            }
            method
        }
    };
    Some(Index {
        name: index.name.clone(),
        parts,
        unique: index.unique,
        method,
        predicate: index.predicate.as_ref().map(|p| p.trim().to_string()),
        include: index.include.iter().map(|c| c.value.clone()).collect(),
        nulls_not_distinct: index.nulls_not_distinct,
    })
}

/// Reads `"createdAt DESC NULLS LAST"`: a key (a plain name is a column, anything else an
/// expression) followed by optional direction and NULLS order.
pub fn parse_index_part(text: &str) -> IndexPart {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut descending = false;
    let mut nulls_first = None;
    let upper = |w: &str| w.to_ascii_uppercase();
    if words.len() >= 3 && upper(words[words.len() - 2]) == "NULLS" {
        match upper(words[words.len() - 1]).as_str() {
            "FIRST" => nulls_first = Some(true),
            "LAST" => nulls_first = Some(false),
            _ => {}
        }
        if nulls_first.is_some() {
            words.truncate(words.len() - 2);
        }
    }
    if words.len() >= 2 {
        match upper(words[words.len() - 1]).as_str() {
            "DESC" => {
                descending = true;
                words.pop();
            }
            "ASC" => {
                words.pop();
            }
            _ => {}
        }
    }
    let key_text = words.join(" ");
    let key = if is_plain_name(&key_text) {
        IndexKey::Column(key_text)
    } else {
        IndexKey::Expression(key_text)
    };
    IndexPart {
        key,
        descending,
        nulls_first: nulls_first.unwrap_or(descending),
    }
}

/// A plain column name: no parentheses, operators, quotes or spaces.
fn is_plain_name(text: &str) -> bool {
    !text.is_empty()
        && !text.chars().any(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | ')'
                        | '+'
                        | '-'
                        | '*'
                        | '/'
                        | '|'
                        | '\''
                        | '"'
                        | ':'
                        | ','
                        | '='
                        | '<'
                        | '>'
                )
        })
}

/// Column-level and table-level foreign keys: the referenced table and columns must exist and
/// the types must match.
fn check_references(raw: &RawSchema, schema: &mut Schema, r: &mut Reporter) {
    let mut found: Vec<(QualifiedName, ForeignKey)> = Vec::new();
    for raw_table in &raw.tables {
        let Some(table) = schema.table(&raw_table.name) else {
            continue;
        };
        for column in &raw_table.columns {
            let Some(reference) = &column.references else {
                continue;
            };
            let columns = vec![column.name.clone()];
            let name = names::foreign_key(&raw_table.name.name, &columns);
            let located = vec![Located {
                value: column.name.clone(),
                at: column.at,
            }];
            let actions = (&column.on_delete, &column.on_update);
            if let Some(fk) = build_foreign_key(
                schema,
                table,
                name,
                located,
                reference,
                actions,
                (false, false),
                r,
            ) {
                found.push((raw_table.name.clone(), fk));
            }
        }
        for raw_fk in &raw_table.foreign_keys {
            let Some(reference) = &raw_fk.references else {
                continue;
            };
            let actions = (&raw_fk.on_delete, &raw_fk.on_update);
            let deferral = (raw_fk.deferrable, raw_fk.initially_deferred);
            let columns = raw_fk.columns.clone();
            if let Some(fk) = build_foreign_key(
                schema,
                table,
                raw_fk.name.clone(),
                columns,
                reference,
                actions,
                deferral,
                r,
            ) {
                found.push((raw_table.name.clone(), fk));
            }
        }
    }
    for (table_name, fk) in found {
        if let Ok(i) = schema.tables.binary_search_by(|t| t.name.cmp(&table_name)) {
            schema.tables[i].foreign_keys.push(fk);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_foreign_key(
    schema: &Schema,
    table: &Table,
    name: String,
    columns: Vec<Located<String>>,
    reference: &Located<String>,
    actions: (&Option<Located<String>>, &Option<Located<String>>),
    deferral: (bool, bool),
    r: &mut Reporter,
) -> Option<ForeignKey> {
    let Some((target_name, target_columns)) = parse_reference(&reference.value) else {
        r.error(
            reference.at,
            "`references` must look like \"table(column)\" or \"schema.table(a, b)\"",
        );
        return None;
    };
    let on_delete = action(actions.0, "on_delete", r);
    let on_update = action(actions.1, "on_update", r);
    let Some(target) = schema.table(&target_name) else {
        r.error(
            reference.at,
            format!("references unknown table `{target_name}`"),
        );
        return None;
    };
    if target_columns.len() != columns.len() {
        r.error(
            reference.at,
            format!(
                "foreign key `{name}` has {} column(s) but references {}",
                columns.len(),
                target_columns.len()
            ),
        );
        return None;
    }
    for (column, target_column) in columns.iter().zip(&target_columns) {
        let Some(own) = table.column(&column.value) else {
            r.error(
                column.at,
                format!(
                    "foreign key `{name}` names column `{}`, which table `{}` does not have",
                    column.value, table.name
                ),
            );
            continue;
        };
        let Some(other) = target.column(target_column) else {
            r.error(
                reference.at,
                format!("references unknown column `{target_column}` of table `{target_name}`"),
            );
            continue;
        };
        if own.data_type != other.data_type {
            r.error(
                reference.at,
                format!(
                    "foreign key column `{}` is {} but `{target_name}.{target_column}` is {}; the types must match",
                    column.value, own.data_type, other.data_type
                ),
            );
        }
    }
    Some(ForeignKey {
        name,
        columns: columns.into_iter().map(|c| c.value).collect(),
        referenced_table: target_name,
        referenced_columns: target_columns,
        on_delete,
        on_update,
        deferrable: deferral.0 || deferral.1,
        initially_deferred: deferral.1,
    })
}

/// Reads an ON DELETE / ON UPDATE action.
fn action(value: &Option<Located<String>>, key: &str, r: &mut Reporter) -> ReferentialAction {
    let Some(value) = value else {
        return ReferentialAction::NoAction;
    };
    ReferentialAction::from_toml(&value.value).unwrap_or_else(|| {
        r.error(
            value.at,
            format!("`{key}` must be one of: no action, restrict, cascade, set null, set default"),
        );
        ReferentialAction::NoAction
    })
}

/// Splits `"schema.table(a, b)"` into the table and its columns.
pub fn parse_reference(text: &str) -> Option<(QualifiedName, Vec<String>)> {
    let text = text.trim();
    let open = text.find('(')?;
    let inner = text[open + 1..].strip_suffix(')')?;
    let table = text[..open].trim();
    let columns: Vec<String> = inner.split(',').map(|c| c.trim().to_string()).collect();
    if table.is_empty() || columns.iter().any(String::is_empty) {
        return None;
    }
    Some((QualifiedName::parse(table), columns))
}

/// Literal defaults must fit their column's type.
fn check_defaults(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    for raw_table in &raw.tables {
        let Some(table) = schema.table(&raw_table.name) else {
            continue;
        };
        for raw_column in &raw_table.columns {
            let (Some(default), Some(column)) =
                (&raw_column.default, table.column(&raw_column.name))
            else {
                continue;
            };
            if let Err(message) = literal_fits(&default.value, &column.data_type, schema) {
                r.error(
                    default.at,
                    format!("default for `{}`: {message}", column.name),
                );
            }
        }
    }
}

/// Whether a literal can be the default of a column of this canonical type.
fn literal_fits(literal: &Literal, data_type: &str, schema: &Schema) -> Result<(), String> {
    let (base, dims) = types::split_array(data_type);
    if dims > 0 {
        let Literal::Array(items) = literal else {
            return Err(format!("a {data_type} column needs an array default"));
        };
        return items
            .iter()
            .try_for_each(|item| literal_fits(item, base, schema));
    }
    if let Some(e) = schema.enums.iter().find(|e| e.name.to_string() == base) {
        return match literal {
            Literal::String(s) if e.values.contains(s) => Ok(()),
            Literal::String(s) => Err(format!(
                "`{s}` is not a value of enum `{}` ({})",
                e.name,
                e.values.join(", ")
            )),
            _ => Err("an enum default must be one of its values as a string".to_string()),
        };
    }
    if types::canonical_builtin(base).is_none() {
        return Ok(()); // unknown types: the database will judge
    }
    match (types::family(base), literal) {
        (_, Literal::Null) => Ok(()),
        (Family::Integer { min, max }, Literal::Integer(i)) if (min..=max).contains(i) => Ok(()),
        (Family::Integer { .. }, Literal::Integer(i)) => {
            Err(format!("{i} is out of range for {base}"))
        }
        (Family::Integer { .. }, _) => Err(format!("{base} needs an integer default")),
        (Family::Number, Literal::Integer(_) | Literal::Number(_)) => Ok(()),
        (Family::Number, _) => Err(format!("{base} needs a numeric default")),
        (Family::Boolean, Literal::Boolean(_)) => Ok(()),
        (Family::Boolean, _) => Err("boolean needs true or false".to_string()),
        (Family::Json, Literal::Array(_)) => {
            Err("json needs its default as a string, or default_sql".to_string())
        }
        (Family::Json, _) => Ok(()),
        (Family::Text, Literal::String(_)) => Ok(()),
        (Family::Text, _) => Err(format!("{base} needs a string default")),
    }
}

/// Index, primary-key and unique names share one namespace per PostgreSQL schema; checks and
/// foreign keys must be unique within their table.
fn check_relation_names(raw: &RawSchema, schema: &Schema, r: &mut Reporter) {
    let mut relations: BTreeMap<(&str, &str), Loc> = BTreeMap::new();
    for table in &raw.tables {
        relations.insert((&table.name.schema, &table.name.name), table.at);
    }
    for raw_table in &raw.tables {
        let Some(table) = schema.table(&raw_table.name) else {
            continue;
        };
        let index_like = table
            .primary_key
            .iter()
            .map(|pk| (pk.name.as_str(), raw_table.at))
            .chain(
                table
                    .uniques
                    .iter()
                    .map(|u| (u.name.as_str(), unique_loc(raw_table, &u.name))),
            )
            .chain(raw_table.indexes.iter().map(|i| (i.name.as_str(), i.at)));
        for (name, at) in index_like {
            let key = (table.name.schema.as_str(), name);
            if let Some(first) = relations.get(&key) {
                let place = r.place(*first);
                r.error(at, format!("name `{name}` is already used in schema `{}` (at {place}); indexes, tables and key constraints share one namespace", table.name.schema));
            } else {
                relations.insert(key, at);
            }
        }
        let mut constraints: BTreeSet<&str> = BTreeSet::new();
        let all = table
            .primary_key
            .iter()
            .map(|p| p.name.as_str())
            .chain(table.uniques.iter().map(|u| u.name.as_str()))
            .chain(table.checks.iter().map(|c| c.name.as_str()))
            .chain(table.foreign_keys.iter().map(|f| f.name.as_str()));
        for name in all {
            if !constraints.insert(name) {
                r.error(
                    raw_table.at,
                    format!("table `{}` has two constraints named `{name}`", table.name),
                );
            }
        }
    }
}

/// Where a unique constraint was declared (its table-level entry, else the table).
fn unique_loc(raw: &RawTable, name: &str) -> Loc {
    table_level_unique_loc(raw, name).unwrap_or(raw.at)
}

/// The table-level `uniques` entry named `name`, if the unique was declared there.
fn table_level_unique_loc(raw: &RawTable, name: &str) -> Option<Loc> {
    raw.uniques.iter().find(|u| u.value.0 == name).map(|u| u.at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_parts() {
        let part = parse_index_part("createdAt DESC NULLS LAST");
        assert_eq!(part.key, IndexKey::Column("createdAt".into()));
        assert!(part.descending && !part.nulls_first);
        let part = parse_index_part("created_at desc");
        assert!(part.descending && part.nulls_first);
        let part = parse_index_part("lower(title)");
        assert_eq!(part.key, IndexKey::Expression("lower(title)".into()));
        assert!(!part.descending && !part.nulls_first);
        let part = parse_index_part("a ASC NULLS FIRST");
        assert_eq!(part.key, IndexKey::Column("a".into()));
        assert!(part.nulls_first);
    }

    #[test]
    fn references() {
        assert_eq!(
            parse_reference("audit.logs(a, b)"),
            Some((
                QualifiedName::new("audit", "logs"),
                vec!["a".into(), "b".into()]
            ))
        );
        assert_eq!(parse_reference("users"), None);
        assert_eq!(parse_reference("users()"), None);
    }
}
