//! Functions, procedures and aggregates (issue 14): what validation refuses (at its place),
//! and a hand-written schema migrated into a database that `verify` then finds equal (the
//! server's spelling of a SQL-standard body, `int` for `integer`, ... is no drift).

use crate::support::*;
use std::path::PathBuf;

fn errors(toml: &str) -> String {
    let files = [(PathBuf::from("schema/s.toml"), toml.to_string())];
    match strata::schema::parse::parse_files(&files) {
        Ok(_) => panic!("accepted:\n{toml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_functions_are_refused_at_their_place() {
    let cases: &[(&str, &str)] = &[
        (
            "[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"BEGIN ATOMIC SELECT 1; END; DROP TABLE t; END\"\n",
            "schema/s.toml:4:35: body: text after the END that closes BEGIN ATOMIC",
        ),
        (
            "[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"RETURN 1; DROP TABLE t\"\n",
            "schema/s.toml:4:17: body: `;` ends the statement",
        ),
        (
            "[function.f]\narguments = [\"a int) RETURNS int AS 'x' LANGUAGE sql; DROP TABLE t\"]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:2:20: argument: unbalanced `)`",
        ),
        (
            "[function.f]\narguments = [\"a int, b int\"]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:2:20: argument: one per list entry",
        ),
        (
            "[function.f]\nreturns = \"interger\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:2:11: returns: unknown type `interger`; did you mean `integer`?",
        ),
        (
            "[function.f]\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:1:11: a function needs `returns`",
        ),
        (
            "[procedure.p]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:2:1: a procedure has no `returns`",
        ),
        (
            "[function.\"f(text)\"]\narguments = [\"a int\"]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:1:11: the key names the argument types (text) but `arguments` gives (integer)",
        ),
        (
            "[function.f]\narguments = [\"a int\"]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n\
             [function.\"f(text)\"]\narguments = [\"a text\"]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:1:11: `f` is overloaded",
        ),
        (
            "[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nvolatility = \"pure\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:4:14: `volatility` is immutable, stable or volatile",
        ),
        (
            "[function.f]\nreturns = \"int\"\nlanguage = \"sql\"\nrows = 5\nbody = \"SELECT 1\"\n",
            "schema/s.toml:4:8: `rows` is only for a function that returns a set",
        ),
        (
            "[function.\"f\\nx\"]\nreturns = \"int\"\nlanguage = \"sql\"\nbody = \"SELECT 1\"\n",
            "schema/s.toml:1:11: function name `f\\nx` contains the control character",
        ),
    ];
    let mut failures = Vec::new();
    for (toml, expected) in cases {
        let message = errors(toml);
        if !message.contains(expected) {
            failures.push(format!(
                "expected `{expected}` in:\n{message}\nfor:\n{toml}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const HAND_WRITTEN: &str = r#"
[table.products.columns]
id = { type = "int", primary_key = true }
price = { type = "numeric", not_null = true, default_sql = "default_price()" }
label = { type = "text", not_null = true }

[table.products.checks]
products_price_check = "is_positive(price)"

[table.products.indexes]
products_label_idx = { columns = ["normalized(label)"] }

[function.default_price]
returns = "numeric"
language = "sql"
body = "SELECT 1.00"

[function.is_positive]
arguments = ["n numeric"]
returns = "bool"
language = "sql"
volatility = "immutable"
strict = true
body = "SELECT n > 0"

[function.normalized]
arguments = ["t text"]
returns = "text"
language = "sql"
volatility = "immutable"
body = "return lower(t)"

[function.max_price]
returns = "numeric"
language = "sql"
volatility = "stable"
body = """
begin atomic
  select max(price) from products;
end
"""

[function."half(int)"]
arguments = ["x int"]
returns = "int"
language = "sql"
body = "SELECT x / 2"

[function."half(numeric)"]
arguments = ["x numeric"]
returns = "numeric"
language = "sql"
body = "SELECT x / 2"

[function.touch]
returns = "trigger"
language = "plpgsql"
set = { search_path = "public, pg_temp", work_mem = "64MB" }
body = """
BEGIN
  NEW.price := coalesce(NEW.price, 0);
  RETURN NEW;
END
"""

[function.listing]
arguments = ["min_price numeric DEFAULT 0"]
returns = "TABLE (id int, label text)"
language = "sql"
volatility = "stable"
parallel = "restricted"
rows = 50
cost = 0.5
body = "SELECT id, label FROM products WHERE price >= min_price"

[procedure.reprice]
arguments = ["factor numeric DEFAULT 1.1"]
language = "sql"
body = "UPDATE products SET price = price * factor"
comment = "all prices"

[function.add_step]
arguments = ["s numeric", "v numeric"]
returns = "numeric"
language = "sql"
body = "SELECT s + v"

[aggregate.total]
arguments = ["numeric"]
sfunc = "add_step"
stype = "numeric"
initcond = "0"
"#;

/// Written by hand, migrated, verified: no drift; then a body change and a return type change
/// migrate forward and back.
#[test]
fn hand_written_functions_migrate_and_verify_clean() {
    let db = TestDb::new();
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str())];
    let project = TempProject::with_schema(&[("s.toml", HAND_WRITTEN)]);
    project
        .strata(&["generate", "--name", "init"])
        .expect_code(0);
    project.strata_env(&["migrate"], &env).expect_code(0);
    project.strata_env(&["verify"], &env).expect_code(0);
    // A body changed behind strata's back is drift.
    db.execute("CREATE OR REPLACE FUNCTION default_price() RETURNS numeric LANGUAGE sql AS $$SELECT 9.00$$");
    let drift = project.strata_env(&["verify"], &env);
    drift.expect_code(1);
    assert!(drift.stdout.contains("default_price"), "{}", drift.stdout);
    db.execute("CREATE OR REPLACE FUNCTION default_price() RETURNS numeric LANGUAGE sql AS $$SELECT 1.00$$");
    project.strata_env(&["verify"], &env).expect_code(0);
    db.execute("INSERT INTO products (id, label) VALUES (1, 'A'), (2, 'b')");
    assert_eq!(
        db.query_strings("SELECT total(price)::text FROM products"),
        vec!["2.00"]
    );

    let changed = HAND_WRITTEN
        .replace("body = \"SELECT 1.00\"", "body = \"SELECT 2.00\"")
        .replace(
            "[function.\"half(int)\"]\narguments = [\"x int\"]\nreturns = \"int\"",
            "[function.\"half(int)\"]\narguments = [\"x int\"]\nreturns = \"bigint\"",
        );
    project.write("schema/s.toml", &changed);
    let generate = project.strata(&["generate", "--name", "change"]);
    generate.expect_code(0);
    let up = std::fs::read_dir(project.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("change.up.sql"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .expect("the up file");
    assert!(up.contains("recreates-function"), "{up}");
    assert!(
        up.contains("CREATE OR REPLACE FUNCTION \"public\".\"default_price\"()"),
        "{up}"
    );
    assert!(
        up.contains("DROP FUNCTION \"public\".\"half\"(x int)"),
        "{up}"
    );
    project.strata_env(&["migrate"], &env).expect_code(0);
    project.strata_env(&["verify"], &env).expect_code(0);
    project
        .strata_env(&["rollback", "--steps", "1"], &env)
        .expect_code(0);
    project
        .strata_env(&["rollback", "--steps", "1"], &env)
        .expect_code(0);
    assert!(
        db.query_strings(
            "SELECT proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE n.nspname = 'public'"
        )
        .is_empty()
    );
}
