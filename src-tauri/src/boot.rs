//! What the page needs for its first screen, written into its document as
//! the document is served: who is signed in, the sync's status, the
//! language, the theme and the list's first page (read from the cache as
//! soon as the session is resumed, while the window is still being made).
//! The page builds that screen with it at once instead of asking and
//! waiting ~10 ms for the answers while its thread is busy starting; it
//! still asks afterwards, and events it hears meanwhile win, so a change
//! between serving and listening is not lost.
//!
//! The state goes in as a JSON data block (`<script type="application/json">`),
//! which is never run, so the page's script policy is untouched. Every
//! `<`, `>` and `&` in it is escaped, so no text in it (a user's name comes
//! from the server) can close the block or open markup.

use std::borrow::Cow;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use switchboard_store::{ConversationPage, Filter, FilterCounts, ListQuery};
use switchboard_sync::SyncStatus;
use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{App, AppHandle, Assets, Manager, Runtime};
use ts_rs::TS;

use crate::app_settings::Theme;
use crate::models::Session;
use crate::shell::Shell;

/// The id of the data block in the document.
pub const BOOT_ELEMENT_ID: &str = "boot";

/// The state a document is served with.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Boot {
    pub session: Session,
    pub status: SyncStatus,
    /// The shell's language (the user's choice or the system's).
    pub language: String,
    pub theme: Theme,
    /// The list's first page, when it was read in time; taken by the first
    /// document served (a reload asks, as it is no longer new).
    pub first_list: Option<FirstList>,
}

/// The list's first page with the filters' counts, and the question read.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FirstList {
    pub query: ListQuery,
    pub page: ConversationPage,
    pub counts: FilterCounts,
}

/// Rows in the list's first page: the page's `LIST_PAGE`. Another number
/// is not wrong, only slower: the page then asks for its own.
pub const FIRST_LIST_ROWS: u32 = 100;

/// The first list read for the document still to be served.
#[derive(Default)]
pub struct FirstListSlot(Mutex<Slot>);

#[derive(Default)]
enum Slot {
    /// No document served yet.
    #[default]
    Open,
    Filled(FirstList),
    /// A document was served: a list read later would only be held.
    Closed,
}

impl FirstListSlot {
    /// Reads the first page of the list for the document, once the
    /// launch's session is resumed and signed in (the cache is then the
    /// session's).
    pub async fn fill<R: Runtime>(app: &AppHandle<R>) {
        let shell = app.state::<Shell>();
        if shell.sync().is_none() {
            return;
        }
        let query = ListQuery {
            filter: Filter::All,
            selected: None,
            after: None,
            limit: FIRST_LIST_ROWS,
        };
        let read = shell
            .read(move |store| {
                let page = store.list_conversations(&query)?;
                Ok(FirstList {
                    query,
                    page,
                    counts: store.filter_counts()?,
                })
            })
            .await;
        match read {
            Ok(first) => {
                let slot = app.state::<FirstListSlot>();
                let mut slot = slot.0.lock().unwrap_or_else(|p| p.into_inner());
                if matches!(*slot, Slot::Open) {
                    *slot = Slot::Filled(first);
                }
            }
            Err(error) => tracing::debug!(?error, "no first list for the document"),
        }
    }

    /// The list for the document being served, if it was read in time;
    /// the slot is closed from now on.
    fn take(&self) -> Option<FirstList> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match std::mem::replace(&mut *slot, Slot::Closed) {
            Slot::Filled(first) => Some(first),
            Slot::Open | Slot::Closed => None,
        }
    }
}

impl Boot {
    /// The shell's state now; `None` until the launch's session is resumed
    /// (the page then asks, as it always can).
    pub fn read<R: Runtime>(app: &AppHandle<R>) -> Option<Boot> {
        // Taken whether or not it is used: the document is served now.
        let first_list = app
            .try_state::<FirstListSlot>()
            .and_then(|slot| slot.take());
        let shell = app.try_state::<Shell>()?;
        if !shell.sessions.is_resumed() {
            return None;
        }
        Some(Boot {
            session: shell.session(),
            status: shell.sync_status(),
            language: shell.localizer().language().to_owned(),
            theme: shell.stored_app_settings().theme,
            first_list,
        })
    }
}

/// `html` with `boot` as a data block at the end of its head; `None` if it
/// has no head (it is then served as it is).
pub fn with_boot(html: &str, boot: &Boot) -> Option<String> {
    let json = serde_json::to_string(boot).ok()?;
    let head_end = html.find("</head>")?;
    let mut out = String::with_capacity(html.len() + json.len() + 64);
    out.push_str(&html[..head_end]);
    out.push_str(r#"<script type="application/json" id=""#);
    out.push_str(BOOT_ELEMENT_ID);
    out.push_str(r#"">"#);
    for c in json.chars() {
        // Valid JSON escapes, inside strings (the only place they occur).
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out.push_str("</script>");
    out.push_str(&html[head_end..]);
    Some(out)
}

/// The app's assets, with the page's document served with [`Boot`].
pub struct BootAssets<R: Runtime> {
    inner: Box<dyn Assets<R>>,
    app: OnceLock<AppHandle<R>>,
}

impl<R: Runtime> BootAssets<R> {
    /// Wraps the assets of `context`.
    pub fn install(context: &mut tauri::Context<R>) {
        let inner = context.set_assets(Box::new(NoAssets));
        context.set_assets(Box::new(BootAssets {
            inner,
            app: OnceLock::new(),
        }));
    }
}

impl<R: Runtime> Assets<R> for BootAssets<R> {
    fn setup(&self, app: &App<R>) {
        self.inner.setup(app);
        let _ = self.app.set(app.handle().clone());
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let asset = self.inner.get(key)?;
        if key.as_ref().trim_start_matches('/') != "index.html" {
            return Some(asset);
        }
        let boot = self.app.get().and_then(Boot::read);
        let served = boot.and_then(|boot| {
            let html = std::str::from_utf8(&asset).ok()?;
            with_boot(html, &boot)
        });
        crate::startup::phase("document served");
        Some(served.map_or(asset, |html| Cow::Owned(html.into_bytes())))
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.inner.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.inner.csp_hashes(html_path)
    }
}

/// Held by the context for the moment [`BootAssets::install`] swaps.
struct NoAssets;

impl<R: Runtime> Assets<R> for NoAssets {
    fn get(&self, _: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{Me, Role};

    fn boot(name: &str) -> Boot {
        Boot {
            session: Session::SignedIn {
                me: Me {
                    id: 1,
                    name: name.to_owned(),
                    role: Role::Manager,
                },
                base_url: "http://127.0.0.1:8080".to_owned(),
                demo: false,
                chatwoot_account: None,
            },
            status: SyncStatus::Live,
            language: "pt-BR".to_owned(),
            theme: Theme::Dark,
            first_list: None,
        }
    }

    #[test]
    fn the_state_goes_at_the_end_of_the_head_and_reads_back() {
        let html = "<html><head><title>x</title></head><body></body></html>";
        let served = with_boot(html, &boot("Ana")).unwrap();
        let start = served
            .find(r#"<script type="application/json" id="boot">"#)
            .unwrap();
        assert!(start > served.find("<title>").unwrap());
        let json_start = served[start..].find('>').unwrap() + start + 1;
        let json_end = served[json_start..].find("</script>").unwrap() + json_start;
        let value: serde_json::Value = serde_json::from_str(&served[json_start..json_end]).unwrap();
        assert_eq!(value["session"]["me"]["name"], "Ana");
        assert_eq!(value["status"]["kind"], "live");
        assert_eq!(value["language"], "pt-BR");
        assert!(served.ends_with("</head><body></body></html>"));
    }

    #[test]
    fn text_from_the_server_cannot_close_the_block_or_open_markup() {
        let name = r#"</script><script>alert(1)</script><!-- & "x""#;
        let served = with_boot("<head></head>", &boot(name)).unwrap();
        assert_eq!(served.matches("</script>").count(), 1, "{served}");
        assert!(!served.contains("<script>alert"));
        assert!(!served.contains("<!--"));
        let json_start = served.find('{').unwrap();
        let json_end = served.rfind("</script>").unwrap();
        let value: serde_json::Value = serde_json::from_str(&served[json_start..json_end]).unwrap();
        assert_eq!(value["session"]["me"]["name"], name, "read back unchanged");
    }

    #[test]
    fn a_document_without_a_head_is_served_as_it_is() {
        assert_eq!(with_boot("<p>no head</p>", &boot("Ana")), None);
    }
}
