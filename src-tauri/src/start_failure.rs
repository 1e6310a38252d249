//! A start that cannot go on says why, in a window.
//!
//! Tauri panics when the setup hook fails: from the applications menu that
//! is an app that never appears and says nothing. The installed app's setup
//! failures (a cache from a newer Switchboard, a read-only or full disk, a
//! data folder it cannot make) come here instead: the reason goes to the log
//! and stderr and into a native error dialog, in the desktop's language,
//! and the app exits with status 1 once it is closed. Tests of the setup
//! keep Tauri's behaviour (`Options::start_failure_dialog` off).

use std::io::ErrorKind;

use switchboard_i18n::{system_language, FluentValue, Localizer};
use switchboard_store::StoreError;
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
    let text = Localizer::get(system_language());
    show(
        &text.text("app-start-failed", &[]),
        &explanation(text, error, &reason),
    );
    std::process::exit(1);
}

/// What the dialog says: what happened and what to do, in the desktop's
/// language, for the failures a person can act on (a cache from a newer
/// Switchboard, a full disk, a folder that cannot be written), then the
/// reason itself, in English, for a bug report.
fn explanation(text: &Localizer, error: &anyhow::Error, reason: &str) -> String {
    let store = error.chain().find_map(|c| c.downcast_ref::<StoreError>());
    let io = error
        .chain()
        .find_map(|c| c.downcast_ref::<std::io::Error>());
    let id = match (store, io.map(std::io::Error::kind)) {
        (Some(StoreError::NewerSchema { .. }), _) => "start-failed-newer-schema",
        (Some(StoreError::DiskFull), _) | (_, Some(ErrorKind::StorageFull)) => {
            "start-failed-disk-full"
        }
        (Some(StoreError::ReadOnly), _)
        | (_, Some(ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)) => {
            "start-failed-read-only"
        }
        _ => "start-failed-other",
    };
    let detail = text.text(
        "start-failed-details",
        &[("detail", FluentValue::from(sentence(reason)))],
    );
    format!("{}\n\n{detail}", text.text(id, &[]))
}

/// A modal error dialog, until closed. GTK is running: setup is called from
/// the event loop's first turn, on the main thread.
#[cfg(target_os = "linux")]
fn show(title: &str, body: &str) {
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
    dialog.set_secondary_text(Some(body));
    dialog.run();
    dialog.close();
}

#[cfg(not(target_os = "linux"))]
fn show(_title: &str, _body: &str) {}

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
    use super::*;

    #[test]
    fn the_dialog_says_what_to_do_in_the_language_then_the_reason() {
        let pt = Localizer::get("pt-BR");
        let newer = anyhow::Error::new(StoreError::NewerSchema {
            found: 999,
            supported: 17,
        })
        .context("opening the local cache");
        let reason = format!("{newer:#}");
        let said = explanation(pt, &newer, &reason);
        assert!(
            said.starts_with(&pt.text("start-failed-newer-schema", &[])),
            "what happened and what to do, in Portuguese: {said}"
        );
        assert!(
            said.contains("Opening the local cache: the local database has schema version 999"),
            "then the reason, for a bug report: {said}"
        );

        let en = Localizer::get("en");
        let full = anyhow::Error::new(StoreError::DiskFull).context("opening the local cache");
        assert!(explanation(en, &full, "x").starts_with("The disk is full."));
        let folder = anyhow::Error::new(std::io::Error::from(ErrorKind::PermissionDenied))
            .context("making the data folder");
        assert!(
            explanation(en, &folder, "x").starts_with(&en.text("start-failed-read-only", &[])),
            "a folder that cannot be made is the same advice"
        );
        let other = anyhow::anyhow!("the tray could not be made");
        assert!(
            explanation(en, &other, "x").starts_with(&en.text("start-failed-other", &[])),
            "anything else: a plain sentence, then the reason"
        );
    }

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
