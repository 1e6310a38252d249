//! An empty Tauri window: the baseline the app benchmarks compare
//! Switchboard's start-up time and memory against, built in the same run.
//!
//! It starts its clock at the top of `main` and reports when its page has
//! painted (`app_ready`, called two animation frames after load), printing
//! `…: ready in N ms` like the app; with `SWITCHBOARD_EXIT_AFTER_READY=1` it
//! then exits, so a benchmark can loop cold starts.

use std::sync::OnceLock;
use std::time::Instant;

use tauri::Manager;

static STARTED: OnceLock<Instant> = OnceLock::new();
/// Milliseconds from `main` until the window was made (Tauri makes config
/// windows just before it runs the setup hook).
static WINDOW_CREATED: OnceLock<u128> = OnceLock::new();

fn elapsed_ms() -> u128 {
    STARTED.get().map_or(0, |t| t.elapsed().as_millis())
}

#[tauri::command]
fn app_ready(app: tauri::AppHandle) {
    let elapsed = elapsed_ms();
    // The same line as the app's, for the benchmark to print side by side.
    if let Some(created) = WINDOW_CREATED.get() {
        println!("switchboard-empty-window: phases (ms): window created {created}");
    }
    println!("switchboard-empty-window: ready in {elapsed} ms");
    if std::env::var_os("SWITCHBOARD_EXIT_AFTER_READY").is_some_and(|v| v == "1") {
        app.exit(0);
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_ready])
        .setup(|app| {
            WINDOW_CREATED.get_or_init(elapsed_ms);
            // Made hidden and shown here, as the app shows its window.
            if let Some(window) = app.get_webview_window("main") {
                window.show()?;
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the empty window runs");
}
