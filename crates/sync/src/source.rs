//! The boundary between the engine and a backend: "a source of
//! conversations, events and writes". The engine (writer, outbox sender,
//! history download, the handle's direct calls) talks only to a
//! [`Source`]; the store, the screen and the notification ledger never
//! learn which one is connected.
//!
//! Two sources exist, and they differ in kind; the types say where:
//!
//! - The Switchboard protocol keeps a **gapless event log**: the seqs a
//!   source hands out are the server's, and a cursor it no longer keeps is
//!   `CursorExpired`. Chatwoot keeps **no log**: its source numbers the
//!   changes it sees itself, continuing from the cache's `applied` seq, so
//!   the seqs it hands out mean "the order this cache applied them in" and
//!   nothing on the server. It answers `CursorExpired` when it cannot tell
//!   what changed (no known last contact, or too long ago), which makes the
//!   engine rebuild the cache from a first sync; the ledger keeps a
//!   handoff seen before from being notified again. Such a source must
//!   number without holes and never send [`StreamItem::Bad`]: the engine's
//!   answer to either is a catch-up from its own position, which would
//!   number anew what the live connection numbers too.
//! - Writes: the Switchboard backend dedupes on the idempotency key; Chatwoot
//!   has no such key, so its source must look for an earlier delivery
//!   before sending again ([`WriteIdentity::maybe_delivered`]).
//! - History: Chatwoot has no endpoint for the whole history of every
//!   conversation ([`Source::history_page`] answers `None`); history comes
//!   per conversation.

use futures::future::BoxFuture;
use switchboard_protocol::{
    AssistantState, BootstrapPage, Me, MessagesPage, Millis, Seq, WriteResult,
};
use tokio::sync::mpsc;

use crate::decode::BadEvent;
use crate::error::SyncError;
use crate::live::{StreamItem, StreamLimits};

/// A page of changes after the cache's position, decoded one by one so
/// that one bad change is reported with its seq instead of failing the
/// whole page.
#[derive(Debug)]
pub struct ChangesPage {
    pub events: Vec<Result<switchboard_protocol::Event, BadEvent>>,
    /// The newest seq the source knows of (not only of this page): the
    /// cache is caught up when its position reaches it.
    pub last_seq: Seq,
}

/// An agent write: the outbox's, or a take or release sent at once.
#[derive(Debug, Clone)]
pub enum Write<'a> {
    Reply { text: &'a str },
    SetAssistant { state: AssistantState },
    Close,
    Take { take_over: bool },
    Release,
}

/// What makes one agent write the same write across retries.
#[derive(Debug, Clone, Copy)]
pub struct WriteIdentity<'a> {
    /// Made once when the user acted. A source with idempotency keys sends
    /// it, and the server applies the write once however often it comes;
    /// Chatwoot has none (it gets the key as `echo_id`, an echo, not a
    /// guard).
    pub key: &'a str,
    /// When the user acted: a source without idempotency keys looks for
    /// the write from then on before sending it again.
    pub acted_at: Millis,
    /// Sent before without a readable answer: it may have landed. A source
    /// without idempotency keys must check before sending again.
    pub maybe_delivered: bool,
}

/// A live connection that has been opened: run it to read until it ends.
/// It sends every item to the channel given to [`Source::open_live`], the
/// last one always [`StreamItem::Ended`].
pub type LiveConnection = BoxFuture<'static, ()>;

/// A backend the engine keeps the cache converged with. Object-safe, so the
/// handle holds one without knowing which.
pub trait Source: Send + Sync + 'static {
    /// Who the token belongs to.
    fn me(&self) -> BoxFuture<'_, Result<Me, SyncError>>;

    /// One page of the first sync (the snapshot the cache is built from),
    /// resuming from `page_token`; `limit` is a hint a source may ignore
    /// (Chatwoot's pages hold 25 conversations).
    fn first_sync_page<'a>(
        &'a self,
        page_token: Option<&'a str>,
        limit: u32,
    ) -> BoxFuture<'a, Result<BootstrapPage, SyncError>>;

    /// What changed after the cache's position `applied` (catch-up after a
    /// gap), at most about `limit` changes.
    fn changes_after(
        &self,
        applied: Seq,
        limit: u32,
    ) -> BoxFuture<'_, Result<ChangesPage, SyncError>>;

    /// Opens the live feed of changes after `applied`. Fails if it cannot
    /// be opened (the engine is then not live); once open, the returned
    /// connection reads until it ends.
    fn open_live(
        &self,
        applied: Seq,
        limits: StreamLimits,
        items: mpsc::Sender<StreamItem>,
    ) -> BoxFuture<'_, Result<LiveConnection, SyncError>>;

    /// Messages of one conversation older than `before` (the newest ones
    /// without it), newest first, with whether more are older.
    fn older_messages(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> BoxFuture<'_, Result<MessagesPage, SyncError>>;

    /// Messages of every conversation older than `before`, newest first:
    /// the background download of the whole history. `None`: the source
    /// has no such endpoint; history then comes per conversation.
    fn history_page(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> BoxFuture<'_, Result<Option<MessagesPage>, SyncError>>;

    /// Sends one write. `Ok` only once the server holds it; the result's
    /// `seq` is where the cache will see it (the outbox shows the write as
    /// sent until the cache's position reaches it).
    fn write<'a>(
        &'a self,
        conversation_id: i64,
        write: Write<'a>,
        identity: WriteIdentity<'a>,
    ) -> BoxFuture<'a, Result<WriteResult, SyncError>>;
}
