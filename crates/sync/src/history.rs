//! The background download of the whole history: once the cache is live,
//! pages of every conversation's older messages, newest first, until the
//! oldest. Search by message text and the review are only as good as the
//! history in the cache.
//!
//! It is gentle: it waits while the engine is not live (the first list and
//! live events come first), fetches one page at a time, and each page is a
//! short store transaction that live events do not wait long behind. It is
//! resumable: the store keeps the cursor with each page it stores.
//!
//! Some history is wanted before the rest: the conversation the user opens
//! (scrolling up must not wait for the bulk download), and the
//! conversations of a period about to be reviewed. Those jump the queue:
//! their whole history is fetched conversation by conversation before the
//! next bulk page. Where the user keeps history for a period only, the
//! store keeps nothing older than the cut-off and says when a download has
//! reached it.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_protocol::Millis;
use switchboard_store::Store;
use tokio::sync::{watch, Notify};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::change::{SyncChange, SyncStatus};
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::report::Reporter;
use crate::source::Source;
use crate::store_call::store_call;
use crate::writer::backoff;

/// What one step of the download did.
enum Step {
    /// Stored a page (or finished a priority): go on.
    Working,
    /// Nothing is left to download.
    Done,
}

/// Progress is told at most this often (it sums over every conversation).
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// History wanted before the bulk download's next page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Priority {
    /// One conversation's whole history (it is open on the screen).
    Conversation(i64),
    /// The whole history of every conversation last active in `from..=to`,
    /// newest activity first; `skipped`: those the server refused.
    Period {
        from: Millis,
        to: Millis,
        skipped: HashSet<i64>,
    },
}

/// The queue of history wanted first, shared by the handle and the
/// downloader, and the bell that wakes the downloader.
#[derive(Default)]
pub(crate) struct Priorities {
    queue: Mutex<VecDeque<Priority>>,
    wake: Notify,
}

impl Priorities {
    /// The open conversation goes first, ahead of a period.
    pub fn conversation(&self, id: i64) {
        let mut queue = self.lock();
        queue.retain(|p| *p != Priority::Conversation(id));
        queue.push_front(Priority::Conversation(id));
        drop(queue);
        self.wake.notify_one();
    }

    pub fn period(&self, from: Millis, to: Millis) {
        self.lock().push_back(Priority::Period {
            from,
            to,
            skipped: HashSet::new(),
        });
        self.wake.notify_one();
    }

    /// Something changed that the downloader should look at again (the
    /// cut-off moved back: more history is wanted).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Priority>> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn first(&self) -> Option<Priority> {
        self.lock().front().cloned()
    }

    fn finished(&self, done: &Priority) {
        let mut queue = self.lock();
        if let Some(at) = queue.iter().position(|p| p == done) {
            queue.remove(at);
        }
    }

    fn skip_in_period(&self, period: &Priority, conversation_id: i64) {
        let mut queue = self.lock();
        if let Some(Priority::Period { skipped, .. }) = queue.iter_mut().find(|p| *p == period) {
            skipped.insert(conversation_id);
        }
    }
}

pub(crate) struct HistoryDownloader {
    pub priorities: Arc<Priorities>,
    pub store: Store,
    pub source: Arc<dyn Source>,
    pub config: SyncConfig,
    pub reporter: Reporter,
    pub cancel: CancellationToken,
    pub status: watch::Receiver<SyncStatus>,
    /// Conversations whose history the source refused, where history is
    /// downloaded conversation by conversation (see `per_conversation_page`).
    pub refused: Mutex<HashSet<i64>>,
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
            let step = match self.priorities.first() {
                Some(priority) => self.prioritised(priority).await,
                None => self.bulk_page().await,
            };
            match step {
                Ok(Step::Working) => {
                    delays = backoff(&self.config);
                    if told.elapsed() >= PROGRESS_EVERY {
                        self.tell_progress().await;
                        told = Instant::now();
                    }
                    // Let the writer's live batches in between pages.
                    tokio::task::yield_now().await;
                }
                Ok(Step::Done) => {
                    self.tell_progress().await;
                    // Done until a re-bootstrap empties the cache (look
                    // again the next time the engine goes live), history
                    // is wanted first, or more history is to be kept.
                    let priorities = self.priorities.clone();
                    tokio::select! {
                        live = self.wait_not_live() => if !live { return },
                        () = priorities.wake.notified() => {}
                    }
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

    /// One page of the bulk download, unless it is done.
    async fn bulk_page(&self) -> Result<Step, SyncError> {
        let position = store_call(&self.store, |s| s.history_download()).await?;
        if position.done {
            return Ok(Step::Done);
        }
        match self.next_page(position.before).await? {
            Some(step) => Ok(step),
            None => self.per_conversation_page().await,
        }
    }

    /// For a source without a whole-history endpoint: one page of the
    /// missing history of the conversation with the newest activity that
    /// lacks some. Done when none lacks any (or the source refused the rest).
    async fn per_conversation_page(&self) -> Result<Step, SyncError> {
        let refused = self
            .refused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let wanted = refused.len() as u32 + 1;
        let ids = store_call(&self.store, move |s| {
            s.conversations_missing_history(Millis::MIN, Millis::MAX, wanted)
        })
        .await?;
        let Some(conversation_id) = ids.into_iter().find(|id| !refused.contains(id)) else {
            return Ok(Step::Done);
        };
        match self.conversation_page(conversation_id).await {
            Ok(_) => {}
            Err(SyncError::Rejected { .. } | SyncError::Protocol(_)) => {
                tracing::info!(conversation_id, "history not downloadable; skipped");
                self.refused
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(conversation_id);
            }
            Err(error) => return Err(error),
        }
        Ok(Step::Working)
    }

    /// One page of history wanted first; the priority leaves the queue
    /// once nothing it wants is missing.
    async fn prioritised(&self, priority: Priority) -> Result<Step, SyncError> {
        let conversation_id = match &priority {
            Priority::Conversation(id) => Some(*id),
            Priority::Period { from, to, skipped } => {
                let (from, to, wanted) = (*from, *to, skipped.len() as u32 + 1);
                let ids = store_call(&self.store, move |s| {
                    s.conversations_missing_history(from, to, wanted)
                })
                .await?;
                ids.into_iter().find(|id| !skipped.contains(id))
            }
        };
        let Some(conversation_id) = conversation_id else {
            self.priorities.finished(&priority);
            return Ok(Step::Working);
        };
        match self.conversation_page(conversation_id).await {
            Ok(true) => {}
            Ok(false) => match &priority {
                Priority::Conversation(_) => self.priorities.finished(&priority),
                // Complete since it was asked for: the next ask leaves it
                // out anyway; skipping it keeps a disagreement from looping.
                Priority::Period { .. } => {
                    self.priorities.skip_in_period(&priority, conversation_id)
                }
            },
            Err(SyncError::Rejected { .. } | SyncError::Protocol(_)) => {
                // Gone from the server, or not readable: not worth
                // holding the rest of the queue for.
                tracing::info!(conversation_id, "history wanted first not downloadable");
                match &priority {
                    Priority::Conversation(_) => self.priorities.finished(&priority),
                    Priority::Period { .. } => {
                        self.priorities.skip_in_period(&priority, conversation_id)
                    }
                }
            }
            Err(error) => return Err(error),
        }
        Ok(Step::Working)
    }

    /// Fetches and stores one page of a conversation's missing history;
    /// whether some was missing.
    async fn conversation_page(&self, conversation_id: i64) -> Result<bool, SyncError> {
        let missing = store_call(&self.store, move |s| s.missing_history(conversation_id)).await?;
        let Some(missing) = missing else {
            return Ok(false);
        };
        let page = self
            .source
            .older_messages(
                conversation_id,
                missing.before,
                self.config.history_page_limit,
            )
            .await?;
        if page.has_more && page.messages.is_empty() {
            return Err(SyncError::Protocol(
                "a history page with more to come but no messages".into(),
            ));
        }
        if let (Some(before), Some(lowest)) =
            (missing.before, page.messages.iter().map(|m| m.id).min())
        {
            if lowest >= before {
                return Err(SyncError::Protocol(format!(
                    "conversation {conversation_id}: a page below {before} held message {lowest}"
                )));
            }
        }
        let reaches_start = !page.has_more;
        store_call(&self.store, move |s| {
            s.store_older_messages(conversation_id, &page.messages, reaches_start)
        })
        .await?;
        Ok(true)
    }

    /// One page of the whole history; `None` where the source has no
    /// whole-history endpoint.
    async fn next_page(&self, before: Option<i64>) -> Result<Option<Step>, SyncError> {
        let Some(page) = self
            .source
            .history_page(before, self.config.history_page_limit)
            .await?
        else {
            return Ok(None);
        };
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
        .await?;
        Ok(Some(Step::Working))
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
