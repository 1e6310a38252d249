//! Shows a [`DesktopNotification`] through `org.freedesktop.Notifications`
//! (notify-rust over zbus) and, through [`Clicks`], turns a click into "focus the window and open
//! that conversation" (or the Review, for the daily reminder), and its Take action into "take it,
//! then show it".

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use futures::StreamExt;
use notify_rust::{Hint, Notification, Timeout, Urgency};
use switchboard_i18n::Localizer;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio_util::sync::CancellationToken;
use zbus::{MatchRule, MessageStream};

use super::policy::{DesktopNotification, Opens};
use crate::error::{IpcError, IpcErrorCode};
use crate::events::{self, OpenConversationRequest};

/// The action a click on the notification body reports.
const CLICK: &str = "default";
/// The action of the Take button (see [`DesktopNotification::offers_take`]).
pub const TAKE: &str = "take";
/// The name the deb bundle installs the desktop entry and icon under
/// (`mainBinaryName` in `tauri.conf.json`).
const DESKTOP_NAME: &str = "switchboard";
const NOTIFICATIONS_PATH: &str = "/org/freedesktop/Notifications";
const NOTIFICATIONS_INTERFACE: &str = "org.freedesktop.Notifications";

/// Sends the notification, its buttons labelled in `text`'s language. Its click is routed by [`Clicks`], which is
/// subscribed before the first notification goes out: a click that comes
/// at once is never lost. Returns once the daemon accepted it.
pub async fn show<R: Runtime>(
    app: &AppHandle<R>,
    notification: &DesktopNotification,
    text: &Localizer,
) -> Result<u32, notify_rust::error::Error> {
    let clicks = app.try_state::<Clicks>();
    if let Some(clicks) = &clicks {
        clicks.listen(app).await;
    }
    let mut builder = Notification::new();
    builder
        .appname("Switchboard")
        .summary(&notification.summary)
        .body(&notification.body)
        .icon(DESKTOP_NAME)
        .action(CLICK, &text.text("notify-action-open", &[]));
    if notification.offers_take() {
        builder.action(TAKE, &text.text("notify-action-take", &[]));
    }
    builder
        .hint(Hint::Category("im.received".into()))
        .hint(Hint::DesktopEntry(DESKTOP_NAME.into()))
        .urgency(Urgency::Normal)
        .timeout(Timeout::Default);
    if notification.sound {
        builder.hint(Hint::SoundName("message-new-instant".into()));
    } else {
        builder.hint(Hint::SuppressSound(true));
    }
    let id = builder.show_async().await?.id();
    if let Some(clicks) = clicks {
        clicks.expect(app, id, notification.opens);
    }
    Ok(id)
}

/// Takes a conversation for the signed-in user, not from a colleague (the
/// shell's take with `take_over` false). Given by the app's wiring, which
/// knows the shell.
pub type Take = Arc<dyn Fn(i64) -> BoxFuture<'static, Result<(), IpcError>> + Send + Sync>;

/// Routes clicks and actions on our notifications. One subscription on the
/// session bus to the daemon's `ActionInvoked` and `NotificationClosed`
/// signals, made before the first notification is shown. (notify-rust's
/// per-notification wait subscribes only after the notification is shown,
/// on a new connection: a click in between was lost, about one in four
/// under load.)
pub struct Clicks {
    subscribed: tokio::sync::OnceCell<Option<CancellationToken>>,
    routes: Arc<Mutex<Routes>>,
    take: Take,
}

/// Where each shown notification leads, and actions that arrived before
/// [`show`] learned the notification's id.
#[derive(Default)]
struct Routes {
    opens: HashMap<u32, Option<Opens>>,
    early: Vec<(u32, Action)>,
}

/// What the user did with a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Clicked its body: show the conversation.
    Open,
    /// Pressed Take: take the conversation, then show it.
    Take,
}

impl Action {
    fn from_key(key: &str) -> Option<Action> {
        match key {
            CLICK => Some(Action::Open),
            TAKE => Some(Action::Take),
            _ => None,
        }
    }
}

/// A click on a notification not (yet) known is kept this long at most
/// (in count): it can only be ours if `show` is about to learn its id.
const MAX_EARLY_CLICKS: usize = 16;

impl Clicks {
    /// `take`: what the Take action calls.
    pub fn new(take: Take) -> Clicks {
        Clicks {
            subscribed: tokio::sync::OnceCell::new(),
            routes: Arc::default(),
            take,
        }
    }

    /// Subscribes once. Without a session bus nothing can be shown or
    /// clicked either; the failure is logged and showing goes on.
    async fn listen<R: Runtime>(&self, app: &AppHandle<R>) {
        self.subscribed
            .get_or_init(|| async {
                match subscribe(app.clone(), self.routes.clone(), self.take.clone()).await {
                    Ok(stop) => Some(stop),
                    Err(error) => {
                        tracing::warn!(%error, "notification clicks will not open the app");
                        None
                    }
                }
            })
            .await;
    }

    /// Remembers where notification `id` leads; acts on a click or action
    /// on it that came before this call.
    fn expect<R: Runtime>(&self, app: &AppHandle<R>, id: u32, opens: Option<Opens>) {
        let early = {
            let mut routes = lock(&self.routes);
            match routes.early.iter().position(|(early, _)| *early == id) {
                Some(at) => Some(routes.early.remove(at).1),
                None => {
                    routes.opens.insert(id, opens);
                    None
                }
            }
        };
        if let Some(action) = early {
            act(app, &self.take, action, opens);
        }
    }
}

impl Drop for Clicks {
    fn drop(&mut self) {
        if let Some(Some(stop)) = self.subscribed.get() {
            stop.cancel();
        }
    }
}

fn lock(routes: &Mutex<Routes>) -> std::sync::MutexGuard<'_, Routes> {
    // The routes stay consistent whatever panicked while holding them.
    routes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn subscribe<R: Runtime>(
    app: AppHandle<R>,
    routes: Arc<Mutex<Routes>>,
    take: Take,
) -> zbus::Result<CancellationToken> {
    let connection = zbus::Connection::session().await?;
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .path(NOTIFICATIONS_PATH)?
        .interface(NOTIFICATIONS_INTERFACE)?
        .build();
    let mut signals = MessageStream::for_match_rule(rule, &connection, None).await?;
    let stop = CancellationToken::new();
    let stopped = stop.clone();
    tauri::async_runtime::spawn(async move {
        // The connection lives as long as the subscription.
        let _connection = connection;
        loop {
            let signal = tokio::select! {
                biased;
                _ = stopped.cancelled() => return,
                signal = signals.next() => signal,
            };
            let Some(Ok(signal)) = signal else {
                tracing::warn!(
                    "the session bus closed: notification clicks no longer open the app"
                );
                return;
            };
            let header = signal.header();
            match header.member().map(|member| member.as_str()) {
                Some("ActionInvoked") => {
                    let Ok((id, key)) = signal.body().deserialize::<(u32, String)>() else {
                        continue;
                    };
                    let Some(action) = Action::from_key(&key) else {
                        continue;
                    };
                    let route = {
                        let mut routes = lock(&routes);
                        let route = routes.opens.remove(&id);
                        if route.is_none() {
                            if routes.early.len() == MAX_EARLY_CLICKS {
                                routes.early.remove(0);
                            }
                            routes.early.push((id, action));
                        }
                        route
                    };
                    if let Some(opens) = route {
                        tracing::info!(id, ?action, ?opens, "notification clicked");
                        act(&app, &take, action, opens);
                    }
                }
                Some("NotificationClosed") => {
                    if let Ok((id, _reason)) = signal.body().deserialize::<(u32, u32)>() {
                        lock(&routes).opens.remove(&id);
                    }
                }
                _ => {}
            }
        }
    });
    Ok(stop)
}

/// Does what the user asked of a notification about `opens`. Take shows the
/// conversation once taken, or once the take failed: a colleague handling
/// it is then named in the window, and the Take button there says why a
/// take failed.
fn act<R: Runtime>(app: &AppHandle<R>, take: &Take, action: Action, opens: Option<Opens>) {
    let (Action::Take, Some(Opens::Conversation(conversation))) = (action, opens) else {
        bring_to_front(app, opens);
        return;
    };
    let taking = take(conversation);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match taking.await {
            Ok(()) => tracing::info!(conversation, "taken from its notification"),
            Err(error) if error.code == IpcErrorCode::HandledBySomeoneElse => {
                tracing::info!(conversation, %error.message, "someone else handles it: showing who")
            }
            Err(error) => {
                tracing::warn!(conversation, ?error, "taking from the notification failed")
            }
        }
        bring_to_front(&app, Some(Opens::Conversation(conversation)));
    });
}

/// Unminimizes, shows and focuses the main window, then asks the page to
/// open what the notification was about (a conversation, the Review), if
/// anything.
pub fn bring_to_front<R: Runtime>(app: &AppHandle<R>, opens: Option<Opens>) {
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
    match opens {
        Some(Opens::Conversation(id)) => {
            if let Err(error) = app.emit(events::OPEN_CONVERSATION, OpenConversationRequest { id })
            {
                tracing::warn!(?error, "could not ask the page to open conversation {id}");
            }
        }
        Some(Opens::Review) => {
            if let Err(error) = app.emit(events::OPEN_REVIEW, ()) {
                tracing::warn!(?error, "could not ask the page to open the Review");
            }
        }
        None => {}
    }
}
