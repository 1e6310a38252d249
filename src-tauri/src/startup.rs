//! Start-up measurement for the end-to-end benchmark: `main` records when
//! the process started; the page reports when its first list is painted.

use std::sync::OnceLock;
use std::time::Instant;

use tauri::{AppHandle, Runtime};

use crate::models::ReadyReport;

static STARTED: OnceLock<Instant> = OnceLock::new();
static READY: OnceLock<ReadyReport> = OnceLock::new();

/// Call first thing in `main`.
pub fn mark_process_start() {
    STARTED.get_or_init(Instant::now);
}

/// Records (once) the time from start to the first painted list: logged,
/// printed on stdout as `switchboard: ready in N ms` for the benchmark, and,
/// with `SWITCHBOARD_EXIT_AFTER_READY=1`, the app exits right after.
pub fn ready<R: Runtime>(app: &AppHandle<R>) -> ReadyReport {
    let mut first = false;
    let report = *READY.get_or_init(|| {
        first = true;
        let started = *STARTED.get_or_init(Instant::now);
        ReadyReport {
            since_start_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        }
    });
    if first {
        tracing::info!(ms = report.since_start_ms, "first list painted");
        println!("switchboard: ready in {} ms", report.since_start_ms);
        if std::env::var("SWITCHBOARD_EXIT_AFTER_READY").is_ok_and(|v| v == "1") {
            app.exit(0);
        }
    }
    report
}
