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
            }
            .into();
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
    let from = pick(rng, schema);
    let to = pick(rng, schema);
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

/// How many tables [`pick`] chooses from.
fn plain_tables(schema: &Schema) -> usize {
    schema
        .tables
        .iter()
        .filter(|t| t.partition_by.is_none() && t.partition_of.is_none())
        .count()
}

/// A table the plain mutations may touch: neither partitioned nor a partition (their
/// columns, keys and foreign keys follow other rules).
fn pick(rng: &mut Rng, schema: &Schema) -> usize {
    let plain: Vec<usize> = (0..schema.tables.len())
        .filter(|&i| {
            let t = &schema.tables[i];
            t.partition_by.is_none() && t.partition_of.is_none()
        })
        .collect();
    plain[rng.below(plain.len())]
}

const DOMAIN: &str = "short_text";
const COMPOSITE: &str = "pair";

fn domain(rng: &mut Rng) -> Domain {
    Domain {
        name: QualifiedName::public(DOMAIN),
        data_type: "text".into(),
        not_null: false,
        default: rng
            .chance(40)
            .then(|| DefaultValue::Literal(Literal::String("x".into()))),
        collation: None,
        checks: if rng.chance(70) {
            vec![Check {
                name: "short_text_check".into(),
                expression: "(length(VALUE) < 100)".into(),
                not_valid: false,
                comment: rng.chance(30).then(|| "not too long".into()),
            }]
        } else {
            vec![]
        },
        comment: rng.chance(30).then(|| "short text".into()),
    }
}

fn composite(rng: &mut Rng) -> CompositeType {
    let mut attributes = vec![
        Attribute {
            name: "a".into(),
            data_type: "integer".into(),
            collation: None,
        },
        Attribute {
            name: "b".into(),
            data_type: "text".into(),
            collation: None,
        },
    ];
    if rng.chance(30) {
        attributes.push(Attribute {
            name: "c".into(),
            data_type: DOMAIN.into(),
            collation: None,
        });
    }
    CompositeType {
        name: QualifiedName::public(COMPOSITE),
        attributes,
        comment: rng.chance(30).then(|| "a pair".into()),
    }
}

/// A range-partitioned table with a yearly partition and (sometimes) a default one.
fn add_partitioned(rng: &mut Rng, schema: &mut Schema, n: usize) {
    let parent = QualifiedName::public(format!("pt{n}"));
    let mut table = Table::new(parent.clone());
    let mut id = Column::new("id", "bigint");
    id.not_null = true;
    let mut at = Column::new("at", "date");
    at.not_null = true;
    table.columns = vec![id, at];
    // Each of the three strategies, with its bounds in the server's spelling.
    let strategy = rng.below(3);
    table.partition_by = Some(
        match strategy {
            0 => "RANGE (at)",
            1 => "LIST (at)",
            _ => "HASH (id)",
        }
        .into(),
    );
    if rng.chance(50) {
        add_random_index(rng, &mut table);
        // A unique index on a partitioned table must hold the partition key.
        table.indexes[0].unique = false;
    }
    schema.tables.push(table);
    let mut years = match strategy {
        0 => vec![("2024", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")],
        1 => vec![("2024", "FOR VALUES IN ('2024-01-01', '2024-06-01')")],
        _ => vec![("h0", "FOR VALUES WITH (modulus 2, remainder 0)")],
    };
    if rng.chance(50) {
        years.push(match strategy {
            0 => ("2025", "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"),
            1 => ("2025", "FOR VALUES IN ('2025-01-01')"),
            _ => ("h1", "FOR VALUES WITH (modulus 2, remainder 1)"),
        });
    }
    // A hash-partitioned table cannot have a default partition.
    if strategy < 2 && rng.chance(50) {
        years.push(("default", "DEFAULT"));
    }
    for (suffix, bound) in years {
        let mut partition = Table::new(QualifiedName::public(format!("pt{n}_{suffix}")));
        partition.partition_of = Some(PartitionOf {
            parent: parent.clone(),
            bound: bound.into(),
        });
        schema.tables.push(partition);
    }
}

/// A serial column `c_serial` (an integer, its default and the sequence it owns).
fn add_serial(table: &mut Table, schema_sequences: &mut Vec<Sequence>) {
    if table.column("c_serial").is_some() {
        return;
    }
    let name = QualifiedName::new(
        table.name.schema.clone(),
        names::sequence(&table.name.name, "c_serial"),
    );
    let mut column = Column::new("c_serial", "integer");
    column.not_null = true;
    column.default = Some(DefaultValue::Expression(nextval(&name)));
    table.columns.push(column);
    schema_sequences.push(Sequence {
        grants: Default::default(),
        name,
        data_type: "integer".into(),
        options: SequenceOptions::default(),
        owned_by: Some(ColumnName {
            table: table.name.clone(),
            column: "c_serial".into(),
        }),
        comment: None,
    });
}

fn free_sequence(rng: &mut Rng) -> Sequence {
    Sequence {
        grants: Default::default(),
        name: QualifiedName::public("ticket_numbers"),
        data_type: if rng.chance(50) { "bigint" } else { "integer" }.into(),
        options: SequenceOptions {
            start: rng.chance(50).then_some(1000),
            increment: rng.chance(30).then_some(10),
            cache: rng.chance(30).then_some(5),
            ..SequenceOptions::default()
        },
        owned_by: None,
        comment: rng.chance(30).then(|| "ticket numbers".into()),
    }
}

/// A function in PostgreSQL's own spelling (arguments as `pg_get_function_arguments`
/// prints them, a `RETURN` body as `pg_get_function_sqlbody` does).
fn function(name: &str, arguments: &[&str], returns: &str, language: &str, body: &str) -> Function {
    Function {
        name: QualifiedName::public(name),
        procedure: false,
        arguments: arguments.iter().map(|a| a.to_string()).collect(),
        returns: Some(returns.into()),
        language: language.into(),
        volatility: Volatility::Volatile,
        strict: false,
        security_definer: false,
        parallel: Parallel::Unsafe,
        leakproof: false,
        cost: None,
        rows: None,
        set: Default::default(),
        body: body.into(),
        comment: None,
        grants: None,
    }
}

/// Functions (sql, plpgsql, a SQL-standard body, an overload, a procedure) and an aggregate,
/// each with random options.
fn random_functions(rng: &mut Rng, schema: &mut Schema) {
    let mut plus = function("plus_one", &["a integer"], "integer", "sql", "SELECT a + 1");
    if rng.chance(50) {
        plus.volatility = Volatility::Immutable;
        plus.strict = rng.chance(50);
        plus.parallel = Parallel::Safe;
    }
    plus.comment = rng.chance(30).then(|| "adds one".into());
    schema.functions.push(plus);
    if rng.chance(50) {
        schema.functions.push(function(
            "plus_one",
            &["a bigint", "b bigint DEFAULT 1"],
            "bigint",
            "sql",
            "SELECT a + b",
        ));
    }
    if rng.chance(50) {
        let mut touch = function(
            "touch",
            &[],
            "trigger",
            "plpgsql",
            "\nBEGIN\n  RETURN NEW;\nEND\n",
        );
        touch.security_definer = rng.chance(50);
        if rng.chance(50) {
            touch
                .set
                .insert("search_path".into(), "public, pg_temp".into());
        }
        schema.functions.push(touch);
    }
    if rng.chance(50) {
        let mut twice = function(
            "twice",
            &["x numeric"],
            "numeric",
            "sql",
            "RETURN (x * (2)::numeric)",
        );
        twice.volatility = Volatility::Stable;
        schema.functions.push(twice);
    }
    if rng.chance(40) {
        let mut procedure = function(
            "reset_all",
            &["IN n integer DEFAULT 0"],
            "",
            "sql",
            "SELECT n",
        );
        procedure.procedure = true;
        procedure.returns = None;
        procedure.comment = rng.chance(50).then(|| "a procedure".into());
        schema.functions.push(procedure);
    }
    if rng.chance(40) {
        schema.aggregates.push(Aggregate {
            name: QualifiedName::public("total"),
            arguments: vec!["integer".into()],
            sfunc: QualifiedName::new("pg_catalog", "int4pl"),
            stype: "integer".into(),
            finalfunc: None,
            combinefunc: None,
            initcond: rng.chance(50).then(|| "0".into()),
            parallel: if rng.chance(50) {
                Parallel::Safe
            } else {
                Parallel::Unsafe
            },
            comment: rng.chance(30).then(|| "a sum".into()),
        });
    }
    // From a generator of their own, so the other cases stay what they were.
    let mut grants_rng = Rng(rng.0 ^ 0x6772_616e_7473);
    for f in &mut schema.functions {
        if grants_rng.chance(30) {
            f.grants = random_function_grants(&mut grants_rng);
        }
    }
}

/// PostgreSQL's default (`None`), or a whole list that may leave PUBLIC out.
fn random_function_grants(rng: &mut Rng) -> Option<Grants> {
    normalize_function_grants(
        rng.chance(80)
            .then(|| random_grants(rng, GrantKind::Function)),
    )
}

/// A function's body, options or return type changed; one added or dropped; the aggregate
/// changed or dropped.
fn mutate_functions(rng: &mut Rng, b: &mut Schema) {
    match rng.below(5) {
        0 if !b.functions.is_empty() => {
            let i = rng.below(b.functions.len());
            b.functions.remove(i);
        }
        1 => {
            let mut fresh = Schema::default();
            random_functions(rng, &mut fresh);
            b.functions = fresh.functions;
            b.aggregates = fresh.aggregates;
        }
        2 => {
            if let Some(f) = b.functions.iter_mut().find(|f| f.name.name == "plus_one") {
                f.returns = Some("bigint".into());
                f.body = "SELECT (a + 1)::bigint".into();
            }
        }
        3 => {
            if let Some(f) = b.functions.first_mut() {
                f.comment = if f.comment.is_some() {
                    None
                } else {
                    Some("changed".into())
                };
                if f.language == "sql" && !f.body.starts_with("RETURN") {
                    f.body = format!("{} -- changed", f.body);
                }
                let mut grants_rng = Rng(rng.0 ^ 0x6772_616e_7473);
                if grants_rng.chance(50) {
                    f.grants = random_function_grants(&mut grants_rng);
                }
            }
        }
        _ => {
            if let Some(a) = b.aggregates.first_mut() {
                a.initcond = if a.initcond.is_some() {
                    None
                } else {
                    Some("10".into())
                };
            } else {
                b.aggregates.clear();
            }
        }
    }
}

fn random_schema(rng: &mut Rng, next_table: &mut usize) -> Schema {
    let mut schema = Schema {
        extensions: if rng.chance(30) {
            vec![Extension::named("hstore")]
        } else {
            vec![]
        },
        enums: vec![Enum {
            name: QualifiedName::public(ENUM),
            values: vec!["sad".into(), "ok".into(), "happy".into()],
            comment: rng.chance(20).then(|| "how it went".into()),
        }],
        domains: vec![domain(rng)],
        composites: vec![composite(rng)],
        ..Schema::default()
    };
    if rng.chance(30) {
        schema.sequences.push(free_sequence(rng));
    }
    for _ in 0..1 + rng.below(3) {
        schema.tables.push(random_table(rng, *next_table));
        *next_table += 1;
    }
    if rng.chance(60) {
        add_random_foreign_key(rng, &mut schema);
    }
    for i in 0..schema.tables.len() {
        if rng.chance(30) {
            add_serial(&mut schema.tables[i], &mut schema.sequences);
        }
    }
    if rng.chance(30) {
        add_partitioned(rng, &mut schema, *next_table);
        *next_table += 1;
    }
    if rng.chance(50) {
        random_functions(rng, &mut schema);
    }
    for table in &mut schema.tables {
        if table.partition_by.is_none() && table.partition_of.is_none() {
            random_access(rng, table);
        }
    }
    for sequence in &mut schema.sequences {
        if sequence.owned_by.is_none() && rng.chance(30) {
            sequence.grants = random_grants(rng, GrantKind::Sequence);
        }
    }
    if schema.tables.iter().any(|t| t.name.schema == "s2") && rng.chance(50) {
        schema.schemas.push(Namespace {
            grants: if rng.chance(50) {
                random_grants(rng, GrantKind::Schema)
            } else {
                Grants::new()
            },
            name: "s2".into(),
            comment: Some("the second".into()),
        });
    }
    schema.sort();
    schema
}

/// B from A: a few random edits of every kind, with rename hints where it renames.
fn mutate(rng: &mut Rng, a: &Schema, next_table: &mut usize) -> (Schema, RenameHints) {
    let mut b = a.clone();
    let mut hints = RenameHints::default();
    for _ in 0..1 + rng.below(4) {
        match rng.below(19) {
            0 => {
                b.tables.push(random_table(rng, *next_table));
                *next_table += 1;
            }
            1 if plain_tables(&b) > 1 => {
                let gone = b.tables.remove(pick(rng, &b)).name;
                drop_references(&mut b, &gone);
            }
            2 => {
                let t = pick(rng, &b);
                let name = format!("c{}", 10 + rng.below(90));
                if b.tables[t].column(&name).is_none() {
                    let column = random_column(rng, name);
                    b.tables[t].columns.push(column);
                }
            }
            3 => drop_random_column(rng, &mut b),
            4 => alter_random_column(rng, &mut b),
            5 => {
                let t = pick(rng, &b);
                if b.tables[t].indexes.is_empty() || rng.chance(50) {
                    add_random_index(rng, &mut b.tables[t]);
                } else {
                    let i = rng.below(b.tables[t].indexes.len());
                    b.tables[t].indexes.remove(i);
                }
            }
            6 => {
                let t = pick(rng, &b);
                if b.tables[t].uniques.is_empty() {
                    add_random_unique(rng, &mut b.tables[t]);
                } else {
                    b.tables[t].uniques.clear();
                }
            }
            7 => {
                let t = pick(rng, &b);
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
                let t = pick(rng, &b);
                let table = &mut b.tables[t];
                table.comment = if table.comment.is_some() {
                    None
                } else {
                    Some("changed".into())
                };
            }
            11 => rename_random_table(rng, &mut b, &mut hints, next_table),
            12 => rename_random_column(rng, &mut b, &mut hints),
            13 => mutate_types(rng, &mut b),
            14 => mutate_sequences(rng, &mut b),
            15 => mutate_functions(rng, &mut b),
            16 => mutate_partitions(rng, &mut b, next_table),
            _ => mutate_access(rng, &mut b),
        }
    }
    b.extensions = if rng.chance(30) {
        vec![Extension::named("hstore")]
    } else {
        a.extensions.clone()
    };
    b.sort();
    (b, hints)
}

/// The domain and the composite type: checks, defaults, comments, attributes; or a column of
/// one of them added.
fn mutate_types(rng: &mut Rng, b: &mut Schema) {
    match rng.below(4) {
        0 => b.domains = vec![domain(rng)],
        1 => b.composites = vec![composite(rng)],
        _ => {
            let t = pick(rng, b);
            let table = &mut b.tables[t];
            let (name, data_type) = if rng.chance(50) {
                ("c_dom", DOMAIN)
            } else {
                ("c_pair", COMPOSITE)
            };
            if table.column(name).is_none() {
                table.columns.push(Column::new(name, data_type));
            }
        }
    }
}

/// Serial columns added, dropped; the free sequence added, changed or dropped.
fn mutate_sequences(rng: &mut Rng, b: &mut Schema) {
    match rng.below(3) {
        0 => {
            let t = pick(rng, b);
            add_serial(&mut b.tables[t], &mut b.sequences);
        }
        1 => {
            let t = pick(rng, b);
            let table = &mut b.tables[t];
            if table.column("c_serial").is_some() {
                table.columns.retain(|c| c.name != "c_serial");
                let gone = "c_serial".to_string();
                table.uniques.retain(|u| !u.columns.contains(&gone));
                table.indexes.retain(|i| {
                    !i.include.contains(&gone)
                        && !i
                            .parts
                            .iter()
                            .any(|p| p.key == IndexKey::Column(gone.clone()))
                });
                let owner = table.name.clone();
                b.sequences.retain(|s| {
                    s.owned_by
                        .as_ref()
                        .is_none_or(|o| !(o.table == owner && o.column == "c_serial"))
                });
            }
        }
        _ => {
            b.sequences.retain(|s| s.name.name != "ticket_numbers");
            if rng.chance(70) {
                b.sequences.push(free_sequence(rng));
            }
        }
    }
}

/// A partitioned table added; a partition added, dropped or re-bounded.
fn mutate_partitions(rng: &mut Rng, b: &mut Schema, next_table: &mut usize) {
    let partitions: Vec<usize> = (0..b.tables.len())
        .filter(|&i| b.tables[i].partition_of.is_some())
        .collect();
    if partitions.is_empty() {
        add_partitioned(rng, b, *next_table);
        *next_table += 1;
        return;
    }
    let i = partitions[rng.below(partitions.len())];
    match rng.below(3) {
        0 => {
            b.tables.remove(i);
        }
        1 => {
            let bound = &mut b.tables[i].partition_of.as_mut().unwrap().bound;
            if bound.starts_with("FOR VALUES FROM ('2024") {
                *bound = "FOR VALUES FROM ('2023-01-01') TO ('2025-01-01')".into();
            } else if bound.starts_with("FOR VALUES IN ('2024") {
                *bound = "FOR VALUES IN ('2024-01-01', '2024-06-01', '2024-12-01')".into();
            }
        }
        _ => {
            let parent = b.tables[i].partition_of.clone().unwrap().parent;
            let name = QualifiedName::public(format!("{}_2030", parent.name));
            // A bound of the parent's strategy (a new hash remainder needs a modulus that
            // fits the others: left out).
            let strategy = b.table(&parent).and_then(|p| p.partition_by.clone());
            let bound = match strategy.as_deref() {
                Some(s) if s.starts_with("RANGE") => {
                    "FOR VALUES FROM ('2030-01-01') TO ('2031-01-01')"
                }
                Some(s) if s.starts_with("LIST") => "FOR VALUES IN ('2030-01-01')",
                _ => return,
            };
            if b.table(&name).is_none() {
                let mut partition = Table::new(name);
                partition.partition_of = Some(PartitionOf {
                    parent,
                    bound: bound.into(),
                });
                b.tables.push(partition);
            }
        }
    }
}

/// What goes with a dropped table: the foreign keys that point at it, the sequences it owns.
fn drop_references(schema: &mut Schema, gone: &QualifiedName) {
    for table in &mut schema.tables {
        table.foreign_keys.retain(|fk| &fk.referenced_table != gone);
    }
    schema
        .sequences
        .retain(|s| s.owned_by.as_ref().is_none_or(|o| &o.table != gone));
}

/// Drops a plain column (never `id`), with the indexes and constraints that use it.
fn drop_random_column(rng: &mut Rng, b: &mut Schema) {
    let t = pick(rng, b);
    let table = &mut b.tables[t];
    if table.columns.len() < 3 {
        return;
    }
    let c = 1 + rng.below(table.columns.len() - 1);
    let name = table.columns.remove(c).name;
    let owner = table.name.clone();
    b.sequences.retain(|s| {
        s.owned_by
            .as_ref()
            .is_none_or(|o| !(o.table == owner && o.column == name))
    });
    let table = &mut b.tables[t];
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
    let t = pick(rng, b);
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
    let t = pick(rng, b);
    let old = b.tables[t].name.clone();
    let new = QualifiedName::new(old.schema.clone(), format!("t{}", *next));
    *next += 1;
    b.tables[t].name = new.clone();
    // Half the time the new table's keys carry the default names of the new name, as a TOML
    // file that writes them as shorthands does: the differ must rename them in place.
    if rng.chance(50) {
        rederive_default_names(&mut b.tables[t], &old.name);
    }
    // The sequence of a serial column is owned by the table under its new name; with the
    // names rederived, the sequence is named after it too (what `type = "serial"` writes).
    let rederived = b.tables[t]
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.name == names::primary_key(&new.name));
    for sequence in &mut b.sequences {
        if let Some(owner) = &mut sequence.owned_by
            && owner.table == old
        {
            owner.table = new.clone();
            if rederived && sequence.name.name == names::sequence(&old.name, &owner.column) {
                let renamed = QualifiedName::new(
                    old.schema.clone(),
                    names::sequence(&new.name, &owner.column),
                );
                for column in &mut b.tables[t].columns {
                    if column.default == Some(DefaultValue::Expression(nextval(&sequence.name))) {
                        column.default = Some(DefaultValue::Expression(nextval(&renamed)));
                    }
                }
                sequence.name = renamed;
            }
        }
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
    let t = pick(rng, b);
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
    let table_name = table.name.clone();
    for sequence in &mut b.sequences {
        if let Some(owner) = &mut sequence.owned_by
            && owner.table == table_name
            && owner.column == old
        {
            owner.column = new.clone();
        }
    }
    let original = hints
        .columns
        .remove(&(table_name.clone(), old.clone()))
        .unwrap_or(old);
    hints.columns.insert((table_name, new), original);
}

/// Triggers (on a built-in trigger function), row-level security, policies and grants.
fn random_access(rng: &mut Rng, table: &mut Table) {
    if rng.chance(30) {
        table.triggers.push(random_trigger(rng, 0));
    }
    if rng.chance(25) {
        table.row_level_security = if rng.chance(50) {
            RowLevelSecurity::On
        } else {
            RowLevelSecurity::Forced
        };
    }
    if rng.chance(25) {
        table.policies.push(random_policy(rng, 0));
    }
    if rng.chance(30) {
        table.grants = random_grants(rng, GrantKind::Table);
    }
    if rng.chance(20) {
        table.columns[0].grants = random_grants(rng, GrantKind::Column);
    }
}

fn random_trigger(rng: &mut Rng, n: usize) -> Trigger {
    let row = rng.chance(50);
    let mut events: Vec<TriggerEvent> = [
        TriggerEvent::Insert,
        TriggerEvent::Update,
        TriggerEvent::Delete,
    ]
    .into_iter()
    .filter(|_| rng.chance(50))
    .collect();
    if events.is_empty() {
        events.push(TriggerEvent::Update);
    }
    let enabled = [
        TriggerEnabled::Origin,
        TriggerEnabled::Replica,
        TriggerEnabled::Always,
        TriggerEnabled::Disabled,
    ][rng.below(4)];
    Trigger {
        name: format!("trg{n}"),
        timing: if row && rng.chance(50) {
            TriggerTiming::Before
        } else {
            TriggerTiming::After
        },
        when: (row && events == [TriggerEvent::Update] && rng.chance(50))
            .then(|| "(old.* IS DISTINCT FROM new.*)".to_string()),
        events,
        update_of: Vec::new(),
        for_each_row: row,
        function: "suppress_redundant_updates_trigger".into(),
        arguments: if rng.chance(30) {
            vec!["it's".into()]
        } else {
            Vec::new()
        },
        old_table: None,
        new_table: None,
        enabled,
        comment: rng.chance(20).then(|| "a trigger".into()),
    }
}

fn random_policy(rng: &mut Rng, n: usize) -> Policy {
    let command = [
        PolicyCommand::All,
        PolicyCommand::Select,
        PolicyCommand::Insert,
        PolicyCommand::Update,
        PolicyCommand::Delete,
    ][rng.below(5)];
    let roles = match rng.below(3) {
        0 => Vec::new(),
        1 => vec!["pg_monitor".to_string()],
        _ => vec!["pg_monitor".to_string(), "pg_read_all_data".to_string()],
    };
    let takes_check = matches!(
        command,
        PolicyCommand::All | PolicyCommand::Insert | PolicyCommand::Update
    );
    Policy {
        name: format!("pol{n}"),
        command,
        restrictive: rng.chance(30),
        roles,
        using: (command != PolicyCommand::Insert).then(|| random_bool(rng)),
        with_check: (takes_check && (command == PolicyCommand::Insert || rng.chance(50)))
            .then(|| random_bool(rng)),
        comment: rng.chance(20).then(|| "a policy".into()),
    }
}

fn random_bool(rng: &mut Rng) -> String {
    if rng.chance(50) { "true" } else { "false" }.to_string()
}

fn random_grants(rng: &mut Rng, kind: GrantKind) -> Grants {
    let mut grants = Grants::new();
    for grantee in ["PUBLIC", "pg_monitor", "pg_read_all_data"] {
        if rng.chance(40) {
            let mut privileges: Vec<String> = kind
                .all()
                .iter()
                .filter(|_| rng.chance(40))
                .map(|p| p.to_string())
                .collect();
            if privileges.is_empty() {
                privileges.push(kind.all()[0].to_string());
            }
            if grantee != PUBLIC {
                for privilege in &mut privileges {
                    if rng.chance(20) {
                        privilege.push_str(GRANT_OPTION);
                    }
                }
            }
            grants.insert(grantee.to_string(), kind.canonical(&privileges).unwrap());
        }
    }
    grants
}

/// One random edit of a table's triggers, row-level security, policies or grants, or of a
/// sequence's or schema's grants.
fn mutate_access(rng: &mut Rng, b: &mut Schema) {
    let t = pick(rng, b);
    if b.tables[t].partition_by.is_some() || b.tables[t].partition_of.is_some() {
        return;
    }
    let table = &mut b.tables[t];
    match rng.below(9) {
        0 => {
            let n = table.triggers.len();
            table.triggers.push(random_trigger(rng, n));
        }
        1 if !table.triggers.is_empty() => {
            let i = rng.below(table.triggers.len());
            let name = table.triggers[i].name.clone();
            // Same name, another definition or state.
            table.triggers[i] = Trigger {
                name,
                ..random_trigger(rng, 0)
            };
        }
        2 => {
            table.row_level_security = [
                RowLevelSecurity::Off,
                RowLevelSecurity::On,
                RowLevelSecurity::Forced,
            ][rng.below(3)];
        }
        3 => {
            let n = table.policies.len();
            table.policies.push(random_policy(rng, n));
        }
        4 if !table.policies.is_empty() => {
            let i = rng.below(table.policies.len());
            let policy = &mut table.policies[i];
            if rng.chance(50) {
                policy.roles = if policy.roles.is_empty() {
                    vec!["pg_read_all_data".into()]
                } else {
                    Vec::new()
                };
            } else if let Some(using) = &mut policy.using {
                *using = random_bool(rng);
                policy.comment = policy.comment.is_none().then(|| "now".into());
            } else {
                table.policies.remove(i);
            }
        }
        5 => table.grants = random_grants(rng, GrantKind::Table),
        6 => {
            let c = rng.below(table.columns.len());
            table.columns[c].grants = random_grants(rng, GrantKind::Column);
        }
        7 => {
            if let Some(sequence) = b.sequences.iter_mut().find(|s| s.owned_by.is_none()) {
                sequence.grants = random_grants(rng, GrantKind::Sequence);
            }
        }
        _ => {
            table.triggers.clear();
            table.policies.clear();
        }
    }
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
    let (mut with_views, mut changed_views) = (0, 0);
    for case in 0..cases {
        let mut next_table = 0;
        let mut a = random_schema(&mut rng, &mut next_table);
        let (mut b, hints) = mutate(&mut rng, &a, &mut next_table);
        // Views from a generator of their own, so the tables' cases stay what they were.
        let mut view_rng = Rng(seed ^ (case as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let views = add_views(&mut view_rng, &mut a);
        views_follow(&a, &views, &mut b, &hints);
        with_views += usize::from(!a.views.is_empty());
        changed_views += usize::from(a.views.iter().any(|v| b.view(&v.name) != Some(v)));
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
    eprintln!("{with_views} of {cases} cases had views, {changed_views} changed or dropped one");
    assert!(
        cases < 50 || with_views > cases / 4,
        "too few cases with views"
    );
}

/// A view `v_<table>` reading one column of a table as `k`, and maybe `w_<table>` reading
/// that view: (view, table, column) of each first-level view.
type ViewSource = (QualifiedName, QualifiedName, String);

/// The view texts as the server prints them (`pg_get_viewdef(oid, true)`): PostgreSQL 15
/// qualifies columns with their relation, 16 and later do not.
fn view_query(column: &str, from: &QualifiedName) -> String {
    let relation = from.to_string();
    let qualifier = if server_major() < 16 {
        format!("{}.", from.name)
    } else {
        String::new()
    };
    format!("SELECT {qualifier}{column} AS k\n   FROM {relation}")
}

fn view_on_view_query(from: &QualifiedName) -> String {
    let qualifier = if server_major() < 16 {
        format!("{}.", from.name)
    } else {
        String::new()
    };
    format!("SELECT {qualifier}k\n   FROM {from}")
}

fn add_views(rng: &mut Rng, schema: &mut Schema) -> Vec<ViewSource> {
    let mut sources = Vec::new();
    let tables: Vec<(QualifiedName, String)> = schema
        .tables
        .iter()
        .filter(|t| t.partition_by.is_none() && t.partition_of.is_none())
        .map(|t| (t.name.clone(), t.columns[0].name.clone()))
        .collect();
    for (table, column) in tables {
        if !rng.chance(40) {
            continue;
        }
        let name = QualifiedName::public(format!("v_{}", table.name));
        let mut view = View::new(name.clone(), view_query(&column, &table));
        view.materialized = rng.chance(30);
        if rng.chance(30) {
            view.comment = Some("a view".into());
        }
        if rng.chance(50) {
            let on = View::new(
                QualifiedName::public(format!("w_{}", table.name)),
                view_on_view_query(&name),
            );
            schema.views.push(on);
        }
        schema.views.push(view);
        sources.push((name, table, column));
    }
    schema.sort();
    sources
}

/// B's views: A's, reading their table and column under B's names; gone with them.
fn views_follow(a: &Schema, sources: &[ViewSource], b: &mut Schema, hints: &RenameHints) {
    let a_views = &a.views;
    for (name, table, column) in sources {
        let new_table = hints
            .tables
            .iter()
            .find(|(_, old)| *old == table)
            .map_or(table.clone(), |(new, _)| new.clone());
        let Some(t) = b
            .table(&new_table)
            .filter(|t| t.partition_by.is_none() && t.partition_of.is_none())
        else {
            continue;
        };
        let new_column = hints
            .columns
            .iter()
            .find(|((t, _), old)| *t == new_table && *old == column)
            .map(|((_, new), _)| new.clone())
            .or_else(|| t.column(column).map(|c| c.name.clone()));
        let Some(new_column) = new_column else {
            continue;
        };
        for view in a_views
            .iter()
            .filter(|v| &v.name == name || v.name.name == format!("w_{}", table.name))
        {
            let mut view = view.clone();
            if &view.name == name {
                view.query = view_query(&new_column, &new_table);
            }
            b.views.push(view);
        }
    }
    b.sort();
}

fn check(db: &TestDb, expected: &Schema, context: &str) {
    let mut actual = inspect(db);
    // The models leave extension versions to the server (the package's default).
    for extension in &mut actual.extensions {
        extension.version = None;
    }
    if !actual.equivalent(expected) {
        let (a, e) = (format!("{actual:#?}\n"), format!("{expected:#?}\n"));
        let diff = similar::TextDiff::from_lines(&e, &a)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        panic!("{context}\n{diff}");
    }
}
