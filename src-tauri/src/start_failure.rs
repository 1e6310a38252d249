//! A start that cannot go on says why, in a window.
//!
//! Tauri panics when the setup hook fails: from the applications menu that
//! is an app that never appears and says nothing. The installed app's setup
//! failures (a cache from a newer Switchboard, a read-only or full disk, a
//! data folder it cannot make) come here instead: the reason goes to the log
//! and stderr and into a native error dialog, in the desktop's language,
//! and the app exits with status 1 once it is closed. Tests of the setup
//! keep Tauri's behaviour (`Options::start_failure_dialog` off).

use switchboard_i18n::{system_language, Localizer};
use tauri::{AppHandle, Manager, Runtime};

/// Reports `error` (log, stderr, a dialog) and exits with status 1.
pub fn report_and_exit<R: Runtime>(app: &AppHandle<R>, error: &anyhow::Error) -> ! {
    // `{:#}`: the whole chain, "opening the local cache: the local
    // database has schema version 17, newer than…".
    let reason = format!("{error:#}");
    tracing::error!(%reason, "the app failed to start");
    eprintln!("switchboard: failed to start: {reason}");
    // The main window may be made already (it is made while the cache
    // opens): a page without its shell would only show an internal error.
    for window in app.webview_windows().values() {
        let _ = window.hide();
    }
    let title = Localizer::get(system_language()).text("app-start-failed", &[]);
    show(&title, &reason);
    std::process::exit(1);
}

/// A modal error dialog, until closed. GTK is running: setup is called from
/// the event loop's first turn, on the main thread.
#[cfg(target_os = "linux")]
fn show(title: &str, reason: &str) {
    use gtk::prelude::*;
    let dialog = gtk::MessageDialog::new(
        None::<&gtk::Window>,
        gtk::DialogFlags::MODAL,
        gtk::MessageType::Error,
        gtk::ButtonsType::Close,
        title,
    );
    dialog.set_title(title);
    dialog.set_position(gtk::WindowPosition::Center);
    dialog.set_secondary_text(Some(&sentence(reason)));
    dialog.run();
    dialog.close();
}

#[cfg(not(target_os = "linux"))]
fn show(_title: &str, _reason: &str) {}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
/// The reason as a sentence: its first letter upper case ("Opening the
/// local cache: …").
fn sentence(reason: &str) -> String {
    let mut chars = reason.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_reason_reads_as_a_sentence() {
        assert_eq!(
            super::sentence("opening the local cache: the disk is full"),
            "Opening the local cache: the disk is full"
        );
        assert_eq!(super::sentence("élan"), "Élan");
        assert_eq!(super::sentence(""), "");
    }
}
