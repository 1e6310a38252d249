//! Starting at login, the freedesktop way: an XDG autostart entry whose
//! `Exec` runs this executable, written and removed by the official
//! autostart plugin (on Linux: `$HOME/.config/autostart/Switchboard.desktop`,
//! named after the product).
//!
//! The plugin is registered only when [`Options::autostart`](crate::Options)
//! is set: tests of the setup run with it off, since they must never touch
//! the user's files. Without it the entry reads as absent and cannot be set.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::AutoLaunchManager;

use crate::error::IpcError;

/// The plugin, with the entry named after the product (the default).
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_autostart::Builder::new().build()
}

/// Whether the desktop starts the app at login.
pub fn is_on<R: Runtime>(app: &AppHandle<R>) -> Result<bool, IpcError> {
    match app.try_state::<AutoLaunchManager>() {
        Some(entry) => entry.is_enabled().map_err(failed),
        None => Ok(false),
    }
}

/// Writes the entry, or removes it.
pub fn set<R: Runtime>(app: &AppHandle<R>, on: bool) -> Result<(), IpcError> {
    let entry = app
        .try_state::<AutoLaunchManager>()
        .ok_or_else(|| IpcError::internal("starting at login is not available here"))?;
    let done = if on { entry.enable() } else { entry.disable() };
    done.map_err(failed)?;
    tracing::info!(on, "start at login");
    Ok(())
}

fn failed(error: tauri_plugin_autostart::Error) -> IpcError {
    IpcError::internal(format!("the login entry: {error}"))
}
