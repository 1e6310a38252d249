//! Running in the background: closing the window hides it while the app
//! keeps syncing and alerting from the tray (the rule is
//! [`app_settings::closing`]); the first time, one desktop notification
//! says so and how to quit. Quitting is the tray's "Quit" or Ctrl+Q in the
//! window (the `quit` command); a notification's click or the tray's
//! "Open" brings the window back (`bring_to_front`).

use switchboard_i18n::Localizer;
use tauri::{CloseRequestApi, Manager, Runtime, WebviewWindow};

use crate::app_settings::{self, Closing};
use crate::notifications::desktop;
use crate::notifications::policy::DesktopNotification;
use crate::shell::Shell;

/// Decides what the window's close button does; called on the main thread
/// for `WindowEvent::CloseRequested`. Before the app's state exists (the
/// setup still runs) the window closes as usual.
pub fn on_close_requested<R: Runtime>(window: &WebviewWindow<R>, api: &CloseRequestApi) {
    let app = window.app_handle();
    let Some(shell) = app.try_state::<Shell>() else {
        return;
    };
    match app_settings::closing(&shell.stored_app_settings(), crate::tray::exists(app)) {
        Closing::Quit => tracing::info!("window closed: quitting"),
        Closing::Hide { tell } => {
            api.prevent_close();
            if let Err(error) = window.hide() {
                tracing::warn!(?error, "could not hide the window");
            }
            tracing::info!("window hidden: running in the background");
            if tell {
                tauri::async_runtime::spawn(tell_keeps_running(app.clone()));
            }
        }
    }
}

/// The one-time notice, through the same path as transfer notifications
/// (its click brings the window back). Remembered only once the daemon
/// took it: a desktop without one is told at a later close.
async fn tell_keeps_running<R: Runtime>(app: tauri::AppHandle<R>) {
    let text = app
        .state::<Shell>()
        .stored_app_settings()
        .language
        .localizer();
    match desktop::show(&app, &keeps_running_notice(text), text).await {
        Ok(id) => {
            tracing::info!(id, "told that the app keeps running");
            app.state::<Shell>().remember_told_keeps_running().await;
        }
        Err(error) => tracing::warn!(%error, "could not tell that the app keeps running"),
    }
}

fn keeps_running_notice(text: &Localizer) -> DesktopNotification {
    DesktopNotification {
        summary: text.text("notify-keeps-running-summary", &[]),
        // No markup characters: the body is shown as is.
        body: text.text("notify-keeps-running-body", &[]),
        opens: None,
        sound: false,
    }
}
