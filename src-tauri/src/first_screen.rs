//! The first screen, drawn by the shell into the document it serves: the
//! top bar, the list's first rows and the empty columns beside them, as
//! plain HTML the engine paints before the page's script runs. On a small
//! machine the page needs ~100 ms from its document to its own first
//! frame (its script, its mount, its first style and layout), against
//! ~30 ms for an empty page; with this screen the window shows the list in
//! about the empty page's time, and the page replaces the screen with its
//! own as it mounts (`ui/src/main.ts`), ~20 ms later than it would
//! otherwise have painted.
//!
//! Everything on it is what the page shows for the same [`FirstList`]:
//! names, previews, who handles a transfer, the Closed / Paused / Blocked
//! badges, the counts, and the catalogue's fixed texts. What the page
//! reads from the clock or the connection (times, how long a customer has
//! waited, snoozes, sending) or apart from the list (the sync's status,
//! the waiting count) is left out rather than guessed: the screen may say
//! less than the page, never something else. Its markup uses the page's
//! class names inside `.first-screen`, and each component styles its own
//! part of it next to its own rules, so the two look alike.
//!
//! The screen is a picture: `inert` and hidden from assistive technology,
//! as it goes away before anyone can use it. Customer text goes in
//! escaped, as text.

use std::fmt::Write;

use switchboard_i18n::Localizer;
use switchboard_protocol::{AssistantState, ConversationStatus};
use switchboard_store::ConversationRow;

use crate::boot::FirstList;
use crate::models::Session;
// `&`, `<` and `>` as entities: text that cannot open markup.
use crate::notifications::policy::escape_markup as escape;

/// Rows drawn at most: more than a tall window shows (the page's rows are
/// 66 px high). The page draws the rest as they scroll into view.
const ROWS: usize = 24;

/// Characters of a preview drawn at most: a row shows one line of it.
const PREVIEW_CHARS: usize = 200;

/// The screen for `first` in `language`, signed in as `session`; `None`
/// when there is no row to show (the page's own empty and loading states
/// say more than a picture could) or nobody is signed in.
pub fn render(session: &Session, first: &FirstList, language: &str) -> Option<String> {
    let Session::SignedIn {
        me,
        demo,
        base_url,
        chatwoot_account,
    } = session
    else {
        return None;
    };
    if first.page.rows.is_empty() {
        return None;
    }
    let l = Localizer::get(language);
    let t = |id: &str| escape(&l.text(id, &[]));
    let count = |n: u32| group_digits(n, l.language());
    let mut html = String::with_capacity(4096 + 400 * first.page.rows.len().min(ROWS));
    html.push_str(r#"<div class="first-screen" inert aria-hidden="true">"#);

    // The top bar: what Workspace.svelte shows before it has heard anything.
    html.push_str(r#"<header class="topbar"><h1 class="brand">Switchboard</h1>"#);
    if *demo {
        let _ = write!(html, r#"<span class="demo">{}</span>"#, t("app-demo"));
    }
    let _ = write!(
        html,
        r#"<nav class="views"><button type="button" class="view" aria-current="page">{}</button><button type="button" class="view">{}</button></nav>"#,
        t("app-view-conversations"),
        t("app-view-review"),
    );
    html.push_str(r#"<span class="spacer"></span><button type="button" class="icon">"#);
    html.push_str(SETTINGS_ICON);
    html.push_str(r#"</button><button type="button" class="icon">?</button>"#);
    if !*demo {
        let _ = write!(
            html,
            r#"<span class="server">{}</span>"#,
            escape(&server_label(l, base_url, *chatwoot_account))
        );
    }
    let _ = write!(
        html,
        r#"<span class="me">{}</span><button type="button" class="btn small">{}</button></header>"#,
        escape(&me.name),
        t("app-sign-out"),
    );

    // The list's column: ConversationList.svelte with nothing typed.
    let _ = write!(
        html,
        r#"<main class="columns"><section class="list-column"><div class="search"><input type="search" placeholder="{}" readonly><kbd class="search-hint">/</kbd></div><div class="filters">"#,
        t("conv-search-placeholder").replace('"', "&quot;"),
    );
    let counts = &first.counts;
    let chips = [
        ("conv-filter-all", counts.all, true),
        ("conv-filter-open", counts.open, false),
        ("conv-filter-closed", counts.closed, false),
        ("conv-filter-transferred", counts.transferred, false),
        // Nothing is selected at the start.
        ("conv-filter-selected", 0, false),
        ("conv-filter-mine", counts.mine, false),
    ];
    for (label, n, pressed) in chips {
        let transferred = label == "conv-filter-transferred" && n > 0;
        let _ = write!(
            html,
            r#"<button type="button" class="chip{}"{}>{}<span class="count">{}</span></button>"#,
            if transferred { " transferred" } else { "" },
            if pressed {
                r#" aria-pressed="true""#
            } else {
                ""
            },
            t(label),
            count(n),
        );
    }
    html.push_str(r#"</div><div class="rows">"#);
    for row in first.page.rows.iter().take(ROWS) {
        push_row(&mut html, row, l);
    }
    html.push_str("</div></section>");

    // Nothing open: the chat's and the contact's empty states.
    let _ = write!(
        html,
        r#"<div class="pane"><section class="chat-empty"><div class="empty"><strong>{}</strong>{}</div></section><aside class="contact-empty"><p>{}</p></aside></div></main></div>"#,
        t("app-no-conversation"),
        t("app-no-conversation-help"),
        t("app-contact-details-empty"),
    );
    Some(html)
}

/// Where the session works, as the top bar says it (`ui/src/lib/server.ts`):
/// the server's host, with the port unless it is the scheme's own, and the
/// Chatwoot account.
fn server_label(l: &Localizer, base_url: &str, chatwoot_account: Option<u64>) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_owned();
            Some(match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| base_url.to_owned());
    match chatwoot_account {
        None => l.text("app-server-switchboard", &[("host", host.into())]),
        Some(account) => l.text(
            "app-server-chatwoot",
            &[
                ("host", host.into()),
                ("account", account.to_string().into()),
            ],
        ),
    }
}

/// One row as ConversationListRow.svelte draws it, less the clock's parts.
fn push_row(html: &mut String, row: &ConversationRow, l: &Localizer) {
    let transferred = row.status == ConversationStatus::Transferred;
    let _ = write!(
        html,
        r#"<div class="row{}"><div class="line"><span class="name">{}</span>"#,
        if transferred { " transferred" } else { "" },
        escape(&row.contact_name),
    );
    if let Some(assignee) = &row.assignee {
        let (text, mine) = if row.assignee_is_me {
            (l.text("conv-handling-you", &[]), " mine")
        } else {
            let name = assignee.name.clone().into();
            (l.text("conv-handling-other", &[("name", name)]), "")
        };
        let _ = write!(
            html,
            r#"<span class="badge handler{mine}">{}</span>"#,
            escape(&text)
        );
    }
    let preview = row.preview.as_deref().unwrap_or("");
    let preview = match preview.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) => &preview[..end],
        None => preview,
    };
    let _ = write!(
        html,
        r#"</div><div class="line"><span class="preview">{}</span>"#,
        escape(preview)
    );
    if let Some((class, id)) = badge(row) {
        let _ = write!(
            html,
            r#"<span class="badge {class}">{}</span>"#,
            escape(&l.text(id, &[]))
        );
    }
    html.push_str("</div></div>");
}

/// The status badge of a row that does not depend on the clock: the row's
/// badges are one of, in this order, waiting, replied, closed, snoozed,
/// paused, blocked, and the clock's (waiting, replied, snoozed) stop the
/// search without a badge drawn.
fn badge(row: &ConversationRow) -> Option<(&'static str, &'static str)> {
    let transferred = row.status == ConversationStatus::Transferred;
    if transferred && (row.waiting_since.is_some() || row.replied_at.is_some()) {
        return None;
    }
    if row.status == ConversationStatus::Closed {
        return Some(("closed", "conv-badge-closed"));
    }
    if row.snooze.is_some() {
        return None;
    }
    match row.assistant_state {
        AssistantState::Paused => Some(("paused", "conv-badge-paused")),
        AssistantState::Blocked => Some(("blocked", "conv-badge-blocked")),
        AssistantState::Active => None,
    }
}

/// `n` as `Intl.NumberFormat` writes it in `language` (one of the app's):
/// groups of three, "," in English and "." in Spanish and Portuguese,
/// where Spanish leaves four-digit numbers whole.
fn group_digits(n: u32, language: &str) -> String {
    let digits = n.to_string();
    let (separator, min_len) = match language {
        "es" => ('.', 5),
        "pt-BR" => ('.', 4),
        _ => (',', 4),
    };
    if digits.len() < min_len {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// The top bar's settings icon, as Workspace.svelte draws it.
const SETTINGS_ICON: &str = r#"<svg viewBox="0 0 16 16" width="14" height="14"><path d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.7L2.2 11h11.6l-1.3-2.3V6A4.5 4.5 0 0 0 8 1.5zM6.2 12.5a1.8 1.8 0 0 0 3.6 0z" fill="currentColor"/></svg>"#;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use switchboard_protocol::{Assignee, Me, Role, Snooze};
    use switchboard_store::{ConversationPage, Filter, FilterCounts, ListQuery};

    const HOUR: i64 = 3_600_000;

    fn signed_in(demo: bool) -> Session {
        Session::SignedIn {
            me: Me {
                id: 1,
                name: "Ana".to_owned(),
                role: Role::Manager,
            },
            base_url: "http://127.0.0.1:8080".to_owned(),
            demo,
            chatwoot_account: None,
        }
    }

    /// An open conversation with the assistant on it, nothing pending.
    pub(crate) fn row(id: i64, name: &str) -> ConversationRow {
        ConversationRow {
            id,
            contact_id: id,
            contact_name: name.to_owned(),
            channel: "web".to_owned(),
            status: ConversationStatus::Open,
            assistant_state: AssistantState::Active,
            preview: Some(format!("preview of {name}")),
            last_activity_at: 10 * HOUR,
            transfer_reason: None,
            waiting_since: None,
            replied_by: None,
            replied_at: None,
            pending_writes: 0,
            assignee: None,
            assignee_is_me: false,
            snooze: None,
        }
    }

    fn list(rows: Vec<ConversationRow>, all: u32) -> FirstList {
        FirstList {
            query: ListQuery {
                filter: Filter::All,
                selected: None,
                after: None,
                limit: 100,
            },
            page: ConversationPage { rows, next: None },
            counts: FilterCounts {
                all,
                open: 3,
                closed: 1,
                transferred: 2,
                mine: 0,
            },
        }
    }

    /// The text of the row drawn for `name` (from its name to the row's end).
    fn row_html<'a>(html: &'a str, name: &str) -> &'a str {
        let start = html
            .find(&format!(r#"<span class="name">{name}</span>"#))
            .unwrap();
        let end = html[start..].find(r#"</div></div>"#).unwrap() + start;
        &html[start..end]
    }

    #[test]
    fn rows_say_what_the_page_says_and_leave_out_what_the_clock_says() {
        let closed = ConversationRow {
            status: ConversationStatus::Closed,
            ..row(1, "Closed Carla")
        };
        let paused = ConversationRow {
            assistant_state: AssistantState::Paused,
            ..row(2, "Paused Paulo")
        };
        let blocked = ConversationRow {
            assistant_state: AssistantState::Blocked,
            ..row(3, "Blocked Bruna")
        };
        let waiting = ConversationRow {
            status: ConversationStatus::Transferred,
            waiting_since: Some(8 * HOUR),
            assignee: Some(Assignee {
                id: 2,
                name: "Bea".to_owned(),
            }),
            // Paused by the transfer: the page shows how long it waits instead.
            assistant_state: AssistantState::Paused,
            ..row(4, "Waiting Wanda")
        };
        let mine = ConversationRow {
            status: ConversationStatus::Transferred,
            replied_at: Some(9 * HOUR),
            assignee: Some(Assignee {
                id: 1,
                name: "Ana".to_owned(),
            }),
            assignee_is_me: true,
            ..row(5, "Mine Marta")
        };
        let snoozed = ConversationRow {
            snooze: Some(Snooze { until: None }),
            assistant_state: AssistantState::Paused,
            ..row(6, "Snoozed Sara")
        };
        let rows = vec![closed, paused, blocked, waiting, mine, snoozed];
        let html = render(&signed_in(false), &list(rows, 6), "en").unwrap();

        assert!(
            row_html(&html, "Closed Carla").contains(r#"<span class="badge closed">Closed</span>"#)
        );
        assert!(
            row_html(&html, "Paused Paulo").contains(r#"<span class="badge paused">Paused</span>"#)
        );
        assert!(row_html(&html, "Blocked Bruna")
            .contains(r#"<span class="badge blocked">Blocked</span>"#));
        let wanda = row_html(&html, "Waiting Wanda");
        assert!(
            wanda.contains(r#"<span class="badge handler">Bea is handling this</span>"#),
            "{wanda}"
        );
        assert!(
            !wanda.contains("Paused"),
            "the page's badge here is the waiting time: {wanda}"
        );
        assert!(html.contains(
            r#"<div class="row transferred"><div class="line"><span class="name">Waiting Wanda"#
        ));
        let marta = row_html(&html, "Mine Marta");
        assert!(
            marta.contains(r#"<span class="badge handler mine">You are handling this</span>"#),
            "{marta}"
        );
        assert!(!marta.contains("replied"), "{marta}");
        let sara = row_html(&html, "Snoozed Sara");
        assert!(
            !sara.contains("badge"),
            "a snooze's text runs on the clock: {sara}"
        );
        assert!(sara.contains(r#"<span class="preview">preview of Snoozed Sara</span>"#));
        assert!(!html.contains("<time"), "no times: they run on the clock");
    }

    #[test]
    fn the_screen_has_the_top_bar_the_filters_and_the_empty_columns() {
        let html = render(&signed_in(true), &list(vec![row(1, "Rita")], 1234), "en").unwrap();
        assert!(html.starts_with(r#"<div class="first-screen" inert aria-hidden="true">"#));
        assert!(html.contains(r#"<span class="demo">Demo</span>"#));
        assert!(html.contains(r#"<span class="me">Ana</span>"#));
        assert!(html.contains(r#"placeholder="Search contacts and messages""#));
        assert!(
            html.contains(r#"aria-pressed="true">All<span class="count">1,234</span>"#),
            "{html}"
        );
        assert!(html.contains(r#"<button type="button" class="chip transferred">Transferred<span class="count">2</span>"#));
        assert!(html.contains(r#">Selected<span class="count">0</span>"#));
        assert!(html.contains("No conversation selected"));
        assert!(html.contains("The customer's details appear here."));
        assert!(
            !html.contains(r#"class="server""#),
            "the Demo badge says where"
        );
        let plain = render(&signed_in(false), &list(vec![row(1, "Rita")], 1), "en").unwrap();
        assert!(!plain.contains("demo"));
        assert!(
            plain.contains(
                r#"<span class="server">127.0.0.1:8080</span><span class="me">Ana</span>"#
            ),
            "{plain}"
        );
    }

    #[test]
    fn the_screen_speaks_the_users_language() {
        let html = render(
            &signed_in(false),
            &list(vec![row(1, "Rita")], 1234),
            "pt-BR",
        )
        .unwrap();
        assert!(html.contains(r#"placeholder="Buscar contatos e mensagens""#));
        assert!(
            html.contains(r#">Todas<span class="count">1.234</span>"#),
            "{html}"
        );
        let html = render(&signed_in(false), &list(vec![row(1, "Rita")], 1234), "es").unwrap();
        assert!(
            html.contains(r#">Todas<span class="count">1234</span>"#),
            "{html}"
        );
    }

    #[test]
    fn counts_are_written_as_intl_number_format_writes_them() {
        // Read off `new Intl.NumberFormat(language).format(n)`.
        let cases = [
            (
                "en",
                [
                    ("999", 999),
                    ("1,234", 1234),
                    ("12,345", 12345),
                    ("1,234,567", 1234567),
                ],
            ),
            (
                "es",
                [
                    ("999", 999),
                    ("1234", 1234),
                    ("12.345", 12345),
                    ("1.234.567", 1234567),
                ],
            ),
            (
                "pt-BR",
                [
                    ("999", 999),
                    ("1.234", 1234),
                    ("12.345", 12345),
                    ("1.234.567", 1234567),
                ],
            ),
        ];
        for (language, numbers) in cases {
            for (written, n) in numbers {
                assert_eq!(group_digits(n, language), written, "{n} in {language}");
            }
        }
    }

    #[test]
    fn the_server_is_named_as_the_page_names_it() {
        let l = Localizer::get("en");
        // `new URL(base).host`: the port only when it is not the scheme's.
        assert_eq!(
            server_label(l, "https://chat.example.com:443/app", None),
            "chat.example.com"
        );
        assert_eq!(server_label(l, "http://[::1]:8080", None), "[::1]:8080");
        assert_eq!(
            server_label(l, "https://chat.example.com", Some(3)),
            "Chatwoot · chat.example.com · account 3"
        );
        assert_eq!(server_label(l, "not a url", None), "not a url");
    }

    #[test]
    fn customer_text_goes_in_as_text() {
        let hostile = ConversationRow {
            preview: Some(
                r#"</span></div><script>alert(1)</script><img src=x onerror="alert(2)">"#
                    .to_owned(),
            ),
            assignee: Some(Assignee {
                id: 9,
                name: "<b>Bea</b>".to_owned(),
            }),
            ..row(1, "<img src=x onerror=alert(3)>")
        };
        let html = render(&signed_in(false), &list(vec![hostile], 1), "en").unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(3)&gt;"));
        assert!(html.contains("&lt;/span&gt;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;b&gt;Bea&lt;/b&gt; is handling this"));
    }

    #[test]
    fn a_long_preview_is_cut_on_a_character() {
        let long = ConversationRow {
            preview: Some("é".repeat(PREVIEW_CHARS + 50)),
            ..row(1, "Rita")
        };
        let html = render(&signed_in(false), &list(vec![long], 1), "en").unwrap();
        let preview = format!(
            r#"<span class="preview">{}</span>"#,
            "é".repeat(PREVIEW_CHARS)
        );
        assert!(html.contains(&preview));
    }

    #[test]
    fn no_screen_without_rows_or_without_a_user() {
        assert_eq!(render(&signed_in(false), &list(vec![], 0), "en"), None);
        assert_eq!(
            render(&Session::SIGNED_OUT, &list(vec![row(1, "Rita")], 1), "en"),
            None
        );
        let many: Vec<_> = (0..40).map(|i| row(i, &format!("Contact {i}"))).collect();
        let html = render(&signed_in(false), &list(many, 40), "en").unwrap();
        assert_eq!(html.matches(r#"<span class="name">"#).count(), ROWS);
    }
}
