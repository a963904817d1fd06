//! `strata push [--allow-destructive] [--dry-run]`: make a development database match schema/
//! directly, without migration files (drizzle-kit push). Destructive changes are asked about
//! on a terminal and refused elsewhere unless allowed.

use crate::cli::DbArgs;
use crate::commands::generate::{
    Action, Options, confirm_destructive, load_schema, plan_changes, print_dry_run,
};
use crate::commands::{Outcome, connect_to_change, runtime};
use crate::config::Project;
use crate::introspect::{InspectOptions, canonicalize, inspect};
use crate::migrate::split::split;
use anyhow::{Context, Result};

/// Runs `push`.
pub fn run(
    project: &Project,
    allow_destructive: bool,
    dry_run: bool,
    db: &DbArgs,
) -> Result<Outcome> {
    let mut parsed = load_schema(project)?;
    runtime()?.block_on(async {
        let (client, target) = connect_to_change(project, db, "push").await?;
        let options = InspectOptions {
            exclude_tables: crate::import::unmanaged_tables(project),
        };
        let actual = inspect(&client, &options).await?;
        parsed.schema = canonicalize(&client, &target, &parsed.schema).await?;
        let generate_options = Options {
            name: "push".into(),
            allow_destructive,
            dry_run,
        };
        let changes = if actual.equivalent(&parsed.schema) {
            Vec::new()
        } else {
            plan_changes(&actual, &parsed, &generate_options)?
        };
        if changes.is_empty() {
            outln!("No changes: {target} matches schema/.");
            return Ok(Outcome::Success);
        }
        let context = crate::sql::Context::new(&[&actual, &parsed.schema]);
        let sql = crate::sql::render_migration("push", &changes, &context);
        if dry_run {
            return print_dry_run(&sql.up, &sql.hazards, allow_destructive, "push");
        }
        confirm_destructive(&sql.hazards, allow_destructive, Action::Apply)?;
        let statements = split(&sql.up);
        if sql.transactional {
            client.batch_execute("BEGIN").await?;
        }
        for statement in &statements {
            if let Err(e) = client.batch_execute(&statement.sql).await {
                if sql.transactional {
                    let _ = client.batch_execute("ROLLBACK").await;
                }
                return Err(e).with_context(|| format!("push failed at: {}", statement.sql));
            }
        }
        if sql.transactional {
            client.batch_execute("COMMIT").await?;
        }
        outln!(
            "Pushed {} to {target}:",
            crate::style::count(changes.len(), "change")
        );
        for change in &changes {
            outln!("  {change}");
        }
        Ok(Outcome::Success)
    })
}
