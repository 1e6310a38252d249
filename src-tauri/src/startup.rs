//! Start-up: the measurement for the end-to-end benchmark (`main` records
//! when the process started, the setup marks its phases, and the page
//! reports when its first list is painted), and [`FirstPaint`], which holds
//! back the start work that list does not need until it is painted.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, Runtime};

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

/// How long the start work held back for the first paint waits at most: a
/// page that never reports it (the sign-in screen, a page that failed, a
/// window never shown) must not keep notifications off for long. Transfers
/// that came while the app was closed are announced within this (or at the
/// paint, if sooner) plus the catch-up's round trip.
pub const FIRST_PAINT_FALLBACK: Duration = Duration::from_millis(2_500);

/// Whether the page has painted its first list, for the start work that
/// list does not need and that would compete with WebKit's start for the
/// two cores of a small machine: the notifier's first round (ledger
/// queries, the daily review of yesterday), the waiting count, the pruning
/// of old history, the wake watch, and the reactions to what the resumed
/// session signals (queued, in order). It waits for the paint (or
/// [`FIRST_PAINT_FALLBACK`]); what the page asks for is answered at once,
/// and the sync engine starts with the session, so its catch-up has
/// brought the transfers of while the app was closed by the time the
/// notifier looks.
#[derive(Clone)]
pub struct FirstPaint {
    painted: Arc<tokio::sync::watch::Sender<bool>>,
    /// When waits end without a paint.
    fallback_at: Instant,
}

impl FirstPaint {
    /// Nothing painted yet; waits end `fallback` from now regardless.
    pub fn new(fallback: Duration) -> Self {
        FirstPaint {
            painted: Arc::new(tokio::sync::watch::Sender::new(false)),
            fallback_at: Instant::now() + fallback,
        }
    }

    /// The page painted its first list: the held-back work starts.
    pub fn painted(&self) {
        self.painted.send_replace(true);
    }

    /// Returns once the first list is painted, or once the fallback time
    /// has come.
    pub async fn wait(&self) {
        let mut painted = self.painted.subscribe();
        let deadline = tokio::time::Instant::from_std(self.fallback_at);
        let waited = tokio::time::timeout_at(deadline, painted.wait_for(|p| *p))
            .await
            .is_ok();
        if !waited {
            tracing::debug!("no first paint reported: the start work goes on without it");
        }
    }
}

/// The first screen the shell drew into the document is painted
/// (`first_screen.rs`): the first painted list, for the measurement, which
/// is printed at once as `switchboard: ready in N ms`. The start work
/// held back waits on for the page's own list ([`ready`]).
pub fn first_screen_painted() -> ReadyReport {
    let (report, first) = record_ready(since_start_ms());
    if first {
        PHASES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(("first screen painted".to_owned(), report.since_start_ms));
        tracing::info!(ms = report.since_start_ms, "first screen painted");
        say_ready(report);
    }
    report
}

/// The page painted its own first list: the held-back start work begins,
/// and the start's phases (the shell's and the page's) are logged and
/// printed on stdout once. Unless the shell's first screen came first
/// ([`first_screen_painted`]), this is the first painted list, printed as
/// `switchboard: ready in N ms` for the benchmark. With
/// `SWITCHBOARD_EXIT_AFTER_READY=1`, the app exits right after.
pub fn ready<R: Runtime>(app: &AppHandle<R>, page: &[PagePhase], page_now: f64) -> ReadyReport {
    static PAGE_REPORTED: OnceLock<()> = OnceLock::new();
    if let Some(first_paint) = app.try_state::<FirstPaint>() {
        first_paint.painted();
    }
    let now_ms = since_start_ms();
    let (report, first) = record_ready(now_ms);
    if PAGE_REPORTED.set(()).is_ok() {
        let mut all = PHASES.lock().unwrap_or_else(|p| p.into_inner()).clone();
        // The page's clock starts with the page; `page_now` was read just
        // before this call (an IPC round trip ago, well under a millisecond).
        let offset = now_ms as f64 - page_now;
        all.extend(page.iter().map(|p| {
            let at = (p.at_ms + offset).max(0.0).round() as u64;
            (format!("page: {}", p.name), at)
        }));
        all.sort_by_key(|(_, ms)| *ms);
        let phases: Vec<String> = all
            .iter()
            .map(|(phase, ms)| format!("{phase} {ms}"))
            .collect();
        tracing::info!(ms = now_ms, phases = ?phases, "first list painted");
        say(&format!("switchboard: phases (ms): {}", phases.join(", ")));
        if first {
            say_ready(report);
        }
        if std::env::var("SWITCHBOARD_EXIT_AFTER_READY").is_ok_and(|v| v == "1") {
            app.exit(0);
        }
    }
    report
}

/// Records `since_start_ms` as the time to the first painted list, unless
/// one was recorded already: the report kept, and whether it is this one.
fn record_ready(since_start_ms: u64) -> (ReadyReport, bool) {
    let mut first = false;
    let report = *READY.get_or_init(|| {
        first = true;
        ReadyReport { since_start_ms }
    });
    (report, first)
}

/// The line the benchmark reads the start-up time from.
fn say_ready(report: ReadyReport) {
    say(&format!(
        "switchboard: ready in {} ms",
        report.since_start_ms
    ));
}

/// Prints `line` on stdout for whoever reads it (the benchmark); a reader
/// gone (a closed pipe) is no reason to panic, as `println!` would.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}
