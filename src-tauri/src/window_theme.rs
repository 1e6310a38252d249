//! The window's own colours (title bar, native controls) as the theme
//! setting wants them. The page picks its colours itself from the same
//! setting (`ui/src/lib/theme.ts`).
//!
//! On Linux the scheme is GTK's "prefer dark" flag, app-wide: it draws the
//! title bar and is what WebKitGTK reports to the page as
//! `prefers-color-scheme`. tao sets it from the desktop's portal
//! (`org.freedesktop.appearance` `color-scheme`) when the window is made
//! and whenever the desktop's choice changes, so "System" needs nothing at
//! start.

use tauri::{Runtime, WebviewWindow};

use crate::app_settings::Theme;

/// Applies a theme chosen at start (the desktop's needs nothing), and
/// returns the scheme the page will show: "light" or "dark".
pub fn at_start<R: Runtime>(window: &WebviewWindow<R>, theme: Theme) -> &'static str {
    let scheme = match theme {
        Theme::Light => tauri::Theme::Light,
        Theme::Dark => tauri::Theme::Dark,
        // GTK's flag, which WebKitGTK reports as `prefers-color-scheme`.
        Theme::System => window.theme().unwrap_or(tauri::Theme::Light),
    };
    if theme != Theme::System {
        show(window, theme);
    }
    match scheme {
        tauri::Theme::Dark => "dark",
        _ => "light",
    }
}

/// Applies a theme the user just chose.
pub fn show<R: Runtime>(window: &WebviewWindow<R>, theme: Theme) {
    let applied = match theme {
        Theme::Light => window.set_theme(Some(tauri::Theme::Light)),
        Theme::Dark => window.set_theme(Some(tauri::Theme::Dark)),
        // Clearing the app's choice turns GTK's flag off whatever the
        // desktop wants; the desktop's choice, read back, puts it right.
        Theme::System => window
            .set_theme(None)
            .and_then(|()| window.theme())
            .and_then(|desktop| window.set_theme(Some(desktop))),
    };
    if let Err(error) = applied {
        // The page still shows the chosen colours: only the frame differs.
        tracing::warn!(%error, ?theme, "could not set the window's colour scheme");
    }
}
