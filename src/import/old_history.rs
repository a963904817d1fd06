//! The old tools' history tables in a database, matched against an import manifest, and the
//! companion table `<history_table>_imported` where `baseline` keeps the matched rows.
//!
//! Matching: drizzle-kit's rows carry no name, only the sha256 of the file, so they match by
//! checksum; refinery's and sqlx's rows carry the version, so they match by version and a
//! different checksum means the file was edited after it was applied.

use super::{Manifest, OldMigration, Tool};
use crate::schema::QualifiedName;
use crate::sql::quote;
use anyhow::{Context, Result};
use tokio_postgres::Client;

/// One row of an old tool's history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldApplied {
    /// refinery's and sqlx's version; `None` for drizzle-kit.
    pub version: Option<i64>,
    /// The name the row carries (empty for drizzle-kit).
    pub name: String,
    pub checksum: String,
    /// When the tool applied it (drizzle-kit: the journal's `when`), as text.
    pub applied_at: String,
    /// sqlx's `success`; true for the others.
    pub success: bool,
}

/// How a database's old history compares with the files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Matched {
    /// Migrations applied, with their row.
    pub applied: Vec<(OldMigration, OldApplied)>,
    /// Migrations whose files exist but that the database has not applied.
    pub pending: Vec<OldMigration>,
    /// Rows that match no file.
    pub unknown: Vec<OldApplied>,
    /// Rows whose version matches a file but whose checksum does not.
    pub edited: Vec<(OldMigration, OldApplied)>,
    /// Rows the tool marks as failed (sqlx's `success = false`).
    pub failed: Vec<OldApplied>,
}

impl Matched {
    /// The problems, one line each; empty when the database is exactly at the files' end.
    pub fn problems(&self, tool: Tool) -> Vec<String> {
        let mut out = Vec::new();
        for m in &self.pending {
            out.push(format!(
                "{} {} is not applied (the database is behind the {} files)",
                tool.name(),
                m.name,
                tool.name()
            ));
        }
        for row in &self.unknown {
            out.push(format!(
                "the database's {} history has {} that matches no file (checksum {})",
                tool.name(),
                describe(row),
                row.checksum
            ));
        }
        for (m, row) in &self.edited {
            out.push(format!(
                "{} {} was edited after it was applied: applied checksum {}, file checksum {}",
                tool.name(),
                m.file,
                row.checksum,
                m.checksum
            ));
        }
        for row in &self.failed {
            out.push(format!(
                "{} {} failed when {} applied it (success = false)",
                tool.name(),
                describe(row),
                tool.name()
            ));
        }
        out
    }
}

fn describe(row: &OldApplied) -> String {
    match row.version {
        Some(v) => format!("version {v} ({})", row.name),
        None => format!("a row applied at {}", row.applied_at),
    }
}

/// Matches rows to the manifest's migrations.
pub fn match_rows(manifest: &Manifest, rows: &[OldApplied]) -> Matched {
    let mut matched = Matched::default();
    let mut used = vec![false; manifest.migrations.len()];
    for row in rows {
        if !row.success {
            matched.failed.push(row.clone());
            continue;
        }
        let found = manifest.migrations.iter().position(|m| match row.version {
            Some(version) => m.version == version,
            None => m.checksum == row.checksum,
        });
        match found {
            Some(i) if manifest.migrations[i].checksum != row.checksum => {
                used[i] = true;
                matched
                    .edited
                    .push((manifest.migrations[i].clone(), row.clone()));
            }
            Some(i) => {
                used[i] = true;
                matched
                    .applied
                    .push((manifest.migrations[i].clone(), row.clone()));
            }
            None => matched.unknown.push(row.clone()),
        }
    }
    for (i, m) in manifest.migrations.iter().enumerate() {
        if !used[i] && !matched.failed.iter().any(|f| f.version == Some(m.version)) {
            matched.pending.push(m.clone());
        }
    }
    matched
}

/// Reads the old tool's history table; `None` when the database has no such table.
pub async fn read(client: &Client, manifest: &Manifest) -> Result<Option<Vec<OldApplied>>> {
    let table = manifest.history_table();
    let exists: bool = client
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL",
            &[&quote::qualified(&table)],
        )
        .await
        .context("looking for the old history table")?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let name = quote::qualified(&table);
    let sql = match manifest.tool {
        Tool::Drizzle => format!(
            "SELECT NULL::bigint, ''::text, hash, created_at::text, true FROM {name} ORDER BY id"
        ),
        Tool::Refinery => format!(
            "SELECT version::bigint, name::text, checksum::text, applied_on::text, true \
             FROM {name} ORDER BY version"
        ),
        Tool::Sqlx => format!(
            "SELECT version, description, encode(checksum, 'hex'), \
             to_char(installed_on AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), success \
             FROM {name} ORDER BY version"
        ),
    };
    let rows = client
        .query(&sql, &[])
        .await
        .with_context(|| format!("reading {table}"))?;
    Ok(Some(
        rows.iter()
            .map(|row| OldApplied {
                version: row.get(0),
                name: row.get::<_, Option<String>>(1).unwrap_or_default(),
                checksum: row.get::<_, Option<String>>(2).unwrap_or_default(),
                applied_at: row.get::<_, Option<String>>(3).unwrap_or_default(),
                success: row.get(4),
            })
            .collect(),
    ))
}

/// Creates the companion table if needed.
pub async fn ensure_companion(client: &Client, table: &QualifiedName) -> Result<()> {
    let sql = format!(
        "CREATE SCHEMA IF NOT EXISTS {schema};
         CREATE TABLE IF NOT EXISTS {table} (
           tool text NOT NULL,
           version bigint NOT NULL,
           name text NOT NULL,
           checksum text NOT NULL,
           applied_at text NOT NULL,
           baseline text NOT NULL,
           recorded_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (tool, version, name)
         )",
        schema = quote::ident(&table.schema),
        table = quote::qualified(table)
    );
    client
        .batch_execute(&sql)
        .await
        .with_context(|| format!("creating {table}"))
}

/// Records the matched rows (bind parameters throughout).
pub async fn record(
    client: &Client,
    table: &QualifiedName,
    manifest: &Manifest,
    matched: &Matched,
) -> Result<()> {
    let sql = format!(
        "INSERT INTO {} (tool, version, name, checksum, applied_at, baseline)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        quote::qualified(table)
    );
    for (migration, row) in &matched.applied {
        client
            .execute(
                &sql,
                &[
                    &manifest.tool.name(),
                    &migration.version,
                    &migration.name,
                    &row.checksum,
                    &row.applied_at,
                    &manifest.baseline,
                ],
            )
            .await
            .with_context(|| format!("recording {} in {table}", migration.name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(tool: Tool) -> Manifest {
        let m = |version: i64, checksum: &str| OldMigration {
            version,
            name: format!("m{version}"),
            file: format!("m{version}.sql"),
            checksum: checksum.into(),
            created_at: None,
        };
        Manifest {
            tool,
            source: String::new(),
            history_table: tool.default_history_table().into(),
            baseline: "0000_baseline".into(),
            migrations: vec![m(1, "aa"), m(2, "bb"), m(3, "cc")],
            findings: vec![],
        }
    }

    fn row(version: Option<i64>, checksum: &str) -> OldApplied {
        OldApplied {
            version,
            name: String::new(),
            checksum: checksum.into(),
            applied_at: "t".into(),
            success: true,
        }
    }

    #[test]
    fn drizzle_rows_match_by_hash_whatever_their_order() {
        let matched = match_rows(
            &manifest(Tool::Drizzle),
            &[row(None, "cc"), row(None, "aa"), row(None, "zz")],
        );
        let pending: Vec<&str> = matched.pending.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(pending, ["m2"]);
        assert_eq!(matched.applied.len(), 2);
        assert_eq!(matched.unknown, [row(None, "zz")]);
        let problems = matched.problems(Tool::Drizzle);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("m2 is not applied"));
        assert!(problems[1].contains("matches no file (checksum zz)"));
    }

    #[test]
    fn versioned_rows_with_another_checksum_are_edits_and_failures_are_named() {
        let mut failed = row(Some(3), "cc");
        failed.success = false;
        let matched = match_rows(
            &manifest(Tool::Sqlx),
            &[row(Some(1), "aa"), row(Some(2), "b2"), failed],
        );
        assert!(matched.pending.is_empty());
        assert_eq!(matched.edited.len(), 1);
        assert_eq!(matched.failed.len(), 1);
        let problems = matched.problems(Tool::Sqlx);
        assert!(problems[0].contains("m2.sql was edited"), "{problems:?}");
        assert!(problems[1].contains("version 3"), "{problems:?}");
    }

    #[test]
    fn a_complete_history_has_no_problems() {
        let matched = match_rows(
            &manifest(Tool::Refinery),
            &[row(Some(1), "aa"), row(Some(2), "bb"), row(Some(3), "cc")],
        );
        assert!(matched.problems(Tool::Refinery).is_empty());
        assert_eq!(matched.applied.len(), 3);
    }
}
