//! Shows a [`DesktopNotification`] through `org.freedesktop.Notifications`
//! (notify-rust over zbus) and turns a click into "focus the window and open
//! that conversation".

use notify_rust::{Hint, Notification, Timeout, Urgency};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use super::policy::DesktopNotification;
use crate::events::{self, OpenConversationRequest};

/// The action a click on the notification body reports.
const CLICK: &str = "default";
/// The name the deb bundle installs the desktop entry and icon under
/// (`mainBinaryName` in `tauri.conf.json`).
const DESKTOP_NAME: &str = "switchboard";

/// Sends the notification, then waits (on a blocking thread, as notify-rust
/// requires) for a click to focus the app. Returns once the daemon accepted
/// the notification; the wait goes on in the background.
pub async fn show<R: Runtime>(
    app: &AppHandle<R>,
    notification: &DesktopNotification,
) -> Result<u32, notify_rust::error::Error> {
    let mut builder = Notification::new();
    builder
        .appname("Switchboard")
        .summary(&notification.summary)
        .body(&notification.body)
        .icon(DESKTOP_NAME)
        .action(CLICK, "Open")
        .hint(Hint::Category("im.received".into()))
        .hint(Hint::DesktopEntry(DESKTOP_NAME.into()))
        .urgency(Urgency::Normal)
        .timeout(Timeout::Default);
    if notification.sound {
        builder.hint(Hint::SoundName("message-new-instant".into()));
    } else {
        builder.hint(Hint::SuppressSound(true));
    }
    let handle = builder.show_async().await?;
    let id = handle.id();
    let app = app.clone();
    let opens = notification.opens;
    tauri::async_runtime::spawn_blocking(move || {
        handle.wait_for_action(|action| {
            if action == CLICK {
                bring_to_front(&app, opens);
            }
        });
    });
    Ok(id)
}

/// Unminimizes, shows and focuses the main window, then asks the page to
/// open the conversation (if the notification was about one).
pub fn bring_to_front<R: Runtime>(app: &AppHandle<R>, conversation: Option<i64>) {
    if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
        // Each step may fail on some window managers; the next still helps.
        if let Err(error) = window.unminimize() {
            tracing::debug!(?error, "unminimize failed");
        }
        if let Err(error) = window.show() {
            tracing::debug!(?error, "show failed");
        }
        if let Err(error) = window.set_focus() {
            tracing::debug!(?error, "focus failed");
        }
    }
    if let Some(id) = conversation {
        if let Err(error) = app.emit(events::OPEN_CONVERSATION, OpenConversationRequest { id }) {
            tracing::warn!(?error, "could not ask the page to open conversation {id}");
        }
    }
}
