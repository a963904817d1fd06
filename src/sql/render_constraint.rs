//! Constraints and indexes: primary keys, uniques, checks, foreign keys, indexes.

use super::{Statement, quote};
use crate::diff::Change;
use crate::diff::change::ValidatedConstraint;
use crate::schema::model::{
    Check, ForeignKey, Index, IndexKey, PrimaryKey, QualifiedName, ReferentialAction,
    UniqueConstraint,
};

/// Statements for a constraint or index change.
pub fn render(change: &Change) -> Vec<Statement> {
    let add = |table: &QualifiedName, clause: String| {
        Statement::new(format!(
            "ALTER TABLE {} ADD {clause}",
            quote::qualified(table)
        ))
    };
    let drop = |table: &QualifiedName, name: &str| {
        Statement::new(format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            quote::qualified(table),
            quote::ident(name)
        ))
    };
    let commented = |mut statements: Vec<Statement>, table, name, comment: &Option<String>| {
        if let Some(comment) = comment {
            statements.push(comment_on_constraint(table, name, Some(comment)));
        }
        statements
    };
    match change {
        Change::AddPrimaryKey {
            table,
            primary_key: pk,
        } => commented(
            vec![add(table, primary_key_clause(pk))],
            table,
            &pk.name,
            &pk.comment,
        ),
        Change::DropPrimaryKey { table, primary_key } => vec![drop(table, &primary_key.name)],
        Change::AddUnique { table, unique } => commented(
            vec![add(table, unique_clause(unique))],
            table,
            &unique.name,
            &unique.comment,
        ),
        Change::DropUnique { table, unique } => vec![drop(table, &unique.name)],
        Change::AddCheck { table, check } => commented(
            vec![add(table, check_clause(check))],
            table,
            &check.name,
            &check.comment,
        ),
        Change::DropCheck { table, check } => vec![drop(table, &check.name)],
        Change::AddForeignKey {
            table,
            foreign_key: fk,
        } => commented(
            vec![add(table, foreign_key_clause(fk))],
            table,
            &fk.name,
            &fk.comment,
        ),
        Change::DropForeignKey { table, foreign_key } => vec![drop(table, &foreign_key.name)],
        Change::CreateIndex {
            table,
            index,
            concurrently,
        } => {
            let mut statements = vec![create_index(table, index, *concurrently)];
            if let Some(comment) = &index.comment {
                statements.push(comment_on_index(table, &index.name, Some(comment)));
            }
            statements
        }
        Change::DropIndex {
            table,
            index,
            concurrently,
        } => vec![Statement::new(format!(
            "DROP INDEX {}{}",
            if *concurrently { "CONCURRENTLY " } else { "" },
            index_name(table, &index.name)
        ))],
        Change::RenameConstraint { table, from, to } => vec![Statement::new(format!(
            "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
            quote::qualified(table),
            quote::ident(from),
            quote::ident(to)
        ))],
        Change::RenameIndex { table, from, to } => vec![Statement::new(format!(
            "ALTER INDEX {} RENAME TO {}",
            index_name(table, from),
            quote::ident(to)
        ))],
        Change::SetConstraintComment {
            table, name, to, ..
        } => {
            vec![comment_on_constraint(table, name, to.as_deref())]
        }
        Change::SetIndexComment {
            table, name, to, ..
        } => {
            vec![comment_on_index(table, name, to.as_deref())]
        }
        Change::SetConstraintValidity { table, constraint } => validity(table, constraint),
        other => unreachable!("render_constraint got {other:?}"),
    }
}

/// `"schema"."index"`: an index lives in its table's schema.
fn index_name(table: &QualifiedName, index: &str) -> String {
    quote::qualified(&QualifiedName::new(table.schema.clone(), index.to_string()))
}

/// `VALIDATE CONSTRAINT`, or (a valid constraint made `NOT VALID` again, only in a down
/// migration) drop it and add it back `NOT VALID`.
fn validity(table: &QualifiedName, constraint: &ValidatedConstraint) -> Vec<Statement> {
    if !constraint.not_valid() {
        return vec![Statement::new(format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            quote::qualified(table),
            quote::ident(constraint.name())
        ))];
    }
    let (clause, comment) = match constraint {
        ValidatedConstraint::Check(c) => (check_clause(c), &c.comment),
        ValidatedConstraint::ForeignKey(f) => (foreign_key_clause(f), &f.comment),
    };
    let mut statements = vec![
        Statement::new(format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            quote::qualified(table),
            quote::ident(constraint.name())
        )),
        Statement::new(format!(
            "ALTER TABLE {} ADD {clause}",
            quote::qualified(table)
        )),
    ];
    if let Some(comment) = comment {
        statements.push(comment_on_constraint(
            table,
            constraint.name(),
            Some(comment),
        ));
    }
    statements
}

/// `CONSTRAINT "t_pkey" PRIMARY KEY ("a", "b") [DEFERRABLE [INITIALLY DEFERRED]]`.
pub fn primary_key_clause(pk: &PrimaryKey) -> String {
    format!(
        "CONSTRAINT {} PRIMARY KEY ({}){}",
        quote::ident(&pk.name),
        quote::ident_list(&pk.columns),
        deferral(pk.deferrable, pk.initially_deferred)
    )
}

/// `CONSTRAINT "t_a_key" UNIQUE [NULLS NOT DISTINCT] ("a") [DEFERRABLE ..]`.
pub fn unique_clause(unique: &UniqueConstraint) -> String {
    format!(
        "CONSTRAINT {} UNIQUE{} ({}){}",
        quote::ident(&unique.name),
        if unique.nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        },
        quote::ident_list(&unique.columns),
        deferral(unique.deferrable, unique.initially_deferred)
    )
}

/// ` DEFERRABLE`, ` DEFERRABLE INITIALLY DEFERRED`, or nothing.
fn deferral(deferrable: bool, initially_deferred: bool) -> &'static str {
    match (deferrable, initially_deferred) {
        (_, true) => " DEFERRABLE INITIALLY DEFERRED",
        (true, false) => " DEFERRABLE",
        (false, false) => "",
    }
}

/// `CONSTRAINT "c" CHECK (expr) [NOT VALID]`.
pub fn check_clause(check: &Check) -> String {
    format!(
        "CONSTRAINT {} CHECK ({}){}",
        quote::ident(&check.name),
        check.expression,
        if check.not_valid { " NOT VALID" } else { "" }
    )
}

/// `CONSTRAINT "f" FOREIGN KEY (..) REFERENCES .. (..) [ON DELETE ..] [ON UPDATE ..] [DEFERRABLE ..] [NOT VALID]`.
fn foreign_key_clause(fk: &ForeignKey) -> String {
    let mut out = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        quote::ident(&fk.name),
        quote::ident_list(&fk.columns),
        quote::qualified(&fk.referenced_table),
        quote::ident_list(&fk.referenced_columns)
    );
    if fk.on_delete != ReferentialAction::NoAction {
        out.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != ReferentialAction::NoAction {
        out.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    out.push_str(deferral(fk.deferrable, fk.initially_deferred));
    if fk.not_valid {
        out.push_str(" NOT VALID");
    }
    out
}

/// `COMMENT ON CONSTRAINT "c" ON t IS ..` (NULL removes it).
pub fn comment_on_constraint(
    table: &QualifiedName,
    name: &str,
    comment: Option<&str>,
) -> Statement {
    Statement::new(format!(
        "COMMENT ON CONSTRAINT {} ON {} IS {}",
        quote::ident(name),
        quote::qualified(table),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// `COMMENT ON INDEX .. IS ..` (NULL removes it).
pub fn comment_on_index(table: &QualifiedName, name: &str, comment: Option<&str>) -> Statement {
    Statement::new(format!(
        "COMMENT ON INDEX {} IS {}",
        quote::qualified(&QualifiedName::new(table.schema.clone(), name.to_string())),
        comment.map(quote::literal).unwrap_or_else(|| "NULL".into())
    ))
}

/// ` WITH ("fillfactor" = '70')`, or nothing: names quoted, values as string literals (the
/// server stores both spellings alike).
pub fn storage_clause(storage: &std::collections::BTreeMap<String, String>) -> String {
    if storage.is_empty() {
        return String::new();
    }
    let items: Vec<String> = storage
        .iter()
        .map(|(name, value)| format!("{} = {}", quote::ident(name), quote::literal(value)))
        .collect();
    format!(" WITH ({})", items.join(", "))
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] "i" ON t [USING m] (..) [INCLUDE (..)]
/// [NULLS NOT DISTINCT] [WITH (..)] [WHERE ..]`.
fn create_index(table: &QualifiedName, index: &Index, concurrently: bool) -> Statement {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|part| {
            let mut text = match &part.key {
                IndexKey::Column(name) => quote::ident(name),
                IndexKey::Expression(expr) => format!("({expr})"),
            };
            if let Some(collation) = &part.collation {
                text.push_str(" COLLATE ");
                text.push_str(&quote::ident(collation));
            }
            if let Some(opclass) = &part.opclass {
                text.push(' ');
                text.push_str(&quote::dotted(opclass));
            }
            text.push_str(part.order_suffix());
            text
        })
        .collect();
    let mut sql = format!(
        "CREATE {}INDEX {}{} ON {}",
        if index.unique { "UNIQUE " } else { "" },
        if concurrently { "CONCURRENTLY " } else { "" },
        quote::ident(&index.name),
        quote::qualified(table)
    );
    if index.method != "btree" {
        sql.push_str(&format!(" USING {}", index.method));
    }
    sql.push_str(&format!(" ({})", parts.join(", ")));
    if !index.include.is_empty() {
        sql.push_str(&format!(" INCLUDE ({})", quote::ident_list(&index.include)));
    }
    if index.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    sql.push_str(&storage_clause(&index.storage));
    if let Some(predicate) = &index.predicate {
        sql.push_str(&format!(" WHERE ({predicate})"));
    }
    Statement::new(sql)
}
