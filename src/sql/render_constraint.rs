//! Constraints and indexes: primary keys, uniques, checks, foreign keys, indexes.

use super::{Statement, quote};
use crate::diff::Change;
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
    let statement = match change {
        Change::AddPrimaryKey { table, primary_key } => add(table, primary_key_clause(primary_key)),
        Change::DropPrimaryKey { table, primary_key } => drop(table, &primary_key.name),
        Change::AddUnique { table, unique } => add(table, unique_clause(unique)),
        Change::DropUnique { table, unique } => drop(table, &unique.name),
        Change::AddCheck { table, check } => add(table, check_clause(check)),
        Change::DropCheck { table, check } => drop(table, &check.name),
        Change::AddForeignKey { table, foreign_key } => add(table, foreign_key_clause(foreign_key)),
        Change::DropForeignKey { table, foreign_key } => drop(table, &foreign_key.name),
        Change::CreateIndex { table, index } => create_index(table, index),
        Change::DropIndex { table, index } => Statement::new(format!(
            "DROP INDEX {}",
            quote::qualified(&QualifiedName::new(
                table.schema.clone(),
                index.name.clone()
            ))
        )),
        other => unreachable!("render_constraint got {other:?}"),
    };
    vec![statement]
}

/// `CONSTRAINT "t_pkey" PRIMARY KEY ("a", "b")`.
pub fn primary_key_clause(pk: &PrimaryKey) -> String {
    format!(
        "CONSTRAINT {} PRIMARY KEY ({})",
        quote::ident(&pk.name),
        quote::ident_list(&pk.columns)
    )
}

/// `CONSTRAINT "t_a_key" UNIQUE [NULLS NOT DISTINCT] ("a")`.
pub fn unique_clause(unique: &UniqueConstraint) -> String {
    format!(
        "CONSTRAINT {} UNIQUE{} ({})",
        quote::ident(&unique.name),
        if unique.nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        },
        quote::ident_list(&unique.columns)
    )
}

/// `CONSTRAINT "c" CHECK (expr)`.
pub fn check_clause(check: &Check) -> String {
    format!(
        "CONSTRAINT {} CHECK ({})",
        quote::ident(&check.name),
        check.expression
    )
}

/// `CONSTRAINT "f" FOREIGN KEY (..) REFERENCES .. (..) [ON DELETE ..] [ON UPDATE ..] [DEFERRABLE ..]`.
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
    if fk.deferrable {
        out.push_str(" DEFERRABLE");
        if fk.initially_deferred {
            out.push_str(" INITIALLY DEFERRED");
        }
    }
    out
}

/// `CREATE [UNIQUE] INDEX "i" ON t [USING m] (..) [INCLUDE (..)] [NULLS NOT DISTINCT] [WHERE ..]`.
fn create_index(table: &QualifiedName, index: &Index) -> Statement {
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
        "CREATE {}INDEX {} ON {}",
        if index.unique { "UNIQUE " } else { "" },
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
    if let Some(predicate) = &index.predicate {
        sql.push_str(&format!(" WHERE ({predicate})"));
    }
    Statement::new(sql)
}
