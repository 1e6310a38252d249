//! How many customers are waiting, shown where a manager looks: the page
//! (an event), the window title and the tray. The count itself comes from
//! the store; this module only shows it.

use switchboard_i18n::Localizer;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::events::{self, WaitingCount};

/// Shows `count` in the page, the title and the tray. Failures are logged:
/// a stale count must not stop the sync forwarding that calls this.
pub fn show<R: Runtime>(app: &AppHandle<R>, count: u32, text: &Localizer) {
    if let Err(error) = app.emit(events::WAITING, WaitingCount { count }) {
        tracing::warn!(?error, "could not send the waiting count");
    }
    if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
        if let Err(error) = window.set_title(&window_title(count, text)) {
            tracing::debug!(?error, "could not set the title");
        }
    }
    crate::tray::show_waiting(app, count, text);
}

/// "Switchboard", or "(3) Switchboard — 3 waiting" so the count shows in
/// task bars that cut long titles.
pub fn window_title(count: u32, text: &Localizer) -> String {
    match count {
        0 => "Switchboard".to_owned(),
        n => text.text("app-window-title-waiting", &[("count", n.into())]),
    }
}
