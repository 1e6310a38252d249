//! The app's managed state and the one place where what happens below is
//! turned into what the user sees: the store, the sessions, the notifier,
//! the app settings, and the reactions to a session's [`Signal`]s (events
//! to the page, the waiting count in page, title and tray, waking the
//! notifier and the role it alerts, the role's start-at-login default).
//!
//! Commands reach the store only through [`Shell::read`]/[`Shell::write`],
//! which run the call on a blocking thread.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use switchboard_protocol::{Conversation, Role};
use switchboard_store::{OutboxAction, OutboxItem, Store, StoreError};
use switchboard_sync::{SyncChange, SyncError, SyncHandle, SyncStatus};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::{mpsc, Notify};

use crate::app_settings::{self, AppSettings, StoredAppSettings};
use crate::error::{IpcError, IpcErrorCode};
use crate::events::{self, NotificationsPaused, SyncForwarding};
use crate::models::Session;
use crate::notifications::Notifier;
use crate::session::{Sessions, Signal};
use switchboard_i18n::Localizer;

pub struct Shell {
    store: Store,
    pub sessions: Arc<Sessions>,
    pub notifier: Notifier,
    /// The waiting count last shown (-1: never), to update page, tray and
    /// title only when it changes.
    last_waiting: AtomicI64,
    /// The stored app settings, also kept here so the window's close
    /// handler (on the main thread) never reads the store. Never held
    /// across an await.
    app_settings: Mutex<StoredAppSettings>,
    /// Rung when the user changed how long history is kept.
    pub history_kept: Arc<Notify>,
    /// Rung when the waiting count may have changed; [`count_waiting`]
    /// counts once for every burst of rings.
    waiting_changed: Arc<Notify>,
    /// Which sync changes reach the page. Never held across an await.
    forwarding: Mutex<SyncForwarding>,
}

impl Shell {
    pub fn new(
        store: Store,
        sessions: Arc<Sessions>,
        notifier: Notifier,
        app_settings: StoredAppSettings,
    ) -> Self {
        Shell {
            store,
            sessions,
            notifier,
            last_waiting: AtomicI64::new(-1),
            app_settings: Mutex::new(app_settings),
            history_kept: Arc::new(Notify::new()),
            waiting_changed: Arc::new(Notify::new()),
            forwarding: Mutex::new(SyncForwarding::default()),
        }
    }

    /// Runs a store call on a blocking thread.
    pub async fn read<T, F>(&self, call: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        crate::blocking::store_call(&self.store, call).await
    }

    /// Same as [`Shell::read`]; named apart so call sites say which they do.
    pub async fn write<T, F>(&self, call: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        self.read(call).await
    }

    pub fn session(&self) -> Session {
        self.sessions.session()
    }

    /// Waits until the session of the launch is resumed.
    pub async fn resumed(&self) {
        self.sessions.resumed().await;
    }

    /// The running sync engine, if signed in.
    pub fn sync(&self) -> Option<Arc<SyncHandle>> {
        self.sessions.sync()
    }

    /// The sync's status now; signed out when no sync runs.
    pub fn sync_status(&self) -> SyncStatus {
        self.sync()
            .map_or(SyncStatus::SignedOut, |sync| sync.status())
    }

    /// Stores an agent write in the outbox (durable before anything is
    /// sent) and wakes the sender. The idempotency key is made here, once
    /// per user action, so every resend of this write carries the same key.
    pub async fn enqueue(
        &self,
        conversation_id: i64,
        action: OutboxAction,
    ) -> Result<OutboxItem, IpcError> {
        // A write that could never be sent is refused first, signed in or not.
        action.check()?;
        self.resumed().await;
        let sync = self.sync().ok_or_else(IpcError::not_signed_in)?;
        let key = uuid::Uuid::new_v4().to_string();
        let now = crate::clock::now_ms();
        let item = self
            .write(move |store| store.enqueue(conversation_id, action, &key, now))
            .await?;
        sync.outbox_changed();
        Ok(item)
    }

    /// Takes the conversation for the signed-in user (`take_over`: even
    /// from another user, who the user was asked about). Sent at once, not
    /// queued: offline it fails with a reason to say so.
    pub async fn take(
        &self,
        conversation_id: i64,
        take_over: bool,
    ) -> Result<Conversation, IpcError> {
        self.resumed().await;
        let sync = self.sync().ok_or_else(IpcError::not_signed_in)?;
        let key = uuid::Uuid::new_v4().to_string();
        match sync.take(conversation_id, take_over, &key).await {
            Ok(conversation) => Ok(conversation),
            Err(error) => Err(self
                .naming_the_holder(conversation_id, needs_the_server(error, "take"))
                .await),
        }
    }

    /// Releases the conversation: nobody handles it. Sent at once, like
    /// [`Shell::take`].
    pub async fn release(&self, conversation_id: i64) -> Result<Conversation, IpcError> {
        self.resumed().await;
        let sync = self.sync().ok_or_else(IpcError::not_signed_in)?;
        let key = uuid::Uuid::new_v4().to_string();
        match sync.release(conversation_id, &key).await {
            Ok(conversation) => Ok(conversation),
            Err(error) => Err(self
                .naming_the_holder(conversation_id, needs_the_server(error, "release"))
                .await),
        }
    }

    /// A `handled_by_someone_else` refusal with `holder` from the cache, so
    /// the page can name them in its language (the server names them only
    /// in its English message). Best effort: an unknown holder stays absent.
    async fn naming_the_holder(&self, conversation_id: i64, error: IpcError) -> IpcError {
        if error.code != IpcErrorCode::HandledBySomeoneElse {
            return error;
        }
        let holder = self
            .read(move |store| store.conversation(conversation_id))
            .await
            .ok()
            .flatten()
            .and_then(|detail| detail.conversation.assignee)
            .map(|assignee| assignee.name);
        error.with_holder(holder)
    }

    /// Wakes the outbox sender after a retry.
    pub fn outbox_changed(&self) {
        if let Some(sync) = self.sync() {
            sync.outbox_changed();
        }
    }

    /// How many customers wait now.
    pub async fn waiting(&self) -> Result<u32, IpcError> {
        self.read(|store| store.waiting_count()).await
    }

    /// Says the waiting count may have changed: [`count_waiting`] counts
    /// again.
    pub fn waiting_may_have_changed(&self) {
        self.waiting_changed.notify_one();
    }

    /// Counts the waiting customers and, if the count changed, shows it in
    /// the page, the title and the tray. Failures are logged: a stale count
    /// must not stop the counting that calls this.
    async fn refresh_waiting<R: Runtime>(&self, app: &AppHandle<R>) {
        let count = match self.waiting().await {
            Ok(count) => count,
            Err(error) => {
                tracing::warn!(%error, "could not count waiting customers");
                return;
            }
        };
        let shown = self.last_waiting.swap(i64::from(count), Ordering::Relaxed);
        if shown != i64::from(count) {
            crate::waiting::show(app, count, self.localizer());
        }
    }

    /// Pauses or resumes notifications, from the tray or the page, and
    /// tells the other one: a pause the window does not show would be
    /// forgotten, and every transfer missed while it lasts is a customer
    /// left waiting.
    pub fn set_notifications_paused<R: Runtime>(&self, app: &AppHandle<R>, paused: bool) {
        tracing::info!(paused, "notifications paused");
        self.notifier.set_paused(paused);
        crate::tray::show_paused(app, paused);
        let payload = NotificationsPaused { paused };
        if let Err(error) = app.emit(events::NOTIFICATIONS_PAUSED, payload) {
            tracing::warn!(?error, "could not tell the page about the pause");
        }
    }

    /// Whether a store call found the cache file damaged since the start
    /// (it is then set aside at the next one).
    pub fn cache_damaged(&self) -> bool {
        self.store.damage_noted()
    }

    /// What the tray, the title and notifications say things with: the
    /// chosen language, or the system's.
    pub fn localizer(&self) -> &'static Localizer {
        self.stored_app_settings().language.localizer()
    }

    /// The app settings as stored (a copy: no store read).
    pub fn stored_app_settings(&self) -> StoredAppSettings {
        *self.app_settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores the app settings, then keeps the copy.
    async fn store_app_settings(&self, settings: StoredAppSettings) -> Result<(), IpcError> {
        self.write(move |store| store.set_setting(app_settings::SETTINGS_KEY, &settings))
            .await?;
        *self.app_settings.lock().unwrap_or_else(|p| p.into_inner()) = settings;
        Ok(())
    }

    /// The app settings as the page shows them.
    pub fn app_settings<R: Runtime>(&self, app: &AppHandle<R>) -> Result<AppSettings, IpcError> {
        Ok(AppSettings {
            keep_running_in_background: self.stored_app_settings().keep_running_in_background,
            start_at_login: crate::autostart::is_on(app)?,
            keep_history: self.stored_app_settings().keep_history,
            theme: self.stored_app_settings().theme,
            language: self.stored_app_settings().language,
        })
    }

    /// Saves the page's app settings: what closing does from the next
    /// close on, and the login entry at once.
    pub async fn set_app_settings<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        wanted: AppSettings,
    ) -> Result<AppSettings, IpcError> {
        let entry_now = crate::autostart::is_on(app)?;
        if wanted.start_at_login != entry_now {
            crate::autostart::set(app, wanted.start_at_login)?;
        }
        let before = self.stored_app_settings();
        let stored = app_settings::saved(&before, &wanted, entry_now);
        self.store_app_settings(stored).await?;
        if stored.keep_history != before.keep_history {
            self.history_kept.notify_one();
        }
        if stored.theme != before.theme {
            if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
                crate::window_theme::show(&window, stored.theme);
            }
        }
        if stored.language.effective() != before.language.effective() {
            // The page relabels itself; the tray and the title are ours.
            let text = self.localizer();
            crate::tray::show_language(app, text);
            let count = self.last_waiting.load(Ordering::Relaxed);
            if let Ok(count) = u32::try_from(count) {
                crate::waiting::show(app, count, text);
            }
        }
        self.app_settings(app)
    }

    /// Remembers that the one-time "keeps running" notice was shown.
    pub async fn remember_told_keeps_running(&self) {
        let settings = StoredAppSettings {
            told_keeps_running: true,
            ..self.stored_app_settings()
        };
        if let Err(error) = self.store_app_settings(settings).await {
            tracing::warn!(%error, "could not remember the notice: it may be shown again");
        }
    }

    /// A sign-in as `role` writes or removes the login entry as the role's
    /// default wants, until the user chose.
    fn apply_login_default<R: Runtime>(&self, app: &AppHandle<R>, role: Role) {
        let Some(on) = app_settings::login_entry_on_sign_in(&self.stored_app_settings(), role)
        else {
            return;
        };
        let unchanged = crate::autostart::is_on(app).is_ok_and(|now| now == on);
        if !unchanged {
            if let Err(error) = crate::autostart::set(app, on) {
                tracing::warn!(%error, "could not apply the role's start-at-login default");
            }
        }
    }

    /// What the user sees of one signal from the sessions.
    pub async fn react<R: Runtime>(&self, app: &AppHandle<R>, signal: Signal) {
        match signal {
            Signal::Session(session) => {
                let role = match &session {
                    Session::SignedIn { me, .. } => Some(me.role),
                    Session::SignedOut { .. } => None,
                };
                self.notifier.set_role(role);
                // The demo is no one signing in: it leaves the login entry alone.
                if let Session::SignedIn {
                    me, demo: false, ..
                } = &session
                {
                    self.apply_login_default(app, me.role);
                }
                if let Err(error) = app.emit(events::SESSION, session) {
                    tracing::warn!(?error, "could not tell the page about the session");
                }
            }
            Signal::Sync(change) => {
                let told = self
                    .forwarding
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .tells_the_page(&change);
                if told {
                    if let Err(error) = app.emit(events::SYNC, &change) {
                        tracing::warn!(?error, "could not forward a sync change");
                    }
                }
                match change {
                    SyncChange::TransfersDetected => self.notifier.wake(),
                    // Counted beside this loop, once per burst of changes:
                    // the transfer that comes next is never held up by a
                    // count.
                    SyncChange::ConversationsChanged { .. } => self.waiting_may_have_changed(),
                    SyncChange::Status { status } => {
                        tracing::info!(?status, "sync status");
                        // A first sync or a re-bootstrap may bring history
                        // older than is kept: prune it again.
                        if status == SyncStatus::Live {
                            self.history_kept.notify_one();
                        }
                    }
                    SyncChange::MessagesAdded { .. }
                    | SyncChange::OutboxChanged { .. }
                    | SyncChange::HistoryProgress { .. } => {}
                }
            }
            Signal::AccountChanged => {
                self.notifier.wake();
                self.waiting_may_have_changed();
            }
        }
    }
}

/// Counts the waiting customers whenever [`Shell::react`] says the count
/// may have changed: a ring while counting brings one more count after it,
/// so a burst of changes costs two counts, and the last count follows the
/// last change.
pub async fn count_waiting<R: Runtime>(app: AppHandle<R>) {
    let changed = app.state::<Shell>().waiting_changed.clone();
    loop {
        changed.notified().await;
        app.state::<Shell>().refresh_waiting(&app).await;
    }
}

/// Reacts to every signal of the sessions, in order, for as long as the
/// sessions live (they hold the sender, and live as long as the app).
pub async fn react_to_signals<R: Runtime>(
    app: AppHandle<R>,
    mut signals: mpsc::UnboundedReceiver<Signal>,
) {
    while let Some(signal) = signals.recv().await {
        app.state::<Shell>().react(&app, signal).await;
    }
}

/// The error of a take or release, which are never queued: offline, say
/// that it needs the server rather than a bare network failure.
fn needs_the_server(error: SyncError, what: &str) -> IpcError {
    if error.is_transient() {
        return IpcError::new(
            IpcErrorCode::Unreachable,
            format!(
                "cannot {what} the conversation while the server cannot be reached; \
                 nothing was changed, try again when back online ({error})"
            ),
        );
    }
    error.into()
}
