//! An application that migrates its database at startup with strata's runner: the same lock,
//! checksums and history as `strata migrate`. It migrates the repository's example project
//! (the Flick schema) into the database named by DATABASE_URL:
//!
//!     DATABASE_URL=postgres://postgres@127.0.0.1/flick cargo run --example migrate_at_startup

use std::time::Duration;
use strata::migrator::{Error, Migrations, Migrator};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(error) = start().await {
        // strata's errors never hold a password; the application decides how to report them.
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

async fn start() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set")?;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);

    // Read at run time from the project directory; strata::embed compiles it in instead.
    let migrations = Migrations::from_dir(env!("CARGO_MANIFEST_DIR"))?;
    let report = Migrator::new(&migrations)
        .lock_timeout(Duration::from_secs(30))
        .run(&client)
        .await
        .map_err(|error| match error {
            Error::Refused(refused) => {
                format!("the migrations do not match the database: {refused}")
            }
            other => other.to_string(),
        })?;
    for migration in &report.applied {
        println!(
            "applied {} in {} ms",
            migration.tag,
            migration.duration.as_millis()
        );
    }
    println!("{} is up to date", report.database);

    // ... the application goes on with `client`.
    Ok(())
}
