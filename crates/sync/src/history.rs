//! The background download of the whole history: once the cache is live,
//! pages of every conversation's older messages, newest first, until the
//! oldest. Search by message text and the review are only as good as the
//! history in the cache.
//!
//! It is gentle: it waits while the engine is not live (the first list and
//! live events come first), fetches one page at a time, and each page is a
//! short store transaction that live events do not wait long behind. It is
//! resumable: the store keeps the cursor with each page it stores.

use std::time::Duration;

use switchboard_store::Store;
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::change::{SyncChange, SyncStatus};
use crate::client::ApiClient;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::report::Reporter;
use crate::store_call::store_call;
use crate::writer::backoff;

/// Progress is told at most this often (it sums over every conversation).
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

pub(crate) struct HistoryDownloader {
    pub store: Store,
    pub client: ApiClient,
    pub config: SyncConfig,
    pub reporter: Reporter,
    pub cancel: CancellationToken,
    pub status: watch::Receiver<SyncStatus>,
}

impl HistoryDownloader {
    pub async fn run(mut self) {
        let cancel = self.cancel.clone();
        tokio::select! {
            _ = cancel.cancelled() => {}
            () = self.download() => {}
        }
    }

    async fn download(&mut self) {
        let mut delays = backoff(&self.config);
        let mut told = Instant::now() - PROGRESS_EVERY;
        loop {
            if !self.wait_live().await {
                return;
            }
            let position = match store_call(&self.store, |s| s.history_download()).await {
                Ok(position) => position,
                Err(error) => {
                    tracing::warn!(%error, "history download: the cache cannot be read");
                    return;
                }
            };
            if position.done {
                self.tell_progress().await;
                // Done until a re-bootstrap empties the cache: look again
                // the next time the engine goes live.
                if !self.wait_not_live().await {
                    return;
                }
                continue;
            }
            match self.next_page(position.before).await {
                Ok(()) => {
                    delays = backoff(&self.config);
                    if told.elapsed() >= PROGRESS_EVERY {
                        self.tell_progress().await;
                        told = Instant::now();
                    }
                    // Let the writer's live batches in between pages.
                    tokio::task::yield_now().await;
                }
                Err(SyncError::SignedOut { .. } | SyncError::Stopped) => return,
                Err(error) => {
                    tracing::info!(%error, "history download paused; retrying with backoff");
                    let delay = delays.next().unwrap_or(self.config.max_backoff);
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn next_page(&self, before: Option<i64>) -> Result<(), SyncError> {
        let page = self
            .client
            .history_page(before, self.config.history_page_limit)
            .await?;
        if page.has_more && page.messages.is_empty() {
            return Err(SyncError::Protocol(
                "a history page with more to come but no messages".into(),
            ));
        }
        if let Some(lowest) = page.messages.iter().map(|m| m.id).min() {
            if before.is_some_and(|before| lowest >= before) {
                // A server that repeats itself would keep us here forever.
                return Err(SyncError::Protocol(format!(
                    "a history page below {before:?} held message {lowest}"
                )));
            }
        }
        store_call(&self.store, move |s| {
            s.store_history_page(&page.messages, page.has_more)
        })
        .await
    }

    async fn tell_progress(&self) {
        match store_call(&self.store, |s| s.history_progress()).await {
            Ok(progress) => {
                self.reporter
                    .emit(SyncChange::HistoryProgress { progress })
                    .await
            }
            Err(error) => tracing::debug!(%error, "history progress unreadable"),
        }
    }

    /// Waits until the engine is live; false when it stopped.
    async fn wait_live(&mut self) -> bool {
        self.status
            .wait_for(|status| *status == SyncStatus::Live)
            .await
            .is_ok()
    }

    /// Waits until the engine leaves the live state; false when it stopped.
    async fn wait_not_live(&mut self) -> bool {
        self.status
            .wait_for(|status| *status != SyncStatus::Live)
            .await
            .is_ok()
    }
}
