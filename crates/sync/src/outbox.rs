//! The outbox sender: delivers agent writes stored by the shell, in order
//! per conversation, each with the idempotency key made when the user acted,
//! so that a retry after a lost answer can never apply a write twice.

use std::sync::Arc;

use switchboard_store::{OutboxAction, OutboxItem, OutboxState, Store, StoreError};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::change::{SyncChange, SyncStatus};
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::report::{now_millis, Reporter};
use crate::source::{Source, Write, WriteIdentity};
use crate::store_call::store_call;
use crate::writer::backoff;

pub(crate) struct OutboxSender {
    pub store: Store,
    pub source: Arc<dyn Source>,
    pub config: SyncConfig,
    pub reporter: Reporter,
    pub cancel: CancellationToken,
    /// Poked when a write is enqueued or retried, and when the stream goes live.
    pub wake: Arc<Notify>,
}

/// What one pass over the sendable heads ended with.
enum Pass {
    /// Nothing left to send right now.
    Idle,
    /// At least one write succeeded or failed for good: look again.
    Progress,
    /// The network or the server is down: wait before trying again.
    Transient,
}

impl OutboxSender {
    pub async fn run(self) {
        let mut delays = backoff(&self.config);
        loop {
            let pass = tokio::select! {
                _ = self.cancel.cancelled() => return,
                pass = self.send_pass() => pass,
            };
            let pass = match pass {
                Ok(pass) => pass,
                Err(SyncError::SignedOut { message }) => {
                    tracing::warn!(%message, "token refused while sending a write; sync stopped");
                    self.reporter.set_status(SyncStatus::SignedOut).await;
                    self.cancel.cancel();
                    return;
                }
                Err(error) => {
                    // The store failed: nothing sensible to do but wait.
                    tracing::error!(%error, "outbox sender failed; retrying later");
                    Pass::Transient
                }
            };
            match pass {
                Pass::Progress => {
                    delays = backoff(&self.config);
                    continue;
                }
                Pass::Idle => {
                    delays = backoff(&self.config);
                    tokio::select! {
                        _ = self.cancel.cancelled() => return,
                        _ = self.wake.notified() => {}
                    }
                }
                Pass::Transient => {
                    let delay = delays.next().unwrap_or(self.config.max_backoff);
                    tokio::select! {
                        _ = self.cancel.cancelled() => return,
                        _ = self.wake.notified() => {}
                        _ = tokio::time::sleep(delay) => {}
                    }
                }
            }
        }
    }

    /// Sends the head of every conversation's queue once.
    async fn send_pass(&self) -> Result<Pass, SyncError> {
        let now = now_millis();
        let expired =
            store_call(&self.store, move |s| s.fail_writes_past_retry_window(now)).await?;
        for item in &expired {
            tracing::warn!(item = item.id, "write given up: past its retry window");
            self.changed(item, OutboxState::Failed).await;
        }
        let heads = store_call(&self.store, |s| s.sendable_outbox()).await?;
        if heads.is_empty() {
            return Ok(Pass::Idle);
        }
        let mut transient = false;
        for item in heads {
            match self.send_one(&item).await? {
                Pass::Transient => transient = true,
                Pass::Progress | Pass::Idle => {}
            }
        }
        Ok(if transient {
            Pass::Transient
        } else {
            Pass::Progress
        })
    }

    async fn send_one(&self, item: &OutboxItem) -> Result<Pass, SyncError> {
        let id = item.id;
        match store_call(&self.store, move |s| s.mark_sending(id)).await {
            Ok(_) => {}
            // The user discarded or changed it since we listed it: skip it.
            Err(SyncError::Store(
                StoreError::InvalidOutboxState { .. } | StoreError::NotFound { .. },
            )) => return Ok(Pass::Progress),
            Err(error) => return Err(error),
        }
        self.changed(item, OutboxState::Sending).await;
        let write = match &item.action {
            OutboxAction::Reply { text } => Write::Reply { text },
            OutboxAction::SetAssistant { state } => Write::SetAssistant { state: *state },
            OutboxAction::Close => Write::Close,
        };
        let identity = WriteIdentity {
            key: &item.idempotency_key,
            acted_at: item.created_at,
            // `item` is as listed, before this attempt was counted.
            maybe_delivered: item.attempts > 0,
        };
        match self
            .source
            .write(item.conversation_id, write, identity)
            .await
        {
            Ok(result) => {
                let seq = result.seq;
                store_call(&self.store, move |s| s.mark_sent(id, seq)).await?;
                self.changed(item, OutboxState::Sent).await;
                Ok(Pass::Progress)
            }
            Err(error @ SyncError::SignedOut { .. }) => {
                self.back_to_pending(item).await?;
                Err(error)
            }
            Err(SyncError::Rejected {
                status,
                code,
                message,
            }) => {
                tracing::warn!(item = id, status, %code, %message, "write rejected by the server");
                let reason = if message.is_empty() {
                    code.clone()
                } else {
                    message
                };
                store_call(&self.store, move |s| s.mark_failed(id, &code, &reason)).await?;
                self.changed(item, OutboxState::Failed).await;
                Ok(Pass::Progress)
            }
            Err(error) => {
                // Network, 5xx, 429, an answer we could not read: the write
                // may or may not have landed; the same idempotency key makes
                // the retry safe either way.
                tracing::info!(item = id, %error, "write not delivered; will retry");
                self.back_to_pending(item).await?;
                Ok(Pass::Transient)
            }
        }
    }

    async fn back_to_pending(&self, item: &OutboxItem) -> Result<(), SyncError> {
        let id = item.id;
        store_call(&self.store, move |s| s.requeue(id)).await?;
        self.changed(item, OutboxState::Pending).await;
        Ok(())
    }

    async fn changed(&self, item: &OutboxItem, state: OutboxState) {
        self.reporter
            .emit(SyncChange::OutboxChanged {
                conversation_id: item.conversation_id,
                item_id: item.id,
                state,
            })
            .await;
    }
}
