//! The commands the page calls. Each forwards to the store, the sync engine
//! or the sessions in one line; blocking store calls run on a blocking
//! thread (`Shell::read`).
//!
//! This file is the one list of commands: every `pub` function here marked
//! `#[tauri::command]` is registered, granted to the main window (both by
//! `build.rs`) and given a typed TypeScript function in
//! `ui/src/lib/bindings/commands.ts` (by the bindings test), all read from
//! this source by `command_index.rs`. Its `///` doc becomes the TypeScript
//! doc.

use switchboard_protocol::{AssistantState, Conversation};
use switchboard_store::review::ReviewPeriod;
use switchboard_store::{
    ContactDetail, ConversationPage, FilterCounts, HistoryProgress, ListQuery, MessagePage,
    OpenedConversation, OutboxAction, OutboxItem, SearchHit,
};
use switchboard_sync::SyncStatus;
use tauri::{AppHandle, Runtime, State};
use tracing::instrument;

use crate::app_settings::AppSettings;
use crate::error::IpcError;
use crate::events::{NotificationsPaused, WaitingCount};
use crate::links;
use crate::models::{
    CacheSetAside, PagePhase, ReadyReport, Session, SignInConsent, TokenStorage, UnsentWrites,
};
use crate::notifications::policy::NotificationSettings;
use crate::notifications::{self, SETTINGS_KEY};
use crate::review::{ReviewRange, ReviewReport, ReviewSection, ReviewSettings};
use crate::shell::Shell;

/// Messages in the first page of an opened conversation: more than a tall
/// window shows, and few enough that a click paints its history at once
/// (older ones load as the reader scrolls up, 25 at a time).
const FIRST_PAGE: u32 = 25;

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn session(shell: State<'_, Shell>) -> Result<Session, IpcError> {
    crate::startup::phase("page asked for the session");
    shell.resumed().await;
    Ok(shell.session())
}

/// Checks the token with the backend, keeps it, and starts syncing.
/// `consent` (none: nothing agreed) says what the user agreed to after an
/// `insecure_connection` or `unsent_writes_of_another_user` refusal.
#[tauri::command(async)]
#[instrument(skip(shell, token), err(Debug))]
pub async fn sign_in(
    shell: State<'_, Shell>,
    base_url: String,
    token: String,
    consent: Option<SignInConsent>,
) -> Result<Session, IpcError> {
    let consent = consent.unwrap_or_default();
    shell.sessions.sign_in(&base_url, &token, consent).await
}

/// Checks a Chatwoot access token against the account `account_id` of
/// the Chatwoot at `base_url`, keeps it, and starts syncing from Chatwoot.
/// Refusals and `consent` are those of `sign_in`, plus `account_not_found`.
#[tauri::command(async)]
#[instrument(skip(shell, token), err(Debug))]
pub async fn sign_in_chatwoot(
    shell: State<'_, Shell>,
    base_url: String,
    account_id: u64,
    token: String,
    consent: Option<SignInConsent>,
) -> Result<Session, IpcError> {
    let consent = consent.unwrap_or_default();
    shell
        .sessions
        .sign_in_chatwoot(&base_url, account_id, &token, consent)
        .await
}

/// Where the token would be kept if the user signed in now (the keyring,
/// or a private file when no keyring answers), for the sign-in screen.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn token_storage(shell: State<'_, Shell>) -> Result<TokenStorage, IpcError> {
    Ok(shell.sessions.token_storage().await)
}

/// Leaves the current session for the built-in demo backend.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn sign_in_demo(shell: State<'_, Shell>) -> Result<Session, IpcError> {
    shell.sessions.sign_in_demo().await
}

/// Signs out: forgets the token, the cache and the unsent writes.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn sign_out(shell: State<'_, Shell>) -> Result<Session, IpcError> {
    shell.sessions.sign_out().await
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn list_conversations(
    shell: State<'_, Shell>,
    query: ListQuery,
) -> Result<ConversationPage, IpcError> {
    crate::startup::phase("page asked for the list");
    // The page asks before it knows the session; the answer waits for the
    // launch's session to be resumed, which empties a cache left by another
    // backend.
    shell.resumed().await;
    let page = shell
        .read(move |store| store.list_conversations(&query))
        .await;
    crate::startup::phase("list read");
    page
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn filter_counts(shell: State<'_, Shell>) -> Result<FilterCounts, IpcError> {
    shell.resumed().await; // as for the list
    let counts = shell.read(|store| store.filter_counts()).await;
    crate::startup::phase("counts read");
    counts
}

#[tauri::command(async)]
#[instrument(skip(shell, query), err(Debug))]
pub async fn search_conversations(
    shell: State<'_, Shell>,
    query: String,
    limit: u32,
) -> Result<Vec<SearchHit>, IpcError> {
    shell.read(move |store| store.search(&query, limit)).await
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn open_conversation(
    shell: State<'_, Shell>,
    id: i64,
) -> Result<OpenedConversation, IpcError> {
    // Its whole history goes ahead of the background download's queue, so
    // scrolling up finds it in the cache.
    if let Some(sync) = shell.sync() {
        sync.prioritise_conversation(id);
    }
    shell
        .read(move |store| store.open_conversation(id, FIRST_PAGE))
        .await?
        .ok_or_else(|| IpcError::not_found("conversation"))
}

/// Older history: from the cache where it holds it, else from the server
/// (stored as it arrives); offline, the page says older messages are not
/// downloaded rather than ending the history.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn older_messages(
    shell: State<'_, Shell>,
    conversation_id: i64,
    before: i64,
    limit: u32,
) -> Result<MessagePage, IpcError> {
    match shell.sync() {
        Some(sync) => Ok(sync.older_messages(conversation_id, before, limit).await?),
        None => {
            shell
                .read(move |store| store.messages(conversation_id, Some(before), limit))
                .await
        }
    }
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn contact_detail(
    shell: State<'_, Shell>,
    contact_id: i64,
) -> Result<ContactDetail, IpcError> {
    shell
        .read(move |store| store.contact_detail(contact_id))
        .await?
        .ok_or_else(|| IpcError::not_found("contact"))
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn set_assistant_state(
    shell: State<'_, Shell>,
    conversation_id: i64,
    state: AssistantState,
) -> Result<OutboxItem, IpcError> {
    shell
        .enqueue(conversation_id, OutboxAction::SetAssistant { state })
        .await
}

#[tauri::command(async)]
#[instrument(skip(shell, text), err(Debug))]
pub async fn send_reply(
    shell: State<'_, Shell>,
    conversation_id: i64,
    text: String,
) -> Result<OutboxItem, IpcError> {
    shell
        .enqueue(conversation_id, OutboxAction::Reply { text })
        .await
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn close_conversation(
    shell: State<'_, Shell>,
    conversation_id: i64,
) -> Result<OutboxItem, IpcError> {
    shell.enqueue(conversation_id, OutboxAction::Close).await
}

/// The signed-in user handles the conversation from now on. Another user
/// handling it gets `handled_by_someone_else` (the message names who): ask
/// the user, then call again with `take_over`. Sent at once, never queued:
/// offline it fails with `unreachable`. Returns the conversation's new state.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn take_conversation(
    shell: State<'_, Shell>,
    conversation_id: i64,
    take_over: bool,
) -> Result<Conversation, IpcError> {
    shell.take(conversation_id, take_over).await
}

/// Nobody handles the conversation any more: the user's own, or any for a
/// manager (else `handled_by_someone_else`). Sent at once, like a take.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn release_conversation(
    shell: State<'_, Shell>,
    conversation_id: i64,
) -> Result<Conversation, IpcError> {
    shell.release(conversation_id).await
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn retry_write(shell: State<'_, Shell>, item_id: i64) -> Result<OutboxItem, IpcError> {
    // A retry is a new write on purpose: a new key, made once here.
    let key = uuid::Uuid::new_v4().to_string();
    let now = crate::clock::now_ms();
    let item = shell
        .write(move |store| store.retry(item_id, &key, now))
        .await?;
    shell.outbox_changed();
    Ok(item)
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn discard_write(shell: State<'_, Shell>, item_id: i64) -> Result<(), IpcError> {
    shell.write(move |store| store.discard(item_id)).await
}

/// Asked before signing out, which discards them.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn unsent_writes(shell: State<'_, Shell>) -> Result<UnsentWrites, IpcError> {
    let count = shell.read(|store| store.unsent_writes()).await?;
    Ok(UnsentWrites { count })
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn sync_status(shell: State<'_, Shell>) -> Result<SyncStatus, IpcError> {
    shell.resumed().await;
    Ok(shell.sync_status())
}

/// How much of the whole history the cache holds while the background
/// download runs (the `sync` event's `history_progress` keeps it current);
/// `None` when history is fetched on demand only: nothing is arriving.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn history_progress(
    shell: State<'_, Shell>,
) -> Result<Option<HistoryProgress>, IpcError> {
    if !shell.sessions.downloads_history() {
        return Ok(None);
    }
    shell.read(|store| store.history_progress()).await.map(Some)
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn waiting(shell: State<'_, Shell>) -> Result<WaitingCount, IpcError> {
    Ok(WaitingCount {
        count: shell.waiting().await?,
    })
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn notification_settings(
    shell: State<'_, Shell>,
) -> Result<NotificationSettings, IpcError> {
    shell
        .read(|store| Ok(notifications::load_settings(store)))
        .await
}

/// Whether notifications are paused (from the tray or the page).
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn notifications_paused(
    shell: State<'_, Shell>,
) -> Result<NotificationsPaused, IpcError> {
    Ok(NotificationsPaused {
        paused: shell.notifier.paused(),
    })
}

/// Pauses or resumes notifications; the tray's menu follows.
#[tauri::command(async)]
#[instrument(skip(app, shell), err(Debug))]
pub async fn set_notifications_paused<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    paused: bool,
) -> Result<NotificationsPaused, IpcError> {
    shell.set_notifications_paused(&app, paused);
    Ok(NotificationsPaused { paused })
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn set_notification_settings(
    shell: State<'_, Shell>,
    settings: NotificationSettings,
) -> Result<NotificationSettings, IpcError> {
    settings.validate().map_err(IpcError::invalid_input)?;
    let stored = settings.clone();
    shell
        .write(move |store| store.set_setting(SETTINGS_KEY, &stored))
        .await?;
    shell.notifier.wake();
    Ok(settings)
}

/// Keeping running in the background, and starting at login.
#[tauri::command(async)]
#[instrument(skip(app, shell), err(Debug))]
pub async fn app_settings<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
) -> Result<AppSettings, IpcError> {
    shell.app_settings(&app)
}

/// Where the local cache was set aside at this launch because it could
/// not be read (a new one took its place and the sync fills it again), or
/// null. The page tells the user once, with this path.
#[tauri::command]
pub fn cache_set_aside(set_aside: State<'_, CacheSetAside>) -> Result<Option<String>, IpcError> {
    Ok(set_aside.0.as_ref().map(|path| path.display().to_string()))
}

/// Whether a read or write of this run found the local cache file damaged,
/// the sync engine's included: the page then offers a restart, which sets
/// the file aside (a command's own failure says so by its code).
#[tauri::command]
pub fn cache_damaged(shell: State<'_, Shell>) -> Result<bool, IpcError> {
    Ok(shell.cache_damaged())
}

/// The language the page speaks (a BCP 47 tag: `en`, `pt-BR` or `es`):
/// the one chosen, or the system's as negotiated here, so that the page,
/// notifications and the tray always agree.
#[tauri::command]
pub fn language(shell: State<'_, Shell>) -> Result<String, IpcError> {
    Ok(shell.localizer().language().to_owned())
}

/// Saves them; the login entry is written or removed at once.
#[tauri::command(async)]
#[instrument(skip(app, shell), err(Debug))]
pub async fn set_app_settings<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    settings: AppSettings,
) -> Result<AppSettings, IpcError> {
    shell.set_app_settings(&app, settings).await
}

/// Quits the app (Ctrl+Q), even when closing the window would keep it running.
#[tauri::command(async)]
#[instrument(skip(app), err(Debug))]
pub async fn quit<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    tracing::info!("quit from the window");
    app.exit(0);
    Ok(())
}

/// Starts the app again, after the page learned that the local cache file
/// is damaged: the new start sets the file aside and the sync fills a new
/// cache (see `Store::open_or_set_aside`).
#[tauri::command(async)]
#[instrument(skip(app), err(Debug))]
pub async fn restart<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    tracing::info!("restart from the window");
    app.request_restart();
    Ok(())
}

#[tauri::command(async)]
#[instrument(err(Debug))]
pub async fn open_external(url: String) -> Result<(), IpcError> {
    let url = links::external_https_link(&url)?;
    open::that_detached(url.as_str())
        .map_err(|error| IpcError::internal(format!("no browser could open the link: {error}")))
}

/// `ui/public/first-screen.js` calls this once the first screen the shell
/// drew into the document is painted: the time since `main` started is
/// the app's start-up time (logged, printed, returned).
#[tauri::command(async)]
#[instrument(err(Debug))]
pub async fn first_screen_painted() -> Result<ReadyReport, IpcError> {
    Ok(crate::startup::first_screen_painted())
}

/// The page calls this once its first list is painted; the time since
/// `main` started is the app's start-up time (logged, printed, returned).
/// `phases` are the page's own moments, and `now` its clock at the call,
/// to place them on the process's clock.
#[tauri::command(async)]
#[instrument(skip(app, phases), err(Debug))]
pub async fn app_ready<R: Runtime>(
    app: AppHandle<R>,
    phases: Vec<PagePhase>,
    now: f64,
) -> Result<ReadyReport, IpcError> {
    Ok(crate::startup::ready(&app, &phases, now))
}

/// The review of `range` (whole days in the user's time zone), computed
/// from the cache. Where the cache lacks some of the period's history the
/// download of it goes first, and `history` says so: ask again while it
/// is `completing`.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn review(shell: State<'_, Shell>, range: ReviewRange) -> Result<ReviewReport, IpcError> {
    crate::review::review(&shell, range).await
}

/// Marks review items reviewed (durable: survives restarts and re-syncs).
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn mark_reviewed(shell: State<'_, Shell>, keys: Vec<String>) -> Result<(), IpcError> {
    let now = crate::clock::now_ms();
    shell
        .write(move |store| store.mark_reviewed(&keys, now))
        .await
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn unmark_reviewed(shell: State<'_, Shell>, keys: Vec<String>) -> Result<(), IpcError> {
    shell.write(move |store| store.unmark_reviewed(&keys)).await
}

#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn review_settings(shell: State<'_, Shell>) -> Result<ReviewSettings, IpcError> {
    crate::review::settings(&shell).await
}

/// Saves them (trimmed); new phrases judge the stored replies again.
#[tauri::command(async)]
#[instrument(skip(shell), err(Debug))]
pub async fn set_review_settings(
    shell: State<'_, Shell>,
    settings: ReviewSettings,
) -> Result<ReviewSettings, IpcError> {
    crate::review::set_settings(&shell, settings).await
}

/// Writes one section of the review of `period` to a CSV file picked in
/// the system's save dialog: the path written, or none if cancelled.
#[tauri::command(async)]
#[instrument(skip(app, shell), err(Debug))]
pub async fn export_review_section<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    period: ReviewPeriod,
    section: ReviewSection,
) -> Result<Option<String>, IpcError> {
    crate::review::export(&app, &shell, period, section).await
}
