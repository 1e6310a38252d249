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
use crate::first_screen;
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
    Filled {
        first: FirstList,
        /// Whether the sync was still filling the cache as it was read.
        read_while_filling: bool,
    },
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
        // Before the list: a sync that ends after this read leaves the
        // list older than the status the document is served with.
        let read_while_filling = fills_the_cache(&shell.sync_status());
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
                    *slot = Slot::Filled {
                        first,
                        read_while_filling,
                    };
                }
            }
            Err(error) => tracing::debug!(?error, "no first list for the document"),
        }
    }

    /// The list for a document served with `status` (if the shell has
    /// one), if it was read in time and still agrees with it; the slot is
    /// closed from now on.
    fn take(&self, status: Option<&SyncStatus>) -> Option<FirstList> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match std::mem::replace(&mut *slot, Slot::Closed) {
            Slot::Filled {
                first,
                read_while_filling,
            } => status.and_then(|status| agrees_with(first, read_while_filling, status)),
            Slot::Open | Slot::Closed => None,
        }
    }
}

/// Whether the sync is still bringing in the first conversations: the
/// page's list then says it is syncing instead of "no conversations".
fn fills_the_cache(status: &SyncStatus) -> bool {
    matches!(
        status,
        SyncStatus::Connecting | SyncStatus::Bootstrapping { .. }
    )
}

/// `first`, unless it is an empty list read while the first sync filled
/// the cache and `status` says that sync is over: served together, the
/// page would claim there are no conversations (and offer its start focus
/// to the search field) while the cache holds them. The page then reads
/// the list itself, as it is now.
fn agrees_with(
    first: FirstList,
    read_while_filling: bool,
    status: &SyncStatus,
) -> Option<FirstList> {
    let outdated = read_while_filling && first.page.rows.is_empty() && !fills_the_cache(status);
    (!outdated).then_some(first)
}

impl Boot {
    /// The shell's state now; `None` until the launch's session is resumed
    /// (the page then asks, as it always can).
    pub fn read<R: Runtime>(app: &AppHandle<R>) -> Option<Boot> {
        let shell = app.try_state::<Shell>();
        let status = shell.as_ref().map(|shell| shell.sync_status());
        // Taken whether or not it is used: the document is served now.
        let first_list = app
            .try_state::<FirstListSlot>()
            .and_then(|slot| slot.take(status.as_ref()));
        let shell = shell?;
        if !shell.sessions.is_resumed() {
            return None;
        }
        Some(Boot {
            session: shell.session(),
            status: status?,
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

/// The colour scheme the window starts in ("light" or "dark"), which the
/// page will also choose: the first screen is drawn in it.
pub struct StartScheme(pub &'static str);

/// `html` as served with `boot`: with its data block, and with the first
/// screen (see `first_screen.rs`) when there is a list to draw and the
/// colours it will be drawn in are known.
pub fn served_document(html: &str, boot: &Boot, scheme: Option<&'static str>) -> Option<String> {
    let with_state = with_boot(html, boot)?;
    let screen = scheme
        .zip(boot.first_list.as_ref())
        .and_then(|(scheme, first)| {
            let screen = first_screen::render(&boot.session, first, &boot.language)?;
            with_first_screen(&with_state, &screen, &boot.language, scheme)
        });
    Some(screen.unwrap_or(with_state))
}

/// `html` with `screen` in the page's root element, drawn in `scheme`, and
/// the page's script tag swapped for `/first-screen.js`, which adds it
/// once the screen's frame is under way (`ui/public/first-screen.js`);
/// `None` if the document is not shaped as the build writes it.
fn with_first_screen(html: &str, screen: &str, language: &str, scheme: &str) -> Option<String> {
    const ROOT: &str = r#"<div id="app"></div>"#;
    // As Tauri writes the build's tag back: `<script type="module"
    // crossorigin="" src="/assets/index-….js"></script>`.
    let script_at = html.find(r#"<script type="module""#)?;
    let script_len = html[script_at..].find("</script>")? + "</script>".len();
    let script = &html[script_at..script_at + script_len];
    let src_at = script.find(r#" src=""#)? + r#" src=""#.len();
    let src = &script[src_at..src_at + script[src_at..].find('"')?];
    // The module is fetched meanwhile; it runs once added.
    let loader = format!(
        r#"<link rel="modulepreload" crossorigin href="{src}"><script defer src="/first-screen.js" data-module="{src}"></script>"#
    );
    let html_tag_end = html.find("<html")? + "<html".len();
    let (head, rest) = html.split_at(html_tag_end);
    let rest = rest.trim_start_matches(r#" lang="en""#);
    let document = format!(r#"{head} lang="{language}" data-theme="{scheme}"{rest}"#)
        .replacen(script, &loader, 1);
    document
        .contains(ROOT)
        .then(|| document.replacen(ROOT, &format!(r#"<div id="app">{screen}</div>"#), 1))
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
        let app = self.app.get();
        let boot = app.and_then(Boot::read);
        let scheme = app.and_then(|app| app.try_state::<StartScheme>().map(|s| s.0));
        let served = boot.and_then(|boot| {
            let html = std::str::from_utf8(&asset).ok()?;
            served_document(html, &boot, scheme)
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

    /// A first list of `rows` open conversations.
    fn first_list(rows: i64) -> FirstList {
        let row = |id| crate::first_screen::tests::row(id, &format!("Contact {id}"));
        let all = u32::try_from(rows).unwrap();
        FirstList {
            query: ListQuery {
                filter: Filter::All,
                selected: None,
                after: None,
                limit: FIRST_LIST_ROWS,
            },
            page: ConversationPage {
                rows: (1..=rows).rev().map(row).collect(),
                next: None,
            },
            counts: FilterCounts {
                all,
                open: all,
                closed: 0,
                transferred: 0,
                mine: 0,
            },
        }
    }

    #[test]
    fn an_empty_list_read_during_the_first_sync_is_not_served_once_it_is_over() {
        let live = SyncStatus::Live;
        assert_eq!(
            agrees_with(first_list(0), true, &live),
            None,
            "served with a finished sync, it would say there are no conversations"
        );
        let still = SyncStatus::Bootstrapping {
            pages_done: 1,
            conversations_done: 0,
            total: None,
        };
        assert!(
            agrees_with(first_list(0), true, &still).is_some(),
            "the sync still fills the cache: the page says so over the empty list"
        );
        assert!(
            agrees_with(first_list(0), false, &live).is_some(),
            "read after the sync: the cache is empty indeed"
        );
        assert!(
            agrees_with(first_list(2), true, &live).is_some(),
            "rows read during the sync are shown, then read again after the first paint"
        );
    }

    /// The build's document as Tauri serves it (it writes the tags back).
    const BUILT: &str = r#"<!DOCTYPE html><html lang="en"><head>
    <title>Switchboard</title>
    <script type="module" crossorigin="" src="/assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin="" href="/assets/index-def.css">
  </head>
  <body>
    <div id="app"></div>
</body></html>"#;

    #[test]
    fn the_first_screen_is_served_in_the_root_and_the_page_script_waits_for_its_frame() {
        let boot = Boot {
            first_list: Some(first_list(3)),
            ..boot("Ana")
        };
        let served = served_document(BUILT, &boot, Some("dark")).unwrap();
        assert!(
            served.contains(r#"<html lang="pt-BR" data-theme="dark"><head>"#),
            "{served}"
        );
        let root = served
            .find(r#"<div id="app"><div class="first-screen""#)
            .unwrap();
        assert!(served[root..].contains("Contact 3"));
        assert!(
            !served.contains(r#"<script type="module""#),
            "the page's script is added by the loader"
        );
        assert!(served.contains(
            r#"<script defer src="/first-screen.js" data-module="/assets/index-abc.js"></script>"#
        ));
        assert!(served
            .contains(r#"<link rel="modulepreload" crossorigin href="/assets/index-abc.js">"#));
        assert!(served.contains(r#"<script type="application/json" id="boot">"#));
        assert!(served
            .contains(r#"<link rel="stylesheet" crossorigin="" href="/assets/index-def.css">"#));
    }

    #[test]
    fn without_a_list_or_its_colours_the_page_draws_the_first_screen() {
        let with_list = Boot {
            first_list: Some(first_list(3)),
            ..boot("Ana")
        };
        let as_built = |served: String| {
            assert!(!served.contains("first-screen"), "{served}");
            assert!(served.contains(
                r#"<script type="module" crossorigin="" src="/assets/index-abc.js"></script>"#
            ));
            assert!(served.contains(r#"<html lang="en"><head>"#));
        };
        as_built(served_document(BUILT, &with_list, None).unwrap());
        as_built(served_document(BUILT, &boot("Ana"), Some("light")).unwrap());
        let empty = Boot {
            first_list: Some(first_list(0)),
            ..boot("Ana")
        };
        as_built(served_document(BUILT, &empty, Some("light")).unwrap());
        let reshaped = BUILT.replace(r#"<div id="app"></div>"#, r#"<main id="app"></main>"#);
        let served = served_document(&reshaped, &with_list, Some("light")).unwrap();
        assert!(!served.contains("first-screen") && served.contains(r#"<script type="module""#));
    }

    #[test]
    fn a_document_without_a_head_is_served_as_it_is() {
        assert_eq!(with_boot("<p>no head</p>", &boot("Ana")), None);
    }
}
