//! How many customers are waiting (transferred conversations): told to the
//! page, the tray and the window title whenever it changes.

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::error::IpcError;
use crate::events::{self, WaitingCount};
use crate::shell::Shell;

/// How many customers wait. Every transferred conversation is a waiting
/// customer; the count per status is one small read however large the cache.
pub async fn count(shell: &Shell) -> Result<u32, IpcError> {
    Ok(shell.read(|store| store.filter_counts()).await?.transferred)
}

/// Counts the waiting customers in the cache and, if the count changed,
/// updates the page, the tray and the title. Failures are logged: a stale
/// count must not stop the sync forwarding that calls this.
pub async fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let shell = app.state::<Shell>();
    let count = match count(&shell).await {
        Ok(count) => count,
        Err(error) => {
            tracing::warn!(%error, "could not count waiting customers");
            return;
        }
    };
    if !shell.waiting_changed(count) {
        return;
    }
    if let Err(error) = app.emit(events::WAITING, WaitingCount { count }) {
        tracing::warn!(?error, "could not send the waiting count");
    }
    if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
        if let Err(error) = window.set_title(&window_title(count)) {
            tracing::debug!(?error, "could not set the title");
        }
    }
    crate::tray::show_waiting(app, count);
}

/// "Switchboard", or "(3) Switchboard — 3 waiting" so the count shows in
/// task bars that cut long titles.
pub fn window_title(count: u32) -> String {
    match count {
        0 => "Switchboard".to_owned(),
        n => format!("({n}) Switchboard — {n} waiting"),
    }
}

/// The tray menu's first line.
pub fn waiting_label(count: u32) -> String {
    match count {
        0 => "No customers waiting".to_owned(),
        1 => "1 customer waiting".to_owned(),
        n => format!("{n} customers waiting"),
    }
}
