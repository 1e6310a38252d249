//! What the engine tells the desktop shell: typed changes and the sync
//! status. Both serialize as `{"kind": "...", ...}` for the webview.

use serde::Serialize;
use switchboard_store::{HistoryProgress, OutboxState};
use ts_rs::TS;

/// Something changed in the local store, or in the engine's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncChange {
    /// These conversations' rows changed (status, preview, activity, …).
    ConversationsChanged {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
    },
    /// New messages were stored for one conversation.
    MessagesAdded {
        #[ts(type = "number")]
        conversation_id: i64,
        #[ts(type = "Array<number>")]
        message_ids: Vec<i64>,
    },
    /// The notification ledger has transfers to announce: call
    /// `pending_notifications` on the store.
    TransfersDetected,
    /// An outbox item moved to a new state.
    OutboxChanged {
        #[ts(type = "number")]
        conversation_id: i64,
        #[ts(type = "number")]
        item_id: i64,
        state: OutboxState,
    },
    /// The engine's status changed.
    Status { status: SyncStatus },
    /// How much of the whole history the cache holds (the background
    /// download told at most once a second, and once when it is done).
    HistoryProgress { progress: HistoryProgress },
}

/// Where the engine stands, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncStatus {
    /// Opening a connection (or about to).
    Connecting,
    /// Downloading the first snapshot; `total` is known after the first page.
    Bootstrapping {
        pages_done: u32,
        #[ts(type = "number")]
        conversations_done: u64,
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// Applying the events missed while away.
    CatchingUp,
    /// Following the live stream: the cache is current.
    Live,
    /// The server cannot be reached; retrying with backoff since `since`.
    Offline {
        #[ts(type = "number")]
        since: i64,
        reason: String,
    },
    /// The token was refused: the engine stopped and waits for a new sign-in.
    SignedOut,
    /// Something other than the network failed (bad data from the server,
    /// the local store); retried with backoff, shown to the user meanwhile:
    /// `problem` in their language, `reason` (English) for a bug report.
    Error {
        problem: SyncProblem,
        reason: String,
    },
}

/// What kind of failure [`SyncStatus::Error`] is: what the page says, and
/// what it offers to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncProblem {
    /// The disk is full: nothing new is saved until space is freed.
    DiskFull,
    /// SQLite found the cache file damaged: a restart sets it aside.
    CacheDamaged,
    /// The cache failed otherwise (read-only, a value that does not decode…).
    CacheFailed,
    /// The server refused a request it will refuse again (a 4xx).
    ServerRefused,
    /// The server answered with something this version cannot read.
    BadServerAnswer,
    /// A bug on our side.
    Internal,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_serialize_with_a_kind_tag_the_ui_can_switch_on() {
        let status = SyncChange::Status {
            status: SyncStatus::Offline {
                since: 5,
                reason: "connection refused".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            json!({"kind": "status", "status": {"kind": "offline", "since": 5, "reason": "connection refused"}}),
            "the webview branches on `kind`; a status nests its own `kind`"
        );
        let outbox = SyncChange::OutboxChanged {
            conversation_id: 1,
            item_id: 2,
            state: OutboxState::Failed,
        };
        assert_eq!(
            serde_json::to_value(&outbox).unwrap(),
            json!({"kind": "outbox_changed", "conversation_id": 1, "item_id": 2, "state": "failed"}),
            "field names stay snake_case like the rest of the IPC types"
        );
        let ts = SyncChange::export_to_string().expect("TypeScript binding");
        assert!(
            ts.contains("\"kind\": \"transfers_detected\""),
            "the binding must carry the tags: {ts}"
        );
    }
}
