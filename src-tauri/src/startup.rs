//! Start-up measurement for the end-to-end benchmark: `main` records when
//! the process started, the setup marks its phases, and the page reports
//! when its first list is painted.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use tauri::{AppHandle, Runtime};

use crate::models::{PagePhase, ReadyReport};

static STARTED: OnceLock<Instant> = OnceLock::new();
static READY: OnceLock<ReadyReport> = OnceLock::new();
/// Start-up phases reached so far: (what, ms since start).
static PHASES: Mutex<Vec<(String, u64)>> = Mutex::new(Vec::new());

/// Call first thing in `main`.
pub fn mark_process_start() {
    STARTED.get_or_init(Instant::now);
}

fn since_start_ms() -> u64 {
    let started = *STARTED.get_or_init(Instant::now);
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Notes the first time start-up reaches `phase` (logged, and printed with
/// the ready line). Calls after the first list is painted are ignored.
pub fn phase(phase: &'static str) {
    if READY.get().is_some() {
        return;
    }
    let ms = since_start_ms();
    let mut phases = PHASES.lock().unwrap_or_else(|p| p.into_inner());
    if phases.iter().all(|(seen, _)| seen != phase) {
        tracing::debug!(phase, ms, "start-up phase");
        phases.push((phase.to_owned(), ms));
    }
}

/// Records (once) the time from start to the first painted list: logged,
/// printed on stdout as `switchboard: ready in N ms` for the benchmark, and,
/// with `SWITCHBOARD_EXIT_AFTER_READY=1`, the app exits right after.
pub fn ready<R: Runtime>(app: &AppHandle<R>, page: &[PagePhase], page_now: f64) -> ReadyReport {
    let mut first = false;
    let report = *READY.get_or_init(|| {
        first = true;
        ReadyReport {
            since_start_ms: since_start_ms(),
        }
    });
    if first {
        let mut all = PHASES.lock().unwrap_or_else(|p| p.into_inner()).clone();
        // The page's clock starts with the page; `page_now` was read just
        // before this call (an IPC round trip ago, well under a millisecond).
        let offset = report.since_start_ms as f64 - page_now;
        all.extend(page.iter().map(|p| {
            let at = (p.at_ms + offset).max(0.0).round() as u64;
            (format!("page: {}", p.name), at)
        }));
        all.sort_by_key(|(_, ms)| *ms);
        let phases: Vec<String> = all
            .iter()
            .map(|(phase, ms)| format!("{phase} {ms}"))
            .collect();
        tracing::info!(ms = report.since_start_ms, phases = ?phases, "first list painted");
        println!("switchboard: phases (ms): {}", phases.join(", "));
        println!("switchboard: ready in {} ms", report.since_start_ms);
        if std::env::var("SWITCHBOARD_EXIT_AFTER_READY").is_ok_and(|v| v == "1") {
            app.exit(0);
        }
    }
    report
}
