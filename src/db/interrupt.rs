//! Dropping scratch databases when a run is interrupted. The first scratch database a process
//! creates starts a watcher thread that owns SIGINT, SIGTERM and SIGHUP from then on: on a
//! signal it drops every scratch database still registered, on a connection of its own (the
//! main thread may be blocked in a query), says so on stderr, and exits with 128 + the signal
//! number, as the default action would have ended the process. A database whose `CREATE` is
//! still running when the signal comes does not exist yet for the watcher's `DROP`; the server
//! finishes creating it, and the next run's sweep drops it (`scratch.rs`).
//!
//! A thread rather than a task of the command's runtime: the command's runtime runs only
//! while the command awaits, and the signal must be honoured whatever the command is doing,
//! including after its scratch phase (once the handler is installed the default action is
//! gone for good, so the watcher keeps standing in for it).

use super::target::DbTarget;
use anyhow::{Result, anyhow};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Scratch databases to drop on a signal: `(server, name)`.
static REGISTERED: Mutex<Vec<(DbTarget, String)>> = Mutex::new(Vec::new());

/// Whether the watcher is running (or why it could not start).
static WATCHER: OnceLock<Result<(), String>> = OnceLock::new();

/// Set by the watcher as soon as a signal arrives.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// How long the watcher tries to drop the scratch databases before exiting anyway (the next
/// run drops what is left).
const CLEANUP_TIMEOUT: Duration = Duration::from_secs(10);

/// A registered scratch database; dropping the value unregisters it.
#[must_use = "the database is unregistered when this is dropped"]
pub struct Registration {
    name: String,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
        registered.retain(|(_, name)| name != &self.name);
    }
}

/// Registers scratch database `name` on `server`'s cluster, starting the watcher first if
/// needed. Call before creating the database, so no moment is left uncovered.
pub fn register(server: &DbTarget, name: &str) -> Result<Registration> {
    WATCHER
        .get_or_init(start_watcher)
        .clone()
        .map_err(|e| anyhow!("installing the signal handler for scratch databases: {e}"))?;
    let mut registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    registered.push((server.clone(), name.to_string()));
    Ok(Registration {
        name: name.to_string(),
    })
}

/// Whether a signal has arrived. A command whose scratch database was dropped under it by
/// the watcher checks this before reporting the failure, and waits for the exit instead.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Blocks forever when interrupted: the watcher is about to end the process with the right
/// code, and an error from the main thread must not race it.
pub fn wait_if_interrupted() {
    while interrupted() {
        std::thread::park();
    }
}

/// Starts the watcher thread and waits until its handlers are installed.
fn start_watcher() -> Result<(), String> {
    let (ready, installed) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("strata-signals".into())
        .spawn(move || watch(ready))
        .map_err(|e| e.to_string())?;
    installed
        .recv()
        .map_err(|_| "the signal thread ended".to_string())?
}

fn watch(ready: std::sync::mpsc::Sender<Result<(), String>>) {
    use tokio::signal::unix::{SignalKind, signal};
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = ready.send(Err(e.to_string()));
            return;
        }
    };
    runtime.block_on(async move {
        let kinds = [
            (SignalKind::interrupt(), libc::SIGINT, "SIGINT"),
            (SignalKind::terminate(), libc::SIGTERM, "SIGTERM"),
            (SignalKind::hangup(), libc::SIGHUP, "SIGHUP"),
        ];
        let mut streams = Vec::new();
        for (kind, number, name) in kinds {
            match signal(kind) {
                Ok(stream) => streams.push((stream, number, name)),
                Err(e) => {
                    let _ = ready.send(Err(e.to_string()));
                    return;
                }
            }
        }
        let _ = ready.send(Ok(()));
        let (number, name) = next_signal(&mut streams).await;
        INTERRUPTED.store(true, Ordering::SeqCst);
        let pending = std::mem::take(&mut *REGISTERED.lock().unwrap_or_else(|e| e.into_inner()));
        for (server, database) in pending {
            let dropped = tokio::time::timeout(CLEANUP_TIMEOUT, drop_database(&server, &database));
            match dropped.await {
                Ok(Ok(())) => {
                    eprintln!("interrupted ({name}): dropped the scratch database {database}")
                }
                // The server goes on with a DROP it has started; should it never get there,
                // the next run's sweep does it.
                Err(_) => eprintln!(
                    "interrupted ({name}): the server is still dropping the scratch database \
                     {database}; if it remains, the next verify, diff or push drops it"
                ),
                Ok(Err(e)) => eprintln!(
                    "interrupted ({name}): could not drop the scratch database {database} \
                     ({e:#}); the next verify, diff or push drops it"
                ),
            }
        }
        std::process::exit(128 + number);
    });
}

/// The first signal to arrive on any of `streams`: its number and name.
async fn next_signal(
    streams: &mut [(tokio::signal::unix::Signal, i32, &'static str)],
) -> (i32, &'static str) {
    std::future::poll_fn(|cx| {
        for (stream, number, name) in streams.iter_mut() {
            if stream.poll_recv(cx).is_ready() {
                return std::task::Poll::Ready((*number, *name));
            }
        }
        std::task::Poll::Pending
    })
    .await
}

async fn drop_database(server: &DbTarget, name: &str) -> Result<()> {
    let client = super::connect(server).await?;
    client
        .batch_execute(&super::scratch::drop_statement(name))
        .await?;
    Ok(())
}
