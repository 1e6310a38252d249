//! The engine's voice: one place that publishes status and changes, shared
//! by the writer and the outbox sender.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use switchboard_store::ApplyReport;
use tokio::sync::{mpsc, watch};

use crate::change::{SyncChange, SyncStatus};

#[derive(Clone)]
pub(crate) struct Reporter {
    status: Arc<watch::Sender<SyncStatus>>,
    changes: mpsc::Sender<SyncChange>,
}

impl Reporter {
    pub fn new(changes: mpsc::Sender<SyncChange>) -> (Reporter, watch::Receiver<SyncStatus>) {
        let (status, status_rx) = watch::channel(SyncStatus::Connecting);
        let reporter = Reporter {
            status: Arc::new(status),
            changes,
        };
        (reporter, status_rx)
    }

    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Publishes a new status, unless it is the same, or the engine is
    /// already signed out (a final state: other tasks winding down must not
    /// paint over it with "offline").
    pub async fn set_status(&self, status: SyncStatus) {
        let changed = self.status.send_if_modified(|current| {
            if *current == status || *current == SyncStatus::SignedOut {
                return false;
            }
            *current = status.clone();
            true
        });
        if changed {
            tracing::debug!(?status, "sync status");
            self.emit(SyncChange::Status { status }).await;
        }
    }

    /// Goes offline, keeping the time of the first failure of a streak so
    /// that the UI can say "offline since 10:02" rather than "since now".
    pub async fn set_offline(&self, reason: String) {
        let since = match self.status() {
            SyncStatus::Offline { since, .. } => since,
            _ => now_millis(),
        };
        self.set_status(SyncStatus::Offline { since, reason }).await;
    }

    pub async fn emit(&self, change: SyncChange) {
        // A closed receiver means the shell went away; the store is still
        // kept current, so there is nothing to do about it.
        let _ = self.changes.send(change).await;
    }

    /// Tells the shell what an apply changed: rows, messages per
    /// conversation, and whether transfers wait to be notified.
    pub async fn applied(&self, report: &ApplyReport) {
        if !report.conversations.is_empty() {
            self.emit(SyncChange::ConversationsChanged {
                ids: report.conversations.clone(),
            })
            .await;
        }
        let mut by_conversation: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for &(conversation_id, message_id) in &report.messages {
            by_conversation
                .entry(conversation_id)
                .or_default()
                .push(message_id);
        }
        for (conversation_id, message_ids) in by_conversation {
            self.emit(SyncChange::MessagesAdded {
                conversation_id,
                message_ids,
            })
            .await;
        }
        if report.transfers > 0 {
            self.emit(SyncChange::TransfersDetected).await;
        }
    }
}

pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
