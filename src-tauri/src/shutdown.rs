//! Ending the process when the user closes the app, even if something in
//! the exit path hangs.
//!
//! By the time Tauri reports [`tauri::RunEvent::Exit`] everything worth
//! keeping is on disk: the store commits every write as it happens and the
//! window-state plugin saved the window's geometry just before. What runs
//! after that (library destructors, `atexit` handlers of GTK, WebKit and
//! D-Bus, the runtime's threads) has nothing to save, but one of them
//! hanging would leave a process with no window that the user cannot see
//! and the next launch would only focus. The watchdog bounds that wait.

use std::time::Duration;

/// How long the exit may take once the app has said it is exiting.
pub const EXIT_GRACE: Duration = Duration::from_secs(5);

/// Exit code of an exit the watchdog had to end: not a clean one.
pub const FORCED_EXIT_CODE: i32 = 70;

/// Starts a thread that ends the process after `grace` unless it has
/// exited by then. Call once the app is exiting.
pub fn arm_exit_watchdog(grace: Duration) {
    let spawned = std::thread::Builder::new()
        .name("exit-watchdog".into())
        .spawn(move || {
            std::thread::sleep(grace);
            tracing::error!(?grace, "the app did not finish exiting; ending it");
            eprintln!("switchboard: exit took over {grace:?}; ending the process");
            // Not `std::process::exit`: the hang may be in the `atexit`
            // handlers that it would run again.
            // SAFETY: `_exit` ends the process at once; it touches no Rust
            // state, and nothing is left to save (see the module docs).
            unsafe { libc::_exit(FORCED_EXIT_CODE) }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "no exit watchdog");
    }
}
