//! # switchboard-sync
//!
//! Keeps the local cache (`switchboard-store`) converged with the assistant
//! backend and delivers every agent write exactly once.
//!
//! It owns:
//! - the boundary with a backend, [`Source`] ("a source of conversations,
//!   events and writes"), with two implementations: the Switchboard
//!   protocol here, and Chatwoot (`switchboard-chatwoot`); the store, the
//!   screen and the notification ledger never learn which one is connected;
//! - the HTTP client of the backend API (bearer auth, errors classified as
//!   signed out, cursor expired, rejected or transient; every answer read
//!   with a size limit and a time limit, error bodies included);
//! - the **single writer** task: resumable bootstrap with progress, catch-up
//!   through `/v1/sync/events`, the live SSE stream from the stored cursor,
//!   gap detection, catch-up that makes no progress treated as an error
//!   with backoff, re-bootstrap on `410 cursor_expired`, reconnects with
//!   jittered exponential backoff, a silence timeout and a size limit on
//!   a streamed event (a larger one is fetched by catch-up instead);
//! - the **outbox sender** task: pending writes, in order per conversation,
//!   with their idempotency keys; transient failures retry, rejections are
//!   recorded with the server's reason;
//! - taking and releasing a conversation: sent at once, not queued, since
//!   the answer ("Ana is handling this") decides what the user does next;
//! - the typed stream of [`SyncChange`]s and the [`SyncStatus`] for the shell.
//!
//! It must never: hold SQL of its own (the store owns every statement),
//! depend on Tauri, retry after a `401`, panic on anything the network
//! sends, or leave the cache silently wrong (a bad event is resynced
//! through catch-up or reported, never skipped over).

mod change;
mod client;
mod config;
mod decode;
mod error;
mod history;
mod live;
mod outbox;
mod report;
mod source;
mod store_call;
mod writer;

use std::sync::Arc;

use switchboard_protocol::{Conversation, Me, Millis};
use switchboard_store::{MessagePage, Store};
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use change::{SyncChange, SyncProblem, SyncStatus};
pub use config::SyncConfig;
pub use decode::BadEvent;
pub use error::SyncError;
pub use live::{StreamItem, StreamLimits};
pub use source::{ChangesPage, LiveConnection, Source, Write, WriteIdentity};

use client::ApiClient;
use report::Reporter;
use store_call::store_call;

/// Changes buffered for the shell before the engine waits for it to read.
const CHANGE_BUFFER: usize = 1024;

/// Asks the server who `token` belongs to: the sign-in screen's check.
pub async fn fetch_me(base_url: &str, token: &str) -> Result<Me, SyncError> {
    let config = SyncConfig::new(base_url, token);
    ApiClient::new(&config)?.me().await
}

/// Starts the engine on `store`, connected to the Switchboard backend at
/// `config.base_url`. Changes arrive on the returned receiver (read it
/// promptly: the engine waits when 1024 changes are unread); the engine
/// stops when the handle is dropped or shut down. Must be called within a
/// tokio runtime.
pub fn start(store: Store, config: SyncConfig) -> (SyncHandle, mpsc::Receiver<SyncChange>) {
    let source = ApiClient::new(&config).map(|client| Arc::new(client) as Arc<dyn Source>);
    start_on(store, config, source)
}

/// Starts the engine on `store` connected to `source` (another backend
/// than the Switchboard protocol, e.g. Chatwoot). `config`'s timeouts,
/// backoff and page sizes apply; its `base_url` and `token` are the
/// Switchboard source's and are not used here. As [`start`] otherwise.
pub fn start_with_source(
    store: Store,
    config: SyncConfig,
    source: Arc<dyn Source>,
) -> (SyncHandle, mpsc::Receiver<SyncChange>) {
    start_on(store, config, Ok(source))
}

fn start_on(
    store: Store,
    config: SyncConfig,
    source: Result<Arc<dyn Source>, SyncError>,
) -> (SyncHandle, mpsc::Receiver<SyncChange>) {
    let (changes_tx, changes) = mpsc::channel(CHANGE_BUFFER);
    let (reporter, status) = Reporter::new(changes_tx);
    let cancel = CancellationToken::new();
    let reconnect = Arc::new(Notify::new());
    let outbox_wake = Arc::new(Notify::new());
    let priorities = Arc::new(history::Priorities::default());
    let mut tasks = Vec::new();
    match &source {
        Ok(source) => {
            tasks.push(tokio::spawn(
                writer::Writer {
                    store: store.clone(),
                    source: source.clone(),
                    config: config.clone(),
                    reporter: reporter.clone(),
                    cancel: cancel.clone(),
                    reconnect: reconnect.clone(),
                    outbox_wake: outbox_wake.clone(),
                }
                .run(),
            ));
            if config.download_history {
                tasks.push(tokio::spawn(
                    history::HistoryDownloader {
                        priorities: priorities.clone(),
                        store: store.clone(),
                        source: source.clone(),
                        config: config.clone(),
                        reporter: reporter.clone(),
                        cancel: cancel.clone(),
                        status: status.clone(),
                        refused: Default::default(),
                        ahead: None,
                    }
                    .run(),
                ));
            }
            tasks.push(tokio::spawn(
                outbox::OutboxSender {
                    store: store.clone(),
                    source: source.clone(),
                    config: config.clone(),
                    reporter: reporter.clone(),
                    cancel: cancel.clone(),
                    wake: outbox_wake.clone(),
                }
                .run(),
            ));
        }
        Err(error) => {
            // A token that cannot even be put in a header is as good as refused.
            tracing::warn!(%error, "sync not started");
            let reporter = reporter.clone();
            tasks.push(tokio::spawn(async move {
                reporter.set_status(SyncStatus::SignedOut).await;
            }));
        }
    }
    let handle = SyncHandle {
        store,
        source: source.ok(),
        cancel,
        reconnect,
        outbox_wake,
        priorities,
        status,
        tasks,
    };
    (handle, changes)
}

/// Owns the engine's tasks; dropping it stops them.
pub struct SyncHandle {
    store: Store,
    source: Option<Arc<dyn Source>>,
    cancel: CancellationToken,
    reconnect: Arc<Notify>,
    outbox_wake: Arc<Notify>,
    priorities: Arc<history::Priorities>,
    status: watch::Receiver<SyncStatus>,
    tasks: Vec<JoinHandle<()>>,
}

impl SyncHandle {
    /// A write was enqueued or retried in the store: send it now.
    pub fn outbox_changed(&self) {
        self.outbox_wake.notify_one();
    }

    /// Drops the current connection (or the backoff wait) and reconnects at
    /// once, e.g. after the machine resumed from sleep.
    pub fn reconnect_now(&self) {
        self.reconnect.notify_one();
        self.outbox_wake.notify_one();
    }

    /// The user opened this conversation: the background download fetches
    /// its whole history (as far as it is kept) before anything else, so
    /// scrolling up does not wait for the bulk download. Nothing happens
    /// where history is downloaded on demand only.
    pub fn prioritise_conversation(&self, conversation_id: i64) {
        self.priorities.conversation(conversation_id);
    }

    /// The whole history of the conversations last active between `from`
    /// and `to` is wanted soon (a review of that period): the background
    /// download fetches it after any open conversation's, before the rest.
    pub fn prioritise_period(&self, from: Millis, to: Millis) {
        self.priorities.period(from, to);
    }

    /// More history is to be kept than before (the store's cut-off moved
    /// back): a finished background download looks again.
    pub fn keep_more_history(&self) {
        self.priorities.wake();
    }

    /// The current status.
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// A receiver that sees every status change (the shell's status bar,
    /// or a test waiting for `Live`).
    pub fn watch_status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// A page of history older than message `before`, oldest first. The
    /// cache answers when it holds the page; where it runs out before the
    /// history's start, the server is asked for what is older and its
    /// answer is stored (so it is there offline next time). When the
    /// server cannot answer (offline, signed out, a page that does not
    /// decode), the cache's page says `older_not_downloaded`: the screen
    /// never shows the start of a history it does not have. Fails only if
    /// the cache does.
    pub async fn older_messages(
        &self,
        conversation_id: i64,
        before: i64,
        limit: u32,
    ) -> Result<MessagePage, SyncError> {
        let read_cache = move |s: &Store| s.messages(conversation_id, Some(before), limit);
        let cached = store_call(&self.store, read_cache).await?;
        if !cached.older_not_downloaded {
            return Ok(cached);
        }
        let oldest_held = cached.messages.first().map_or(before, |m| m.id);
        let missing = limit.saturating_sub(cached.messages.len() as u32).max(1);
        match self
            .download_older(conversation_id, oldest_held, missing)
            .await
        {
            Ok(()) => store_call(&self.store, read_cache).await,
            Err(error) => {
                tracing::info!(%error, conversation_id, "older history not downloaded");
                Ok(cached)
            }
        }
    }

    /// Fetches up to `limit` messages older than message `before` from the
    /// server and stores them, with whether they reach the history's start.
    async fn download_older(
        &self,
        conversation_id: i64,
        before: i64,
        limit: u32,
    ) -> Result<(), SyncError> {
        let page = self
            .source()?
            .older_messages(conversation_id, Some(before), limit)
            .await?;
        let reaches_start = !page.has_more;
        store_call(&self.store, move |s| {
            s.store_older_messages(conversation_id, &page.messages, reaches_start)
        })
        .await
    }

    /// Takes the conversation for the signed-in user, at once (not through
    /// the outbox: the answer decides what the user does next). Another
    /// user handles it and `take_over` is false: `Rejected` with code
    /// `handled_by_someone_else`, whose message names who. Offline:
    /// `Transient`; nothing is queued, so nothing is taken later by
    /// surprise. `idempotency_key` is made once when the user acted.
    /// Returns the conversation's new state; the stream brings it to the
    /// cache as well.
    pub async fn take(
        &self,
        conversation_id: i64,
        take_over: bool,
        idempotency_key: &str,
    ) -> Result<Conversation, SyncError> {
        let write = Write::Take { take_over };
        let result = self
            .source()?
            .write(conversation_id, write, at_once(idempotency_key))
            .await?;
        Ok(result.conversation)
    }

    /// Releases the conversation (nobody handles it), at once, like
    /// [`SyncHandle::take`]: only its holder or a manager may, anyone else
    /// gets `Rejected` with code `handled_by_someone_else`.
    pub async fn release(
        &self,
        conversation_id: i64,
        idempotency_key: &str,
    ) -> Result<Conversation, SyncError> {
        let result = self
            .source()?
            .write(conversation_id, Write::Release, at_once(idempotency_key))
            .await?;
        Ok(result.conversation)
    }

    fn source(&self) -> Result<&dyn Source, SyncError> {
        self.source.as_deref().ok_or(SyncError::SignedOut {
            message: "the token is not usable".into(),
        })
    }

    /// Stops the tasks and waits for them to finish.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

/// A take or release is sent once, at once, while the user waits: never a
/// retry of an earlier send, so there is nothing to look for first.
fn at_once(idempotency_key: &str) -> WriteIdentity<'_> {
    WriteIdentity {
        key: idempotency_key,
        acted_at: report::now_millis(),
        maybe_delivered: false,
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_handle_can_live_in_shared_app_state() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<super::SyncHandle>();
    }
}
