//! The shapes the store hands to the layers above. Those that reach the UI
//! derive `Serialize` + `TS`; field names stay snake_case, like the wire.

use serde::{Deserialize, Serialize};
use switchboard_protocol::{
    Assignee, AssistantState, Contact, Conversation, ConversationStatus, Message, Millis, Seq,
    Snooze,
};
use ts_rs::TS;

// ------------------------------------------------------------------ sync ---

/// Where the background download of the whole history stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryDownload {
    /// Messages below this id are still to fetch; `None`: not started.
    pub before: Option<i64>,
    /// The oldest message was reached.
    pub done: bool,
}

/// What one [`Store::prune_history`](crate::Store::prune_history) deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PruneReport {
    pub messages: usize,
    pub conversations: usize,
    /// More is older than the cut-off: call again.
    pub more: bool,
}

/// Where a conversation's missing history starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingHistory {
    /// Messages older than this one are missing; `None`: the cache holds
    /// none of the conversation's messages.
    pub before: Option<i64>,
}

/// How much of the whole history the cache holds, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryProgress {
    /// Messages the cache holds.
    #[ts(type = "number")]
    pub cached: i64,
    /// Messages the server counts in all cached conversations (at least
    /// `cached`); `None` when the server does not count. Where history is
    /// kept for a period only, a conversation that holds all it keeps
    /// counts what it holds.
    #[ts(type = "number | null")]
    pub total: Option<i64>,
    /// Every conversation's history is complete in the cache, as far as
    /// the setting keeps it.
    pub done: bool,
}

/// Where the cache stands in the server's event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPosition {
    /// The last event applied; `None` until a bootstrap has finished.
    pub applied_seq: Option<Seq>,
    /// A bootstrap under way (some pages applied), to resume from.
    pub bootstrap: Option<BootstrapResume>,
}

/// How far an interrupted bootstrap got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapResume {
    pub snapshot_seq: Seq,
    /// The token of the next page to fetch; `None` only before the first page.
    pub next_page_token: Option<String>,
    pub pages_done: u32,
    pub conversations_done: i64,
    pub total_conversations: i64,
}

/// What one applied batch (or bootstrap page) changed, for the layers above.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// The cursor after this batch; `None` for a bootstrap page that was not
    /// the last one.
    pub applied_seq: Option<Seq>,
    /// Conversations whose stored state changed (including those whose
    /// contact changed), ascending ids, each once.
    pub conversations: Vec<i64>,
    /// Contacts whose stored state changed, ascending ids.
    pub contacts: Vec<i64>,
    /// Messages newly stored, as `(conversation_id, message_id)`, in order.
    pub messages: Vec<(i64, i64)>,
    /// Transfers newly recorded in the notification ledger.
    pub transfers: usize,
}

// -------------------------------------------------------------- the list ---

/// The status filters of the conversation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    All,
    /// Open with the assistant actively responding.
    Open,
    Closed,
    Transferred,
    /// Only the conversation open now (`ListQuery::selected`).
    Selected,
    /// Those the signed-in user handles (`Store::use_for_user`), whatever
    /// their status.
    Mine,
}

/// One page request of the conversation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListQuery {
    pub filter: Filter,
    #[ts(type = "number | null")]
    pub selected: Option<i64>,
    /// The last row of the previous page; `None` for the first page.
    pub after: Option<ListCursor>,
    /// Rows per page, 1..=500 (clamped).
    pub limit: u32,
}

/// Keyset position in the list: rows strictly after it (older activity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListCursor {
    #[ts(type = "number")]
    pub last_activity_at: Millis,
    #[ts(type = "number")]
    pub id: i64,
}

/// One row of the conversation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversationRow {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub contact_id: i64,
    /// Empty when the contact is not in the cache.
    pub contact_name: String,
    pub channel: String,
    pub status: ConversationStatus,
    pub assistant_state: AssistantState,
    pub preview: Option<String>,
    #[ts(type = "number")]
    pub last_activity_at: Millis,
    pub transfer_reason: Option<String>,
    /// While transferred: since when the customer waits for a human (the
    /// transfer, or their first message after the last human reply);
    /// `None` once a human answered.
    #[ts(type = "number | null")]
    pub waiting_since: Option<Millis>,
    /// While transferred: the agent who last replied since the transfer,
    /// and when ("Ana replied 3m ago").
    pub replied_by: Option<String>,
    #[ts(type = "number | null")]
    pub replied_at: Option<Millis>,
    /// Agent writes on this conversation not yet confirmed by the stream.
    pub pending_writes: u32,
    /// Who handles it ("Ana is handling this"); `None`: nobody.
    pub assignee: Option<Assignee>,
    /// The assignee is the signed-in user ("You are handling this").
    pub assignee_is_me: bool,
    /// Snoozed by a person ("Snoozed until 14:00"); `None`: not snoozed.
    pub snooze: Option<Snooze>,
}

/// A page of the conversation list, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversationPage {
    pub rows: Vec<ConversationRow>,
    /// Pass as `ListQuery::after` for the next page; `None` on the last page.
    pub next: Option<ListCursor>,
}

/// How many conversations each filter shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FilterCounts {
    pub all: u32,
    /// Open with the assistant active (the Open filter).
    pub open: u32,
    pub closed: u32,
    pub transferred: u32,
    /// Handled by the signed-in user, whatever the status (the Mine filter).
    pub mine: u32,
}

// ---------------------------------------------------------------- search ---

/// Which field of a conversation a search matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchField {
    Name,
    Email,
    Phone,
    Message,
}

/// A piece of a snippet; highlighted pieces are what matched. Plain text,
/// never markup: the UI renders each span as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextSpan {
    pub text: String,
    pub highlighted: bool,
}

/// One search result: a conversation and why it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub row: ConversationRow,
    pub matched: MatchField,
    pub snippet: Vec<TextSpan>,
}

// ---------------------------------------------------- conversation pane ---

/// A conversation with its contact (`None` if the contact is not cached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversationDetail {
    pub conversation: Conversation,
    pub contact: Option<Contact>,
}

/// What the screen shows when a conversation is opened: the conversation,
/// its contact (absent if the cache does not hold it), the newest page of
/// messages (oldest first) and the agent writes not yet confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpenedConversation {
    pub conversation: Conversation,
    pub contact: Option<Contact>,
    pub messages: MessagePage,
    pub outbox: Vec<OutboxItem>,
}

/// A page of a conversation's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MessagePage {
    /// Oldest first.
    pub messages: Vec<Message>,
    /// Whether older messages exist before the first one: in the cache, or
    /// on the server only.
    pub has_more: bool,
    /// Older messages exist on the server that the cache does not hold:
    /// the page ends where the cache does, not where the history starts.
    pub older_not_downloaded: bool,
    /// Older messages exist but are not kept (history is kept for a period
    /// only): the page ends at the cut-off, not where the history starts.
    pub older_not_kept: bool,
}

/// A contact with all its conversations, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactDetail {
    pub contact: Contact,
    pub conversations: Vec<ContactConversation>,
}

/// One of a contact's conversations, with what its history says: what the
/// customer came with, whether it was handed to a human and why, whether
/// the assistant failed to answer. What a returning contact's history is
/// for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactConversation {
    #[serde(flatten)]
    pub row: ConversationRow,
    /// The customer's first message. `None` when the cache does not hold
    /// the start of the conversation (its oldest messages are on the
    /// server only, or no longer kept), or the customer never wrote.
    pub first_question: Option<String>,
    /// Every transfer to a human, oldest first, from the durable transfer
    /// history (kept when the conversation was reopened or closed).
    pub transfers: Vec<PastTransfer>,
    /// Cached assistant replies that did not answer.
    pub unanswered: u32,
}

/// One handoff to a human.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PastTransfer {
    #[ts(type = "number")]
    pub transferred_at: Millis,
    /// `None` when the server gave none.
    pub reason: Option<String>,
}

// ---------------------------------------------------------------- outbox ---

/// An agent write waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutboxAction {
    Reply { text: String },
    SetAssistant { state: AssistantState },
    Close,
}

impl OutboxAction {
    /// Why this write could never be sent, if so: a reply the server would
    /// refuse (empty, or longer than `MAX_REPLY_CHARS`). Checked by
    /// [`Store::enqueue`](crate::Store::enqueue) before anything is queued.
    pub fn check(&self) -> Result<(), crate::StoreError> {
        match self {
            OutboxAction::Reply { text } => match switchboard_protocol::reply_problem(text) {
                Some(problem) => Err(crate::StoreError::InvalidWrite(problem)),
                None => Ok(()),
            },
            OutboxAction::SetAssistant { .. } | OutboxAction::Close => Ok(()),
        }
    }
}

/// Where an outbox item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Stored, not yet sent (or put back after a crash or a transient error).
    Pending,
    /// Handed to the network.
    Sending,
    /// The server committed it at `sent_seq`; shown until the stream catches up.
    Sent,
    /// The server refused it; `error` says why. Retry or discard.
    Failed,
}

/// One durable agent write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxItem {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub conversation_id: i64,
    pub idempotency_key: String,
    pub action: OutboxAction,
    pub state: OutboxState,
    /// Why it failed, as the server (or this cache) said it.
    pub error: Option<String>,
    /// Why it failed, as a code the page words in the user's language
    /// (`conversation_closed`, `past_retry_window`, the server's codes).
    pub error_code: Option<String>,
    pub attempts: u32,
    #[ts(type = "number")]
    pub created_at: Millis,
    #[ts(type = "number | null")]
    pub sent_seq: Option<Seq>,
}

// ----------------------------------------------------------------- ledger ---

/// One transfer: a conversation handed to a human at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct TransferKey {
    #[ts(type = "number")]
    pub conversation_id: i64,
    #[ts(type = "number")]
    pub transferred_at: Millis,
}

/// What a transfer notification says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransferNotice {
    pub key: TransferKey,
    /// Empty when the conversation is not in the cache (yet).
    pub contact_name: String,
    pub reason: Option<String>,
    pub last_customer_message: Option<String>,
}

/// Transfers to notify now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PendingNotifications {
    Nothing,
    /// Few enough, arrived live: one notification each.
    Individual(Vec<TransferNotice>),
    /// Found by a bootstrap, or too many at once: one notification for all.
    Summary {
        count: u32,
        keys: Vec<TransferKey>,
    },
}
