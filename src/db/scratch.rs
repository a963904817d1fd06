//! Scratch databases: a model put through the server itself ([`canonicalize`]) so that it
//! carries PostgreSQL's own spelling of expressions before it is compared with a live
//! database (Atlas calls this a dev database).
//!
//! A scratch database must not outlive its run. It is dropped at the end of the phase, on
//! SIGINT, SIGTERM and SIGHUP (`interrupt.rs`), and otherwise by the next run that needs one:
//! a killed run (SIGKILL, a lost machine) cannot clean up after itself.
//!
//! How a run proves it is alive, across databases: advisory locks are per database, but
//! `pg_stat_activity` is cluster-wide. The scratch database is named after the session that
//! creates it, `strata_scratch_<backend pid>_<backend start in µs>_<n>`, and that session (the
//! command's own connection) lives for the whole phase. A scratch database whose session is no
//! longer in `pg_stat_activity` belongs to a dead run and is dropped; a pid alone could be
//! reused by a later session, the pair with the start time cannot. A session of another role
//! whose start time this role may not see counts as alive, and only databases this role may
//! drop (`pg_has_role(owner, 'MEMBER')`) are considered.

use super::interrupt;
use super::target::DbTarget;
use crate::introspect::{InspectOptions, inspect};
use crate::schema::Schema;
use crate::sql::quote;
use anyhow::{Context, Result};
use std::sync::atomic::{AtomicU32, Ordering};
use tokio_postgres::Client;

/// The prefix of every scratch database's name.
pub const PREFIX: &str = "strata_scratch_";

/// The model as PostgreSQL itself spells it: applied to a scratch database on the same server
/// (created and dropped here) and read back. Scratch databases left by dead runs are dropped
/// first. Needs the CREATEDB privilege.
pub async fn canonicalize(admin: &Client, target: &DbTarget, schema: &Schema) -> Result<Schema> {
    for name in drop_orphans(admin).await.unwrap_or_default() {
        eprintln!("note: dropped {name}, a scratch database left behind by an interrupted run");
    }
    let name = scratch_name(admin).await?;
    let registration = interrupt::register(target, &name)?;
    let created = admin
        .batch_execute(&format!("CREATE DATABASE {}", quote::ident(&name)))
        .await
        .context("creating a scratch database to normalise the expected schema (needs CREATEDB)");
    if let Err(e) = created {
        interrupt::wait_if_interrupted();
        return Err(e);
    }
    let result = apply_and_read(&target.with_dbname(&name), schema).await;
    // A failure to drop leaves the database to the next run's sweep.
    let _ = admin.batch_execute(&drop_statement(&name)).await;
    interrupt::wait_if_interrupted();
    drop(registration);
    result
}

/// `DROP DATABASE IF EXISTS <name> WITH (FORCE)`: it also ends the sessions still in it (the
/// dead run's, which the server may not have noticed yet).
pub fn drop_statement(name: &str) -> String {
    format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote::ident(name)
    )
}

/// A name no other scratch database has, tied to the admin session.
async fn scratch_name(admin: &Client) -> Result<String> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let row = admin
        .query_one(
            "SELECT pg_catalog.pg_backend_pid()::text, \
             ((extract(epoch FROM backend_start) * 1000000)::bigint)::text \
             FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()",
            &[],
        )
        .await
        .context("reading this session's pid and start time for the scratch database's name")?;
    let (pid, started): (String, String) = (row.get(0), row.get(1));
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    Ok(format!("{PREFIX}{pid}_{started}_{n}"))
}

/// The scratch databases of dead runs (see the module doc), in name order.
const ORPHANS: &str = "\
SELECT d.datname::text
FROM pg_catalog.pg_database d
WHERE d.datname ~ '^strata_scratch_[0-9]+_[0-9]+_[0-9]+$'
  AND pg_catalog.pg_has_role(d.datdba, 'MEMBER')
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_stat_activity a
    WHERE a.pid::text = split_part(d.datname, '_', 3)
      AND (a.backend_start IS NULL
           OR ((extract(epoch FROM a.backend_start) * 1000000)::bigint)::text
              = split_part(d.datname, '_', 4)))
ORDER BY 1";

/// Drops the scratch databases of dead runs and returns their names. One that cannot be
/// dropped (another run got there first) is skipped.
pub async fn drop_orphans(admin: &Client) -> Result<Vec<String>> {
    let rows = admin
        .query(ORPHANS, &[])
        .await
        .context("looking for scratch databases left behind")?;
    let mut dropped = Vec::new();
    for row in rows {
        let name: String = row.get(0);
        if admin.batch_execute(&drop_statement(&name)).await.is_ok() {
            dropped.push(name);
        }
    }
    Ok(dropped)
}

/// Applies `schema` to the empty database `scratch` and reads it back.
async fn apply_and_read(scratch: &DbTarget, schema: &Schema) -> Result<Schema> {
    let client = super::connect(scratch).await?;
    let changes = crate::diff::diff(
        &Schema::default(),
        schema,
        &Default::default(),
        &Default::default(),
    )?;
    let sql =
        crate::sql::render_migration("scratch", &changes, &crate::sql::Context::new(&[schema]));
    for statement in crate::migrate::split::split(&sql.up) {
        client
            .batch_execute(&statement.sql)
            .await
            .with_context(|| {
                format!(
                    "applying the expected schema to the scratch database: {}",
                    statement.sql
                )
            })?;
    }
    inspect(&client, &InspectOptions::default()).await
}
