//! Property test of the differ and renderer on a real PostgreSQL: for random pairs of models
//! (A, B), apply up(∅→A), then up(A→B) and check the database introspects to B, then down(A→B)
//! and check it is A again, then down(∅→A) and check it is empty.
//!
//! `STRATA_PROPERTY_CASES` (default 200) pairs from `STRATA_PROPERTY_SEED` (default fixed; the
//! seed is printed on failure). Models are generated directly in canonical form, with every
//! expression already in PostgreSQL's own spelling, so equality is exact.

use crate::support::*;
use strata::diff::{DiffOptions, diff};
use strata::schema::RenameHints;
use strata::schema::model::*;
use strata::schema::names;

/// xorshift64*: small, seedable, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const ENUM: &str = "mood";

/// (type, a default that fits it, or None)
fn random_type(rng: &mut Rng) -> (String, Option<DefaultValue>) {
    use DefaultValue::{Expression as E, Literal as L};
    let options: Vec<(&str, Option<DefaultValue>)> = vec![
        ("integer", Some(L(Literal::Integer(7)))),
        ("bigint", None),
        ("text", Some(L(Literal::String("it's".into())))),
        ("boolean", Some(L(Literal::Boolean(true)))),
        (
            "character varying(20)",
            Some(L(Literal::String("x".into()))),
        ),
        ("uuid", Some(E("gen_random_uuid()".into()))),
        ("numeric(10,2)", Some(L(Literal::Number("2.5".into())))),
        ("timestamp with time zone", Some(E("now()".into()))),
        ("jsonb", Some(L(Literal::String("{}".into())))),
        (
            "text[]",
            Some(L(Literal::Array(vec![Literal::String("a".into())]))),
        ),
        (ENUM, Some(L(Literal::String("sad".into())))),
        ("mood[]", None),
    ];
    let (data_type, default) = options[rng.below(options.len())].clone();
    let default = if rng.chance(50) { default } else { None };
    (data_type.to_string(), default)
}

fn random_column(rng: &mut Rng, name: String) -> Column {
    let (data_type, default) = random_type(rng);
    let mut column = Column::new(name, data_type);
    column.default = default;
    column.not_null = rng.chance(30);
    if rng.chance(15) {
        column.comment = Some(format!("about {}", column.name));
    }
    column
}

fn random_table(rng: &mut Rng, n: usize) -> Table {
    let schema = if rng.chance(25) { "s2" } else { "public" };
    let name = QualifiedName::new(schema, format!("t{n}"));
    let mut table = Table::new(name.clone());
    let mut id = Column::new("id", "bigint");
    id.not_null = true;
    if rng.chance(30) {
        id.identity = Some(Identity::ByDefault);
        if rng.chance(40) {
            id.identity_options = SequenceOptions {
                start: Some(100),
                increment: Some(5),
                cache: rng.chance(50).then_some(10),
                ..SequenceOptions::default()
            };
        }
    }
    table.columns.push(id);
    for k in 0..1 + rng.below(4) {
        table.columns.push(random_column(rng, format!("c{k}")));
    }
    table.primary_key = Some(PrimaryKey {
        name: names::primary_key(&name.name),
        columns: vec!["id".into()],
        comment: rng.chance(15).then(|| "the key".into()),
        ..PrimaryKey::default()
    });
    if rng.chance(30) {
        table.checks.push(random_check(rng, &name, "id"));
    }
    if rng.chance(20) {
        table.comment = Some("a table".into());
    }
    if rng.chance(15) {
        table.storage.insert("fillfactor".into(), "80".into());
    }
    add_random_index(rng, &mut table);
    if rng.chance(30) {
        add_random_unique(rng, &mut table);
    }
    table
}

/// A check on the table's first column (`id`, unless it was renamed).
fn random_check(rng: &mut Rng, table: &QualifiedName, id: &str) -> Check {
    Check {
        name: format!("{}_id_check", table.name),
        expression: format!("({id} > 0)"),
        not_valid: rng.chance(25),
        comment: rng.chance(20).then(|| "positive".into()),
    }
}

fn add_random_index(rng: &mut Rng, table: &mut Table) {
    let column = table.columns[rng.below(table.columns.len())].name.clone();
    let descending = rng.chance(40);
    let name = format!("{}_{}_i{}", table.name.name, column, rng.below(1000));
    if table.index(&name).is_some() {
        return;
    }
    let is_text = table.column(&column).is_some_and(|c| c.data_type == "text");
    let id = table.columns[0].name.clone();
    table.indexes.push(Index {
        name,
        parts: vec![IndexPart {
            key: IndexKey::Column(column),
            descending,
            nulls_first: if rng.chance(20) {
                !descending
            } else {
                descending
            },
            collation: None,
            opclass: (is_text && rng.chance(40)).then(|| "text_pattern_ops".into()),
        }],
        unique: rng.chance(20),
        method: "btree".into(),
        predicate: rng.chance(20).then(|| format!("({id} > 0)")),
        include: if rng.chance(20) {
            vec![id.clone()]
        } else {
            vec![]
        },
        nulls_not_distinct: false,
        storage: if rng.chance(15) {
            [("fillfactor".to_string(), "70".to_string())].into()
        } else {
            Default::default()
        },
        comment: rng.chance(15).then(|| "an index".into()),
    });
}

fn add_random_unique(rng: &mut Rng, table: &mut Table) {
    let column = table.columns[1 + rng.below(table.columns.len() - 1)]
        .name
        .clone();
    let columns = vec![column];
    let name = names::unique(&table.name.name, &columns);
    if table.uniques.iter().any(|u| u.name == name) {
        return;
    }
    let deferrable = rng.chance(20);
    table.uniques.push(UniqueConstraint {
        name,
        columns,
        nulls_not_distinct: rng.chance(15),
        deferrable,
        initially_deferred: deferrable && rng.chance(50),
        comment: rng.chance(15).then(|| "one each".into()),
    });
}

/// Adds `ref_<target>` with a foreign key to another table's id.
fn add_random_foreign_key(rng: &mut Rng, schema: &mut Schema) {
    if schema.tables.len() < 2 {
        return;
    }
    let from = rng.below(schema.tables.len());
    let to = rng.below(schema.tables.len());
    let target = schema.tables[to].name.clone();
    let table = &mut schema.tables[from];
    let column = format!("ref_{}", target.name);
    if table.column(&column).is_some() {
        return;
    }
    table.columns.push(Column::new(column.clone(), "bigint"));
    let actions = [
        ReferentialAction::NoAction,
        ReferentialAction::Cascade,
        ReferentialAction::SetNull,
        ReferentialAction::Restrict,
    ];
    let deferrable = rng.chance(20);
    table.foreign_keys.push(ForeignKey {
        name: names::foreign_key(&table.name.name, std::slice::from_ref(&column)),
        columns: vec![column],
        referenced_table: target,
        referenced_columns: vec!["id".into()],
        on_delete: actions[rng.below(actions.len())],
        on_update: ReferentialAction::NoAction,
        deferrable,
        initially_deferred: deferrable && rng.chance(50),
        not_valid: rng.chance(20),
        comment: rng.chance(15).then(|| "points there".into()),
    });
}

fn random_schema(rng: &mut Rng, next_table: &mut usize) -> Schema {
    let mut schema = Schema {
        extensions: if rng.chance(30) {
            vec!["hstore".into()]
        } else {
            vec![]
        },
        enums: vec![Enum {
            name: QualifiedName::public(ENUM),
            values: vec!["sad".into(), "ok".into(), "happy".into()],
        }],
        tables: Vec::new(),
    };
    for _ in 0..1 + rng.below(3) {
        schema.tables.push(random_table(rng, *next_table));
        *next_table += 1;
    }
    if rng.chance(60) {
        add_random_foreign_key(rng, &mut schema);
    }
    schema.sort();
    schema
}

/// B from A: a few random edits of every kind, with rename hints where it renames.
fn mutate(rng: &mut Rng, a: &Schema, next_table: &mut usize) -> (Schema, RenameHints) {
    let mut b = a.clone();
    let mut hints = RenameHints::default();
    for _ in 0..1 + rng.below(4) {
        match rng.below(13) {
            0 => {
                b.tables.push(random_table(rng, *next_table));
                *next_table += 1;
            }
            1 if b.tables.len() > 1 => {
                let gone = b.tables.remove(rng.below(b.tables.len())).name;
                drop_references(&mut b, &gone);
            }
            2 => {
                let t = rng.below(b.tables.len());
                let name = format!("c{}", 10 + rng.below(90));
                if b.tables[t].column(&name).is_none() {
                    let column = random_column(rng, name);
                    b.tables[t].columns.push(column);
                }
            }
            3 => drop_random_column(rng, &mut b),
            4 => alter_random_column(rng, &mut b),
            5 => {
                let t = rng.below(b.tables.len());
                if b.tables[t].indexes.is_empty() || rng.chance(50) {
                    add_random_index(rng, &mut b.tables[t]);
                } else {
                    let i = rng.below(b.tables[t].indexes.len());
                    b.tables[t].indexes.remove(i);
                }
            }
            6 => {
                let t = rng.below(b.tables.len());
                if b.tables[t].uniques.is_empty() {
                    add_random_unique(rng, &mut b.tables[t]);
                } else {
                    b.tables[t].uniques.clear();
                }
            }
            7 => {
                let t = rng.below(b.tables.len());
                let table = &mut b.tables[t];
                let name = table.name.clone();
                let id = table.columns[0].name.clone();
                match table.checks.first_mut() {
                    None => table.checks.push(random_check(rng, &name, &id)),
                    // Validated in place, re-commented, or dropped.
                    Some(check) if check.not_valid && rng.chance(50) => check.not_valid = false,
                    Some(check) if rng.chance(50) => {
                        check.comment = check.comment.is_none().then(|| "now commented".into())
                    }
                    Some(_) => table.checks.clear(),
                }
            }
            8 => add_random_foreign_key(rng, &mut b),
            9 => mutate_enum(rng, &mut b),
            10 => {
                let t = rng.below(b.tables.len());
                let table = &mut b.tables[t];
                table.comment = if table.comment.is_some() {
                    None
                } else {
                    Some("changed".into())
                };
            }
            11 => rename_random_table(rng, &mut b, &mut hints, next_table),
            _ => rename_random_column(rng, &mut b, &mut hints),
        }
    }
    b.extensions = if rng.chance(30) {
        vec!["hstore".into()]
    } else {
        a.extensions.clone()
    };
    b.sort();
    (b, hints)
}

fn drop_references(schema: &mut Schema, gone: &QualifiedName) {
    for table in &mut schema.tables {
        table.foreign_keys.retain(|fk| &fk.referenced_table != gone);
    }
}

/// Drops a plain column (never `id`), with the indexes and constraints that use it.
fn drop_random_column(rng: &mut Rng, b: &mut Schema) {
    let t = rng.below(b.tables.len());
    let table = &mut b.tables[t];
    if table.columns.len() < 3 {
        return;
    }
    let c = 1 + rng.below(table.columns.len() - 1);
    let name = table.columns.remove(c).name;
    table.indexes.retain(|i| {
        !i.parts
            .iter()
            .any(|p| p.key == IndexKey::Column(name.clone()))
            && !i.include.contains(&name)
    });
    table.uniques.retain(|u| !u.columns.contains(&name));
    table.foreign_keys.retain(|f| !f.columns.contains(&name));
}

/// Changes a plain column's type, nullability, default or comment.
fn alter_random_column(rng: &mut Rng, b: &mut Schema) {
    let t = rng.below(b.tables.len());
    let table = &mut b.tables[t];
    let c = 1 + rng.below(table.columns.len() - 1);
    if table.columns[c].name.starts_with("ref_") {
        return;
    }
    let in_index = table.indexes.iter().any(|i| {
        i.parts
            .iter()
            .any(|p| p.key == IndexKey::Column(table.columns[c].name.clone()))
    }) || table
        .uniques
        .iter()
        .any(|u| u.columns.contains(&table.columns[c].name));
    let column = &mut table.columns[c];
    match rng.below(4) {
        // A new type (and a default that fits it); btree indexes on it are rebuilt.
        0 if !in_index => {
            let (data_type, default) = random_type(rng);
            column.data_type = data_type;
            column.default = default;
        }
        1 => column.not_null = !column.not_null,
        2 => column.default = None,
        _ => {
            column.comment = if column.comment.is_some() {
                None
            } else {
                Some("new comment".into())
            }
        }
    }
}

fn mutate_enum(rng: &mut Rng, b: &mut Schema) {
    let values = &mut b.enums[0].values;
    match rng.below(3) {
        0 => {
            let new = format!("v{}", rng.below(1000));
            if !values.contains(&new) {
                let at = rng.below(values.len() + 1);
                values.insert(at, new);
            }
        }
        1 if values.len() > 2 => {
            // Removing a value: a default that used it goes too ("sad" is never removed).
            let at = 1 + rng.below(values.len() - 1);
            values.remove(at);
        }
        _ => values.reverse(),
    }
    if !values.contains(&"sad".to_string()) {
        values.insert(0, "sad".into());
    }
}

fn rename_random_table(rng: &mut Rng, b: &mut Schema, hints: &mut RenameHints, next: &mut usize) {
    let t = rng.below(b.tables.len());
    let old = b.tables[t].name.clone();
    let new = QualifiedName::new(old.schema.clone(), format!("t{}", *next));
    *next += 1;
    b.tables[t].name = new.clone();
    // Half the time the new table's keys carry the default names of the new name, as a TOML
    // file that writes them as shorthands does: the differ must rename them in place.
    if rng.chance(50) {
        rederive_default_names(&mut b.tables[t], &old.name);
    }
    for table in &mut b.tables {
        for fk in &mut table.foreign_keys {
            if fk.referenced_table == old {
                fk.referenced_table = new.clone();
            }
        }
    }
    // A second rename in the same mutation: the hint names the original table, as TOML would.
    let original = hints.tables.remove(&old).unwrap_or_else(|| old.clone());
    let keys: Vec<_> = hints
        .columns
        .keys()
        .filter(|(t, _)| t == &old)
        .cloned()
        .collect();
    for (table, column) in keys {
        let from = hints.columns.remove(&(table, column.clone())).expect("key");
        hints.columns.insert((new.clone(), column), from);
    }
    hints.tables.insert(new, original);
}

/// Names the table's keys, uniques, foreign keys and indexes that carried the default names of
/// `old_name` after its new name.
fn rederive_default_names(table: &mut Table, old_name: &str) {
    let new_name = table.name.name.clone();
    if let Some(pk) = &mut table.primary_key
        && pk.name == names::primary_key(old_name)
    {
        pk.name = names::primary_key(&new_name);
    }
    for unique in &mut table.uniques {
        if unique.name == names::unique(old_name, &unique.columns) {
            unique.name = names::unique(&new_name, &unique.columns);
        }
    }
    for fk in &mut table.foreign_keys {
        if fk.name == names::foreign_key(old_name, &fk.columns) {
            fk.name = names::foreign_key(&new_name, &fk.columns);
        }
    }
    for index in &mut table.indexes {
        if let Some(rest) = index.name.strip_prefix(old_name) {
            let renamed = format!("{new_name}{rest}");
            if renamed.len() <= names::MAX_IDENTIFIER_BYTES {
                index.name = renamed;
            }
        }
    }
}

/// Renames a column, also one that is unique, indexed, in a foreign key, or referenced by
/// other tables' foreign keys (`id`), following it everywhere PostgreSQL does; half the time
/// the constraints named after it get their new default names.
fn rename_random_column(rng: &mut Rng, b: &mut Schema, hints: &mut RenameHints) {
    let t = rng.below(b.tables.len());
    let c = rng.below(b.tables[t].columns.len());
    let table_name = b.tables[t].name.clone();
    let old = b.tables[t].columns[c].name.clone();
    let new = format!("{old}_r");
    if b.tables[t].column(&new).is_some() {
        return;
    }
    let rederive = rng.chance(50);
    for table in &mut b.tables {
        for fk in &mut table.foreign_keys {
            if fk.referenced_table == table_name {
                rename_in(&mut fk.referenced_columns, &old, &new);
            }
        }
    }
    let table = &mut b.tables[t];
    let short = table.name.name.clone();
    table.columns[c].name = new.clone();
    if let Some(pk) = &mut table.primary_key {
        rename_in(&mut pk.columns, &old, &new);
    }
    for unique in &mut table.uniques {
        let default = unique.name == names::unique(&short, &unique.columns);
        rename_in(&mut unique.columns, &old, &new);
        if default && rederive {
            unique.name = names::unique(&short, &unique.columns);
        }
    }
    for fk in &mut table.foreign_keys {
        let default = fk.name == names::foreign_key(&short, &fk.columns);
        rename_in(&mut fk.columns, &old, &new);
        if default && rederive {
            fk.name = names::foreign_key(&short, &fk.columns);
        }
    }
    for check in &mut table.checks {
        check.expression = check
            .expression
            .replace(&format!("({old} "), &format!("({new} "));
    }
    for index in &mut table.indexes {
        rename_in(&mut index.include, &old, &new);
        if let Some(predicate) = &mut index.predicate {
            *predicate = predicate.replace(&format!("({old} "), &format!("({new} "));
        }
        for part in &mut index.parts {
            if part.key == IndexKey::Column(old.clone()) {
                part.key = IndexKey::Column(new.clone());
            }
        }
    }
    let original = hints
        .columns
        .remove(&(table.name.clone(), old.clone()))
        .unwrap_or(old);
    hints.columns.insert((table.name.clone(), new), original);
}

fn rename_in(names: &mut [String], old: &str, new: &str) {
    for name in names {
        if name == old {
            *name = new.to_string();
        }
    }
}

fn migration(from: &Schema, to: &Schema, hints: &RenameHints) -> strata::sql::MigrationSql {
    let options = DiffOptions {
        allow_destructive: true,
        decide_rename: None,
    };
    let changes = diff(from, to, hints, &options).expect("diff");
    let context = strata::sql::Context::new(&[from, to]);
    strata::sql::render_migration("prop", &changes, &context)
}

#[test]
fn random_model_pairs_converge_up_and_down() {
    let cases: usize = std::env::var("STRATA_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("STRATA_PROPERTY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5747_a7a5_eed5);
    let db = TestDb::new();
    let mut rng = Rng(seed);
    let empty = Schema::default();
    for case in 0..cases {
        let mut next_table = 0;
        let a = random_schema(&mut rng, &mut next_table);
        let (b, hints) = mutate(&mut rng, &a, &mut next_table);
        let context = format!("seed {seed}, case {case}");
        let create = migration(&empty, &a, &RenameHints::default());
        apply(&db, &create.up, &context);
        check(&db, &a, &format!("{context}: after up(∅→A)"));
        let step = migration(&a, &b, &hints);
        apply(&db, &step.up, &format!("{context}: up(A→B)\n{}", step.up));
        check(&db, &b, &format!("{context}: after up(A→B)\n{}", step.up));
        apply(
            &db,
            &step.down,
            &format!("{context}: down(A→B)\n{}", step.down),
        );
        check(
            &db,
            &a,
            &format!("{context}: after down(A→B)\n{}", step.down),
        );
        apply(&db, &create.down, &context);
        check(&db, &empty, &format!("{context}: after down(∅→A)"));
    }
}

fn check(db: &TestDb, expected: &Schema, context: &str) {
    let actual = inspect(db);
    if !actual.equivalent(expected) {
        let (a, e) = (format!("{actual:#?}\n"), format!("{expected:#?}\n"));
        let diff = similar::TextDiff::from_lines(&e, &a)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        panic!("{context}\n{diff}");
    }
}
