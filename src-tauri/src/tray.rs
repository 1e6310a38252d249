//! The tray icon: how many customers wait (label, tooltip, a distinct icon
//! while anyone waits) and a menu to open the window, pause notifications
//! or quit, in the app's language (relabelled when it changes).

use switchboard_i18n::Localizer;
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

use crate::notifications::desktop::bring_to_front;

const TRAY_ID: &str = "main";
const IDLE_ICON: &[u8] = include_bytes!("../../icons/tray-idle.png");
const WAITING_ICON: &[u8] = include_bytes!("../../icons/tray-waiting.png");

/// What the tray needs to update itself later.
struct TrayParts<R: Runtime> {
    tray: TrayIcon<R>,
    waiting_item: MenuItem<R>,
    open_item: MenuItem<R>,
    pause_item: CheckMenuItem<R>,
    quit_item: MenuItem<R>,
}

/// Creates the tray icon and its menu. `on_pause` is called with the new
/// state when "Pause notifications" is ticked or unticked.
pub fn create<R: Runtime>(
    app: &AppHandle<R>,
    text: &Localizer,
    on_pause: impl Fn(&AppHandle<R>, bool) + Send + Sync + 'static,
) -> tauri::Result<()> {
    let idle = waiting_label(0, text);
    let waiting_item = MenuItem::with_id(app, "waiting", &idle, false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", text.text("tray-open", &[]), true, None::<&str>)?;
    let pause = CheckMenuItem::with_id(
        app,
        "pause",
        text.text("tray-pause", &[]),
        true,
        false,
        None::<&str>,
    )?;
    let quit = MenuItem::with_id(app, "quit", text.text("tray-quit", &[]), true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&waiting_item, &separator, &open, &pause, &quit])?;
    let tray = TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(IDLE_ICON)?)
        .tooltip(&idle)
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(move |app, event| match event.id().as_ref() {
            "open" => bring_to_front(app, None),
            "pause" => {
                let paused = app
                    .try_state::<TrayParts<R>>()
                    .and_then(|parts| parts.pause_item.is_checked().ok())
                    .unwrap_or(false);
                on_pause(app, paused);
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .build(app)?;
    app.manage(TrayParts {
        tray,
        waiting_item,
        open_item: open,
        pause_item: pause,
        quit_item: quit,
    });
    Ok(())
}

/// Whether the tray icon was made (not in tests, nor when the desktop
/// refused it): a hidden window can come back from it.
pub fn exists<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<TrayParts<R>>().is_some()
}

/// Shows the count in the menu, tooltip and label, and switches the icon.
pub fn show_waiting<R: Runtime>(app: &AppHandle<R>, count: u32, text: &Localizer) {
    let Some(parts) = app.try_state::<TrayParts<R>>() else {
        return; // no tray (tests, or the desktop has none)
    };
    let label = waiting_label(count, text);
    let icon = if count > 0 { WAITING_ICON } else { IDLE_ICON };
    let result = (|| -> tauri::Result<()> {
        parts.waiting_item.set_text(&label)?;
        parts.tray.set_tooltip(Some(&label))?;
        // The label next to the icon (shown by AppIndicator hosts).
        parts
            .tray
            .set_title((count > 0).then(|| count.to_string()).as_deref())?;
        parts.tray.set_icon(Some(Image::from_bytes(icon)?))
    })();
    if let Err(error) = result {
        tracing::warn!(?error, "could not update the tray");
    }
}

/// Relabels the menu in a newly chosen language (the waiting line comes
/// with [`show_waiting`]).
pub fn show_language<R: Runtime>(app: &AppHandle<R>, text: &Localizer) {
    let Some(parts) = app.try_state::<TrayParts<R>>() else {
        return;
    };
    let result = (|| -> tauri::Result<()> {
        parts.open_item.set_text(text.text("tray-open", &[]))?;
        parts.pause_item.set_text(text.text("tray-pause", &[]))?;
        parts.quit_item.set_text(text.text("tray-quit", &[]))
    })();
    if let Err(error) = result {
        tracing::warn!(?error, "could not relabel the tray");
    }
}

/// Ticks or unticks "Pause notifications" (when the page paused or resumed).
pub fn show_paused<R: Runtime>(app: &AppHandle<R>, paused: bool) {
    let Some(parts) = app.try_state::<TrayParts<R>>() else {
        return;
    };
    if let Err(error) = parts.pause_item.set_checked(paused) {
        tracing::warn!(?error, "could not update the tray's pause item");
    }
}

/// The tray menu's first line, and its tooltip.
pub fn waiting_label(count: u32, text: &Localizer) -> String {
    text.text("tray-waiting", &[("count", count.into())])
}
