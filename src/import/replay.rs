//! The schema an old tool's SQL files produce: run in order on a scratch database on the same
//! server (created and dropped here; needs CREATEDB) and read back by introspection. refinery
//! and sqlx keep no snapshot, so their files are the only statement of the schema.

use crate::introspect::{InspectOptions, inspect};
use crate::schema::Schema;
use anyhow::{Context, Result};
use tokio_postgres::Client;

/// One migration to run.
#[derive(Debug, Clone)]
pub struct Step {
    /// The file, for messages.
    pub file: String,
    pub sql: String,
}

/// Runs `steps` on a fresh scratch database and returns its schema.
pub async fn schema_of(
    admin: &Client,
    target: &crate::db::DbTarget,
    steps: &[Step],
) -> Result<Schema> {
    let name = format!(
        "strata_import_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let quoted = crate::sql::quote::ident(&name);
    admin
        .batch_execute(&format!("CREATE DATABASE {quoted}"))
        .await
        .context("creating a scratch database to replay the migrations (needs CREATEDB)")?;
    let result = async {
        let mut scratch_target = target.clone();
        scratch_target.config.dbname(&name);
        let scratch = crate::db::connect(&scratch_target).await?;
        for step in steps {
            // Statement by statement, as the tools do for files that cannot run in one
            // transaction (CREATE INDEX CONCURRENTLY); the scratch database is thrown away.
            for statement in crate::migrate::split::split(&step.sql) {
                scratch
                    .batch_execute(&statement.sql)
                    .await
                    .with_context(|| {
                        format!(
                            "replaying {} on a scratch database, line {}: {}",
                            step.file, statement.line, statement.sql
                        )
                    })?;
            }
        }
        let options = InspectOptions {
            exclude_tables: Vec::new(),
        };
        inspect(&scratch, &options).await
    }
    .await;
    let _ = admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        .await;
    result
}
