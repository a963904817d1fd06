//! Issue 11, as an attacker would try it: no schema file can become SQL it did not declare.
//! Each route below ran SQL nobody declared on the previous main (a name with a line break in a
//! hazard comment, `type` passed through as SQL, raw keys closing strata's parentheses, a
//! comment literal broken by `standard_conforming_strings = off`).

use crate::support::*;
use strata::diff::{Change, ColumnRef};
use strata::schema::model::*;

/// A project with one schema file, and a database holding a table that must survive.
fn project_and_victim(schema: &str) -> (TempProject, TestDb) {
    let project = TempProject::with_schema(&[("s.toml", schema)]);
    let db = TestDb::new();
    db.execute("CREATE TABLE public.victim (id int); INSERT INTO public.victim VALUES (1)");
    (project, db)
}

fn victim_survives(db: &TestDb) {
    assert_eq!(
        db.query_strings("SELECT count(*) FROM public.victim"),
        ["1"],
        "the victim table was touched"
    );
}

#[test]
fn names_with_control_characters_are_refused_with_their_place() {
    let cases = [
        (
            "[table.\"t\\nDROP TABLE public.victim;\\n--\".columns]\nid = { type = \"int\" }\n",
            "schema/s.toml:1:8: table schema name `t\\nDROP TABLE public` contains the control character \\n",
        ),
        (
            "[table.t.columns]\n\"c\\r\" = { type = \"int\" }\n",
            "schema/s.toml:2:1: column name `c\\r`",
        ),
        (
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\n\"x\\nDROP TABLE public.victim;\\n--\" = { columns = [\"a\"] }\n",
            "schema/s.toml:4:1: index name `x\\nDROP",
        ),
        (
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\n\"k\\u001b[2J\" = \"a > 0\"\n",
            "schema/s.toml:4:1: check name `k\\u{1b}[2J`",
        ),
        (
            "[enum.e]\nvalues = [\"ok\", \"bad\\nvalue\"]\n",
            "schema/s.toml:2:17: enum value name `bad\\nvalue`",
        ),
        (
            "extensions = [\"x\\ny\"]\n",
            "schema/s.toml:1:15: extension name `x\\ny`",
        ),
        (
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\n\"\" = \"a > 0\"\n",
            "schema/s.toml:4:1: a check name cannot be empty",
        ),
        (
            &format!(
                "[table.t.columns]\n{} = {{ type = \"int\" }}\n",
                "c".repeat(64)
            ),
            "is 64 bytes; PostgreSQL keeps only 63",
        ),
    ];
    for (schema, expected) in cases {
        let project = TempProject::with_schema(&[("s.toml", schema)]);
        let run = project.strata(&["generate"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains(expected),
            "expected {expected:?} in:\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains('\u{1b}'),
            "a terminal escape reached stderr"
        );
        assert!(
            !project.path().join("journal.json").exists(),
            "files were written"
        );
    }
}

#[test]
fn a_type_is_a_type_name_never_sql() {
    let role = unique_name("strata_evil").to_lowercase();
    let schema = format!(
        "[table.t.columns]\nid = {{ type = \"integer); CREATE ROLE {role}; CREATE TABLE zz (id int\" }}\n"
    );
    let (project, db) = project_and_victim(&schema);
    let url = db.url();
    for args in [
        vec!["generate"],
        vec!["diff", "--from", "schema", "--to", url.as_str()],
        vec!["push", "--database-url", url.as_str()],
        vec!["verify", "--database-url", url.as_str()],
    ] {
        let run = project.strata(&args);
        if args[0] == "verify" {
            // verify compares the database with the (empty) history: the schema is not read.
            continue;
        }
        run.expect_code(2);
        assert!(
            run.stderr.contains("schema/s.toml:2:"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("not a type name") || run.stderr.contains("unbalanced"),
            "{}",
            run.stderr
        );
    }
    let roles = db.query_strings(&format!(
        "SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"
    ));
    assert_eq!(roles, ["0"], "a role was created");
    victim_survives(&db);
}

#[test]
fn typos_in_types_are_errors_and_unknown_names_warnings() {
    let project = TempProject::with_schema(&[(
        "s.toml",
        "[table.t.columns]\na = { type = \"interger\" }\nb = { type = \"string\" }\nc = { type = \"citext\" }\n",
    )]);
    let run = project.strata(&["generate"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("schema/s.toml:2:15: unknown type `interger`; did you mean `integer`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("schema/s.toml:3:15: unknown type `string`; did you mean `text`?"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("`citext`; did you mean"),
        "{}",
        run.stderr
    );
    let project =
        TempProject::with_schema(&[("s.toml", "[table.t.columns]\nc = { type = \"CITEXT\" }\n")]);
    let run = project.strata(&["generate", "--dry-run"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("warning: schema/s.toml:2:14: unknown type `citext`"),
        "{}",
        run.stderr
    );
}

#[test]
fn raw_sql_keys_are_one_expression_each() {
    let cases = [
        (
            "default_sql",
            "[table.t.columns]\na = { type = \"int\", default_sql = \"1); DROP TABLE public.victim; /* */\" }\n",
            "schema/s.toml:2:37: column `a` default_sql: unbalanced `)`",
        ),
        (
            "default_sql comment",
            "[table.t.columns]\na = { type = \"int\", default_sql = \"1); DROP TABLE public.victim; --\" }\n",
            "schema/s.toml:2:66: column `a` default_sql: a `--` comment that runs to the end",
        ),
        (
            "default_sql comma",
            "[table.t.columns]\na = { type = \"int\", default_sql = \"(1) ; DROP TABLE public.victim\" }\n",
            "schema/s.toml:2:40: column `a` default_sql: `;` ends the statement",
        ),
        (
            "generated",
            "[table.t.columns]\na = { type = \"int\" }\ng = { type = \"int\", generated = \"a) STORED, evil int GENERATED ALWAYS AS (1\" }\n",
            "column `g` generated: unbalanced `)`",
        ),
        (
            "check",
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\nc = \"a > 0 -- eat\"\n",
            "check `c`: a `--` comment",
        ),
        (
            "check quote",
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\nc = \"a > 'x\"\n",
            "check `c`: unterminated string",
        ),
        (
            "check dollar",
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\nc = \"a > $q$x\"\n",
            "check `c`: unterminated dollar-quoted string",
        ),
        (
            "check comment",
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.checks]\nc = \"a > 0 /* x\"\n",
            "check `c`: unterminated /* comment",
        ),
        (
            "index expression",
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\ni = { columns = [\"(a)); DROP TABLE public.victim; /* x */\"] }\n",
            "index `i`: unbalanced `)`",
        ),
        (
            "index where",
            "[table.t.columns]\na = { type = \"int\" }\n[table.t.indexes]\ni = { columns = [\"a\"], where = \"a > 0; DROP TABLE public.victim\" }\n",
            "index `i` where: `;` ends the statement",
        ),
        (
            "backslash",
            "[table.t.columns]\na = { type = \"text\" }\n[table.t.checks]\nc = \"a <> '\\\\'' ; DROP TABLE public.victim; --'\"\n",
            "standard_conforming_strings",
        ),
        (
            "not a column",
            "[table.t.columns]\nid = { type = \"int\" }\n[table.t.indexes]\ni = { columns = [\"user-id\"] }\n",
            "index `i`: `user-id` is neither a column of table `t` nor an expression",
        ),
        (
            "partition_by",
            "[table.e]\npartition_by = \"range (a); DROP TABLE public.victim\"\n[table.e.columns]\na = { type = \"int\" }\n",
            "schema/s.toml:2:16: `partition_by` must be \"range (..)\", \"list (..)\" or \"hash (..)\"",
        ),
        (
            "bounds",
            "[table.e]\npartition_by = \"range (a)\"\n[table.e.columns]\na = { type = \"int\" }\n[table.e1]\npartition_of = \"e\"\nbounds = \"FOR VALUES FROM (1) TO (2); DROP TABLE public.victim\"\n",
            "schema/s.toml:7:10: `bounds`: `;` ends the statement",
        ),
        (
            "bounds not a bound",
            "[table.e]\npartition_by = \"range (a)\"\n[table.e.columns]\na = { type = \"int\" }\n[table.e1]\npartition_of = \"e\"\nbounds = \"(1) TO (2)\"\n",
            "`bounds` must be \"FOR VALUES FROM (..) TO (..)\"",
        ),
    ];
    for (what, schema, expected) in cases {
        let (project, db) = project_and_victim(schema);
        let run = project.strata(&["generate"]);
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{what}: expected {expected:?} in\n{}",
            run.stderr
        );
        let run = project.strata(&["push", "--database-url", &db.url(), "--allow-destructive"]);
        assert_eq!(run.code, 2, "{what}: push: {}", run.stderr);
        victim_survives(&db);
    }
}

/// `comment = "\\'; DROP TABLE public.victim; --"` dropped the table on a database with
/// `standard_conforming_strings = off`, through `strata migrate` and through `psql -f`.
#[test]
fn literals_mean_the_same_whatever_standard_conforming_strings_says() {
    let text = "\\'; DROP TABLE public.victim; --";
    let schema = format!(
        "[table.t]\ncomment = {}\n[table.t.columns]\na = {{ type = \"text\", default = {}, comment = {} }}\n",
        strata::schema::write::string(text),
        strata::schema::write::string(text),
        strata::schema::write::string(text),
    );
    let (project, db) = project_and_victim(&schema);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    db.execute(&format!(
        "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
        db.name
    ));
    project
        .strata(&["migrate", "--database-url", &db.url()])
        .expect_code(0);
    victim_survives(&db);
    assert_eq!(
        db.query_strings("SELECT obj_description('public.t'::regclass)"),
        [text]
    );
    assert_eq!(
        db.query_strings("INSERT INTO t DEFAULT VALUES RETURNING a"),
        [text]
    );

    let again = TestDb::new();
    again.execute("CREATE TABLE public.victim (id int); INSERT INTO public.victim VALUES (1)");
    again.execute(&format!(
        "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
        again.name
    ));
    let up = project.path().join("migrations/0000_init.up.sql");
    let status = std::process::Command::new("psql")
        .args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            &again.url(),
            "-f",
        ])
        .arg(&up)
        .status()
        .expect("psql");
    assert!(status.success());
    victim_survives(&again);
    assert_eq!(
        again.query_strings("SELECT col_description('public.t'::regclass, 1)"),
        [text]
    );
}

const HOSTILE: &str = "h\"o'st\n;DROP TABLE victim;--*/$$\r\\x\u{1b}";

fn q(name: &str) -> QualifiedName {
    QualifiedName::new(format!("s{HOSTILE}"), name.to_string())
}

fn hostile_trigger() -> strata::schema::model::Trigger {
    strata::schema::model::Trigger {
        name: HOSTILE.into(),
        timing: strata::schema::model::TriggerTiming::After,
        events: vec![strata::schema::model::TriggerEvent::Update],
        update_of: vec![HOSTILE.into()],
        for_each_row: false,
        function: format!("{HOSTILE}.{HOSTILE}"),
        arguments: vec![HOSTILE.into()],
        when: None,
        old_table: Some(HOSTILE.into()),
        new_table: None,
        enabled: Default::default(),
        comment: Some(HOSTILE.into()),
    }
}

fn hostile_policy() -> strata::schema::model::Policy {
    strata::schema::model::Policy {
        name: HOSTILE.into(),
        command: strata::schema::model::PolicyCommand::Update,
        restrictive: true,
        roles: vec![HOSTILE.into(), "PUBLIC".into()],
        using: Some("true".into()),
        with_check: Some("true".into()),
        comment: Some(HOSTILE.into()),
    }
}

fn hostile_table(name: &str) -> Table {
    let mut table = Table::new(q(&format!("{name}{HOSTILE}")));
    table.comment = Some(HOSTILE.into());
    let mut column = Column::new(format!("c{HOSTILE}"), "text");
    column.comment = Some(HOSTILE.into());
    column.default = Some(DefaultValue::Literal(Literal::String(HOSTILE.into())));
    table.columns.push(column);
    table.primary_key = Some(PrimaryKey {
        name: format!("pk{HOSTILE}"),
        columns: vec![format!("c{HOSTILE}")],
        comment: Some(HOSTILE.into()),
        ..PrimaryKey::default()
    });
    table
}

/// Every kind of change (a `match` below fails to compile when a new one is added and not
/// covered here), with names built to break out of comments, identifiers and literals.
/// Functions and aggregates with hostile names, comments, settings and bodies (a body holding
/// `$$`, `;` and a line break stays inside its dollar quote).
fn function_changes() -> Vec<Change> {
    use strata::schema::model::{Aggregate, Function};
    let function = Function {
        name: q(&format!("f{HOSTILE}")),
        procedure: false,
        arguments: vec!["a integer".into()],
        returns: Some("text".into()),
        language: format!("l{HOSTILE}"),
        volatility: Default::default(),
        strict: true,
        security_definer: true,
        parallel: Default::default(),
        leakproof: false,
        cost: Some(format!("1{HOSTILE}")),
        rows: None,
        set: [
            (format!("s{HOSTILE}"), HOSTILE.to_string()),
            ("search_path".to_string(), HOSTILE.to_string()),
        ]
        .into_iter()
        .collect(),
        body: format!("SELECT 1 {HOSTILE} $function$"),
        comment: Some(HOSTILE.into()),
        grants: None,
    };
    let mut other = function.clone();
    other.body = format!("{HOSTILE}$function0$");
    other.comment = None;
    let mut retyped = other.clone();
    retyped.returns = Some("integer".into());
    let mut procedure = function.clone();
    procedure.procedure = true;
    procedure.returns = None;
    let aggregate = Aggregate {
        name: q(&format!("a{HOSTILE}")),
        arguments: vec!["integer".into()],
        sfunc: q(&format!("f{HOSTILE}")),
        stype: "integer".into(),
        finalfunc: Some(q(&format!("g{HOSTILE}"))),
        combinefunc: Some(q(&format!("c{HOSTILE}"))),
        initcond: Some(HOSTILE.into()),
        parallel: Default::default(),
        comment: Some(HOSTILE.into()),
    };
    let mut other_aggregate = aggregate.clone();
    other_aggregate.initcond = None;
    let mut restated = aggregate.clone();
    restated.stype = "bigint".into();
    vec![
        Change::CreateFunction {
            function: function.clone(),
        },
        Change::CreateFunction {
            function: procedure,
        },
        Change::ReplaceFunction {
            from: function.clone(),
            to: other.clone(),
        },
        Change::RecreateFunction {
            from: other,
            to: retyped,
        },
        Change::CreateAggregate {
            aggregate: aggregate.clone(),
        },
        Change::ReplaceAggregate {
            from: aggregate.clone(),
            to: other_aggregate,
        },
        Change::RecreateAggregate {
            from: aggregate,
            to: restated,
        },
    ]
}

fn every_change() -> Vec<Change> {
    let table = hostile_table("t");
    let name = table.name.clone();
    let column = table.columns[0].clone();
    let mut other = column.clone();
    other.data_type = "integer".into();
    other.not_null = true;
    other.comment = None;
    let enum_type = Enum {
        name: q(&format!("e{HOSTILE}")),
        values: vec![HOSTILE.into(), format!("v{HOSTILE}")],
        comment: Some(HOSTILE.into()),
    };
    let usage = ColumnRef {
        table: name.clone(),
        column: column.name.clone(),
        data_type: enum_type.name.to_string(),
        default: None,
    };
    let unique = UniqueConstraint {
        name: format!("u{HOSTILE}"),
        columns: vec![column.name.clone()],
        ..UniqueConstraint::default()
    };
    let check = Check {
        name: format!("k{HOSTILE}"),
        expression: "true".into(),
        not_valid: true,
        comment: Some(HOSTILE.into()),
    };
    let foreign_key = ForeignKey {
        name: format!("f{HOSTILE}"),
        columns: vec![column.name.clone()],
        referenced_table: name.clone(),
        referenced_columns: vec![column.name.clone()],
        ..ForeignKey::default()
    };
    let index = Index {
        name: format!("i{HOSTILE}"),
        parts: vec![IndexPart::column(column.name.clone())],
        unique: false,
        method: "btree".into(),
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
        storage: [(HOSTILE.to_string(), HOSTILE.to_string())].into(),
        comment: Some(HOSTILE.into()),
    };
    let extension = Extension {
        name: HOSTILE.into(),
        schema: Some(format!("x{HOSTILE}")),
        version: Some(HOSTILE.into()),
    };
    let sequence = Sequence {
        grants: Default::default(),
        name: q(&format!("seq{HOSTILE}")),
        data_type: "bigint".into(),
        options: SequenceOptions {
            start: Some(10),
            ..SequenceOptions::default()
        },
        owned_by: Some(ColumnName {
            table: name.clone(),
            column: column.name.clone(),
        }),
        comment: Some(HOSTILE.into()),
    };
    let domain = Domain {
        name: q(&format!("d{HOSTILE}")),
        data_type: "text".into(),
        not_null: true,
        default: Some(DefaultValue::Literal(Literal::String(HOSTILE.into()))),
        collation: Some(HOSTILE.into()),
        checks: vec![check.clone()],
        comment: Some(HOSTILE.into()),
    };
    let composite = CompositeType {
        name: q(&format!("c{HOSTILE}")),
        attributes: vec![Attribute {
            name: HOSTILE.into(),
            data_type: domain.name.to_string(),
            collation: Some(HOSTILE.into()),
        }],
        comment: Some(HOSTILE.into()),
    };
    let partition = PartitionOf {
        parent: q(&format!("p{HOSTILE}")),
        bound: "DEFAULT".into(),
    };
    let mut changes = vec![
        Change::CreateExtension {
            extension: extension.clone(),
        },
        Change::AlterExtension {
            from: Extension::named(HOSTILE),
            to: extension,
        },
        Change::CreateSchema {
            schema: Namespace {
                grants: Default::default(),
                name: name.schema.clone(),
                comment: Some(HOSTILE.into()),
            },
        },
        Change::SetSchemaComment {
            name: name.schema.clone(),
            from: None,
            to: Some(HOSTILE.into()),
        },
        Change::CreateSequence {
            sequence: sequence.clone(),
        },
        Change::RenameSequence {
            from: sequence.name.clone(),
            to: q(&format!("s2{HOSTILE}")),
        },
        Change::AlterSequence {
            from: sequence.clone(),
            to: Sequence {
                data_type: "integer".into(),
                comment: None,
                ..sequence.clone()
            },
        },
        Change::SetSequenceOwner {
            sequence: sequence.name.clone(),
            from: None,
            to: sequence.owned_by.clone(),
        },
        Change::CreateDomain {
            domain: domain.clone(),
        },
        Change::AlterDomain {
            from: domain.clone(),
            to: Domain {
                checks: vec![],
                default: None,
                ..domain.clone()
            },
        },
        Change::RecreateDomain {
            from: domain.clone(),
            to: Domain {
                data_type: "integer".into(),
                ..domain.clone()
            },
            usages: vec![ColumnRef {
                table: name.clone(),
                column: column.name.clone(),
                data_type: domain.name.to_string(),
                default: None,
            }],
        },
        Change::CreateComposite {
            composite: composite.clone(),
        },
        Change::AlterComposite {
            from: composite.clone(),
            to: CompositeType {
                attributes: vec![],
                ..composite.clone()
            },
        },
        Change::AttachPartition {
            table: name.clone(),
            partition,
        },
        Change::CreateEnum {
            enum_type: enum_type.clone(),
        },
        Change::RenameEnum {
            from: enum_type.name.clone(),
            to: q(&format!("e2{HOSTILE}")),
        },
        Change::AddEnumValue {
            enum_type: enum_type.name.clone(),
            value: format!("n{HOSTILE}"),
            values_before: enum_type.values.clone(),
            values_after: [enum_type.values.clone(), vec![format!("n{HOSTILE}")]].concat(),
            usages: vec![usage.clone()],
            dependents: vec![],
            comment: Some(HOSTILE.into()),
        },
        Change::SetComment {
            target: strata::diff::change::CommentTarget::Type(enum_type.name.clone()),
            from: None,
            to: Some(HOSTILE.into()),
        },
        Change::RenameEnumValue {
            enum_type: enum_type.name.clone(),
            from: HOSTILE.into(),
            to: format!("r{HOSTILE}"),
        },
        Change::RecreateEnum {
            from: enum_type.clone(),
            to: Enum {
                values: vec![HOSTILE.into()],
                ..enum_type.clone()
            },
            usages: vec![usage],
            dependents: vec![],
        },
        Change::CreateTable {
            table: table.clone(),
        },
        Change::RenameTable {
            from: name.clone(),
            to: q(&format!("t2{HOSTILE}")),
        },
        Change::SetTableComment {
            table: name.clone(),
            from: None,
            to: Some(HOSTILE.into()),
        },
        Change::AddColumn {
            table: name.clone(),
            column: column.clone(),
        },
        Change::RenameColumn {
            table: name.clone(),
            from: column.name.clone(),
            to: format!("d{HOSTILE}"),
        },
        Change::AlterColumn {
            table: name.clone(),
            from: column.clone(),
            to: other,
        },
        Change::AddPrimaryKey {
            table: name.clone(),
            primary_key: table.primary_key.clone().unwrap(),
        },
        Change::AddUnique {
            table: name.clone(),
            unique,
        },
        Change::AddCheck {
            table: name.clone(),
            check: check.clone(),
        },
        Change::AddForeignKey {
            table: name.clone(),
            foreign_key,
        },
        Change::CreateIndex {
            table: name.clone(),
            index: index.clone(),
            concurrently: true,
        },
        Change::RenameConstraint {
            table: name.clone(),
            from: HOSTILE.into(),
            to: format!("x{HOSTILE}"),
        },
        Change::RenameIndex {
            table: name.clone(),
            from: index.name.clone(),
            to: format!("x{HOSTILE}"),
        },
        Change::SetConstraintComment {
            table: name.clone(),
            name: HOSTILE.into(),
            from: None,
            to: Some(HOSTILE.into()),
        },
        Change::SetIndexComment {
            table: name.clone(),
            name: index.name.clone(),
            from: None,
            to: Some(HOSTILE.into()),
        },
        Change::SetConstraintValidity {
            table: name.clone(),
            constraint: strata::diff::change::ValidatedConstraint::Check(check),
        },
        Change::SetTableLogged {
            table: name.clone(),
            unlogged: true,
        },
        Change::SetStorage {
            table: name.clone(),
            index: Some(index.name.clone()),
            from: Default::default(),
            to: index.storage.clone(),
        },
        Change::CreateTrigger {
            table: name.clone(),
            trigger: hostile_trigger(),
        },
        Change::AlterTrigger {
            table: name.clone(),
            from: hostile_trigger(),
            to: strata::schema::model::Trigger {
                enabled: strata::schema::model::TriggerEnabled::Disabled,
                arguments: vec![format!("y{HOSTILE}")],
                ..hostile_trigger()
            },
        },
        Change::SetRowLevelSecurity {
            table: name.clone(),
            from: strata::schema::model::RowLevelSecurity::Off,
            to: strata::schema::model::RowLevelSecurity::Forced,
        },
        Change::CreatePolicy {
            table: name.clone(),
            policy: hostile_policy(),
        },
        Change::AlterPolicy {
            table: name.clone(),
            from: hostile_policy(),
            to: strata::schema::model::Policy {
                roles: vec![format!("z{HOSTILE}")],
                comment: None,
                ..hostile_policy()
            },
        },
        Change::Grant {
            target: strata::schema::model::GrantTarget::Column {
                table: name.clone(),
                column: HOSTILE.into(),
            },
            grantee: HOSTILE.into(),
            privileges: vec!["SELECT".into()],
        },
        Change::Grant {
            target: strata::schema::model::GrantTarget::Schema {
                name: HOSTILE.into(),
            },
            grantee: "PUBLIC".into(),
            privileges: vec!["USAGE".into()],
        },
        Change::Revoke {
            target: strata::schema::model::GrantTarget::Function {
                name: name.clone(),
                arguments: "a integer".into(),
                procedure: true,
            },
            grantee: HOSTILE.into(),
            privileges: vec!["EXECUTE WITH GRANT OPTION".into()],
        },
        Change::DropColumn {
            table: name.clone(),
            column,
        },
        Change::DropTable { table },
    ];
    let mut view = strata::schema::model::View::new(q(&format!("v{HOSTILE}")), "SELECT 1 AS a");
    view.columns = vec![format!("c{HOSTILE}")];
    view.comment = Some(HOSTILE.into());
    view.options.insert(format!("o{HOSTILE}"), HOSTILE.into());
    let mut replaced = view.clone();
    replaced.query = "SELECT 1 AS a, 2 AS b".into();
    let mut matview = view.clone();
    matview.materialized = true;
    matview.no_data = true;
    matview.indexes.push(index.clone());
    changes.extend([
        Change::CreateView { view: view.clone() },
        Change::ReplaceView {
            from: view.clone(),
            to: replaced,
        },
        Change::RenameView {
            from: view.name.clone(),
            to: q(&format!("w{HOSTILE}")),
            materialized: false,
        },
        Change::CreateView { view: matview },
    ]);
    changes.extend(function_changes());
    let reversed: Vec<Change> = changes.iter().map(Change::reverse).collect();
    changes.extend(reversed);
    for change in &changes {
        // Exhaustive on purpose: a new kind of change must be added to this test.
        match change {
            Change::CreateExtension { .. }
            | Change::DropExtension { .. }
            | Change::AlterExtension { .. }
            | Change::CreateSchema { .. }
            | Change::DropSchema { .. }
            | Change::SetSchemaComment { .. }
            | Change::CreateSequence { .. }
            | Change::DropSequence { .. }
            | Change::RenameSequence { .. }
            | Change::AlterSequence { .. }
            | Change::SetSequenceOwner { .. }
            | Change::CreateDomain { .. }
            | Change::DropDomain { .. }
            | Change::AlterDomain { .. }
            | Change::RecreateDomain { .. }
            | Change::CreateComposite { .. }
            | Change::DropComposite { .. }
            | Change::AlterComposite { .. }
            | Change::RecreateComposite { .. }
            | Change::SetComment { .. }
            | Change::AttachPartition { .. }
            | Change::DetachPartition { .. }
            | Change::CreateEnum { .. }
            | Change::DropEnum { .. }
            | Change::RenameEnum { .. }
            | Change::AddEnumValue { .. }
            | Change::RenameEnumValue { .. }
            | Change::RecreateEnum { .. }
            | Change::CreateTable { .. }
            | Change::DropTable { .. }
            | Change::RenameTable { .. }
            | Change::SetTableComment { .. }
            | Change::AddColumn { .. }
            | Change::DropColumn { .. }
            | Change::RenameColumn { .. }
            | Change::AlterColumn { .. }
            | Change::AddPrimaryKey { .. }
            | Change::DropPrimaryKey { .. }
            | Change::AddUnique { .. }
            | Change::DropUnique { .. }
            | Change::AddCheck { .. }
            | Change::DropCheck { .. }
            | Change::AddForeignKey { .. }
            | Change::DropForeignKey { .. }
            | Change::CreateIndex { .. }
            | Change::DropIndex { .. }
            | Change::RenameConstraint { .. }
            | Change::RenameIndex { .. }
            | Change::SetConstraintComment { .. }
            | Change::SetIndexComment { .. }
            | Change::SetConstraintValidity { .. }
            | Change::SetTableLogged { .. }
            | Change::SetStorage { .. }
            | Change::CreateView { .. }
            | Change::DropView { .. }
            | Change::ReplaceView { .. }
            | Change::RenameView { .. }
            | Change::CreateFunction { .. }
            | Change::DropFunction { .. }
            | Change::ReplaceFunction { .. }
            | Change::RecreateFunction { .. }
            | Change::CreateAggregate { .. }
            | Change::DropAggregate { .. }
            | Change::ReplaceAggregate { .. }
            | Change::RecreateAggregate { .. }
            | Change::CreateTrigger { .. }
            | Change::DropTrigger { .. }
            | Change::AlterTrigger { .. }
            | Change::SetRowLevelSecurity { .. }
            | Change::CreatePolicy { .. }
            | Change::DropPolicy { .. }
            | Change::AlterPolicy { .. }
            | Change::Grant { .. }
            | Change::Revoke { .. } => {}
        }
    }
    changes
}

/// Every line of every generated file, read the way PostgreSQL reads it (with
/// `standard_conforming_strings` on and off), is a `--` comment or part of one of the statements
/// strata rendered: a hostile name adds no statement, and no line of a comment escapes.
#[test]
fn hostile_names_never_become_statements_or_leave_a_comment() {
    use strata::migrate::split::split;
    let changes = every_change();
    // No enum is known to this context: a type the renderer cannot place is still quoted.
    let ctx = strata::sql::Context::default();
    let expected: Vec<String> = changes
        .iter()
        .flat_map(|c| strata::sql::render(c, &ctx))
        .map(|s| s.sql)
        .collect();
    let sql = strata::sql::render_migration("0001_hostile", &changes, &ctx);
    for (direction, text) in [("up", &sql.up), ("down", &sql.down)] {
        let statements = split(text);
        if direction == "up" {
            let found: Vec<&str> = statements.iter().map(|s| s.sql.as_str()).collect();
            assert_eq!(found, expected, "the up file splits into other statements");
        } else {
            assert_eq!(
                statements.len(),
                strata::diff::reverse_all(&changes)
                    .iter()
                    .map(|c| strata::sql::render(c, &ctx).len())
                    .sum::<usize>()
            );
        }
        // Lines before the first statement are the header: comments only.
        let header_end = text.find("\n\n").unwrap_or(text.len());
        for line in text[..header_end].lines() {
            assert!(
                line.starts_with("--"),
                "{direction}: header line is not a comment: {line:?}"
            );
        }
        assert!(!text[..header_end].contains('\r') && !text[..header_end].contains('\u{1b}'));
        // The same boundaries when backslashes escape (standard_conforming_strings = off).
        let on = strata::sql::lex::tokenize(text, strata::sql::lex::Backslashes::Literal).unwrap();
        let off = strata::sql::lex::tokenize(text, strata::sql::lex::Backslashes::Escape).unwrap();
        assert_eq!(
            on, off,
            "{direction}: a literal reads differently with standard_conforming_strings off"
        );
    }
    for hazard in &sql.hazards {
        let line = hazard.to_string();
        assert!(
            !line.contains('\n') && !line.contains('\r') && !line.contains('\u{1b}'),
            "{line:?}"
        );
    }
    for change in &changes {
        let line = change.to_string();
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
}
