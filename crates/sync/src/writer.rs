//! The single writer: the one task that changes the local cache. It
//! bootstraps, catches up, follows the live stream, and decides what to do
//! after every failure (back off, re-bootstrap, stop signed out).

use std::sync::Arc;

use backon::BackoffBuilder;
use switchboard_protocol::{BootstrapPage, Event, Seq};
use switchboard_store::{Store, StoreError};
use tokio::sync::{mpsc, Notify};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::change::SyncStatus;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::live::{StreamItem, StreamLimits};
use crate::report::Reporter;
use crate::source::Source;
use crate::store_call::store_call;

pub(crate) struct Writer {
    pub store: Store,
    pub source: Arc<dyn Source>,
    pub config: SyncConfig,
    pub reporter: Reporter,
    pub cancel: CancellationToken,
    /// Set by `reconnect_now`: skip the backoff, drop the connection.
    pub reconnect: Arc<Notify>,
    /// Poked when the stream goes live, so that the outbox sends at once.
    pub outbox_wake: Arc<Notify>,
}

/// How a connection ended without an error.
enum Ended {
    ReconnectRequested,
}

pub(crate) fn backoff(config: &SyncConfig) -> backon::ExponentialBackoff {
    backon::ExponentialBuilder::default()
        .with_jitter()
        .with_min_delay(config.min_backoff)
        .with_max_delay(config.max_backoff)
        .without_max_times()
        .build()
}

impl Writer {
    pub async fn run(self) {
        let mut delays = backoff(&self.config);
        let mut rebootstraps_in_a_row = 0u32;
        loop {
            let started = Instant::now();
            let mut delivered = 0u64;
            let result = tokio::select! {
                _ = self.cancel.cancelled() => return,
                result = self.connect_and_follow(&mut delivered) => result,
            };
            // A connection that lived a while or delivered events was
            // healthy: the next failure starts a fresh backoff. One that
            // dies at once must not reconnect in a tight loop.
            if delivered > 0 || started.elapsed() >= self.config.min_backoff * 4 {
                delays = backoff(&self.config);
                rebootstraps_in_a_row = 0;
            }
            let error = match result {
                Ok(Ended::ReconnectRequested) => continue,
                Err(error) => error,
            };
            match error {
                SyncError::Stopped => return,
                SyncError::SignedOut { message } => {
                    tracing::warn!(%message, "token refused; sync stopped until the next sign-in");
                    self.reporter.set_status(SyncStatus::SignedOut).await;
                    self.cancel.cancel(); // the outbox sender stops too
                    return;
                }
                SyncError::CursorExpired { message } => {
                    tracing::info!(%message, "cursor expired; rebuilding the cache from a bootstrap");
                    if let Err(error) =
                        store_call(&self.store, |s| s.reset_cache_for_rebootstrap()).await
                    {
                        self.reporter
                            .set_status(SyncStatus::Error {
                                problem: error.problem(),
                                reason: error.to_string(),
                            })
                            .await;
                    } else {
                        rebootstraps_in_a_row += 1;
                        // One re-bootstrap is normal; expiring again at once
                        // means a server in trouble: pause as for any error.
                        if rebootstraps_in_a_row <= 1 {
                            continue;
                        }
                    }
                }
                SyncError::Transient(reason) => {
                    tracing::info!(%reason, "sync offline; retrying with backoff");
                    self.reporter.set_offline(reason).await;
                }
                other => {
                    tracing::warn!(error = %other, "sync failed; retrying with backoff");
                    self.reporter
                        .set_status(SyncStatus::Error {
                            problem: other.problem(),
                            reason: other.to_string(),
                        })
                        .await;
                }
            }
            let delay = delays.next().unwrap_or(self.config.max_backoff);
            tokio::select! {
                _ = self.cancel.cancelled() => return,
                _ = self.reconnect.notified() => tracing::debug!("reconnect requested"),
                _ = tokio::time::sleep(delay) => {}
            }
        }
    }

    /// One connection's life: bootstrap if needed, catch up, then follow
    /// the stream until it fails.
    async fn connect_and_follow(&self, delivered: &mut u64) -> Result<Ended, SyncError> {
        let position = store_call(&self.store, |s| s.sync_position()).await?;
        let mut applied = match position.applied_seq {
            Some(seq) => seq,
            None => self.bootstrap().await?,
        };
        applied = self.catch_up(applied).await?;

        let (items_tx, mut items) = mpsc::channel(self.config.stream_buffer);
        let limits = StreamLimits {
            silence_timeout: self.config.silence_timeout,
            max_event_bytes: self.config.max_event_bytes,
        };
        let connection = self.source.open_live(applied, limits, items_tx).await?;
        let reader = tokio::spawn(connection);
        let _reader = AbortOnDrop(reader);
        self.reporter.set_status(SyncStatus::Live).await;
        self.outbox_wake.notify_one();

        let mut batch = Vec::with_capacity(self.config.max_batch);
        loop {
            batch.clear();
            let received = tokio::select! {
                biased;
                _ = self.cancel.cancelled() => return Err(SyncError::Stopped),
                _ = self.reconnect.notified() => return Ok(Ended::ReconnectRequested),
                n = items.recv_many(&mut batch, self.config.max_batch) => n,
            };
            if received == 0 {
                return Err(SyncError::Transient("the stream reader stopped".into()));
            }
            let mut events = Vec::with_capacity(batch.len());
            let mut resync = false;
            let mut ended = None;
            for item in batch.drain(..) {
                match item {
                    StreamItem::Event(event) => events.push(event),
                    StreamItem::Bad(bad) => {
                        tracing::debug!(error = %bad, "resync requested by the reader");
                        resync = true;
                    }
                    StreamItem::Ended(error) => ended = Some(error),
                }
            }
            match self.apply(applied, events).await {
                Ok((seq, count)) => {
                    applied = seq;
                    *delivered += count;
                }
                Err(SyncError::Store(StoreError::Gap { expected, got })) => {
                    tracing::info!(expected, got, "gap in the live stream; catching up");
                    resync = true;
                }
                Err(error) => return Err(error),
            }
            if let Some(error) = ended {
                return Err(error);
            }
            if resync {
                self.reporter.set_status(SyncStatus::CatchingUp).await;
                applied = self.catch_up(applied).await?;
                self.reporter.set_status(SyncStatus::Live).await;
            }
        }
    }

    /// Applies events in one transaction, after putting them in order and
    /// dropping those already applied (duplicates from a reconnect, or
    /// delivered out of order). Returns the new cursor and how many applied.
    async fn apply(&self, applied: Seq, mut events: Vec<Event>) -> Result<(Seq, u64), SyncError> {
        events.sort_by_key(|e| e.seq);
        events.dedup_by_key(|e| e.seq);
        events.retain(|e| e.seq > applied);
        if events.is_empty() {
            return Ok((applied, 0));
        }
        let count = events.len() as u64;
        let report = store_call(&self.store, move |s| s.apply_events(&events)).await?;
        self.reporter.applied(&report).await;
        Ok((report.applied_seq.unwrap_or(applied), count))
    }

    /// Pulls `/v1/sync/events` until the cursor reaches the server's newest
    /// seq. Returns the new cursor.
    async fn catch_up(&self, mut applied: Seq) -> Result<Seq, SyncError> {
        loop {
            let page = self
                .source
                .changes_after(applied, self.config.catch_up_limit)
                .await?;
            if page.last_seq > applied && page.events.len() > 1 {
                self.reporter.set_status(SyncStatus::CatchingUp).await;
            }
            let mut good = Vec::with_capacity(page.events.len());
            let mut bad = None;
            for event in page.events {
                match event {
                    Ok(event) => good.push(event),
                    Err(error) => {
                        bad = Some(error);
                        break;
                    }
                }
            }
            let got_any = !good.is_empty();
            let before = applied;
            let (seq, _) = match self.apply(applied, good).await {
                Err(SyncError::Store(StoreError::Gap { expected, got })) => {
                    return Err(SyncError::Protocol(format!(
                        "catch-up page skipped events: expected seq {expected}, got {got}"
                    )));
                }
                other => other?,
            };
            applied = seq;
            if let Some(bad) = bad {
                // The log itself holds an event we cannot apply: stop here
                // with a visible error rather than skip it and be wrong.
                tracing::error!(error = %bad, "catch-up returned an event this client cannot apply");
                return Err(SyncError::Protocol(bad.to_string()));
            }
            if applied >= page.last_seq {
                return Ok(applied);
            }
            if applied == before {
                // More to come, yet nothing past the cursor (an empty page,
                // or only events at or below it): asking again at once
                // would spin. An error pauses with backoff and tells why.
                return Err(SyncError::Protocol(format!(
                    "catch-up made no progress: the server's newest seq is {}, \
                     its page held nothing after {applied}{}",
                    page.last_seq,
                    if got_any { "" } else { " (no events)" }
                )));
            }
        }
    }

    /// Downloads the snapshot page by page, resuming from the stored page
    /// token. Returns the cursor the snapshot ends at.
    ///
    /// The next page downloads (and decodes) while this one is applied, so
    /// a bootstrap takes about as long as the slower of the two, not both.
    async fn bootstrap(&self) -> Result<Seq, SyncError> {
        let position = store_call(&self.store, |s| s.sync_position()).await?;
        let resume = position.bootstrap;
        let mut token = resume.as_ref().and_then(|r| r.next_page_token.clone());
        let mut pages_done = resume.as_ref().map_or(0, |r| r.pages_done);
        // The store counts in i64 (SQLite integers); progress is never negative.
        let mut conversations_done = resume
            .as_ref()
            .map_or(0, |r| r.conversations_done.max(0) as u64);
        let mut total = resume
            .as_ref()
            .map(|r| r.total_conversations.max(0) as u64)
            .filter(|&t| t > 0);
        if token.is_some() {
            tracing::info!(pages_done, "resuming an interrupted bootstrap");
        }
        let mut pages = self.prefetch_pages(token.clone());
        loop {
            self.reporter
                .set_status(SyncStatus::Bootstrapping {
                    pages_done,
                    conversations_done,
                    total,
                })
                .await;
            let page = match pages.next().await {
                // A stored page token the server no longer accepts (its
                // snapshot is gone): start over rather than stay stuck.
                Err(SyncError::Rejected { code, message, .. }) if token.is_some() => {
                    tracing::warn!(%code, %message, "stored bootstrap page token refused; starting over");
                    store_call(&self.store, |s| s.reset_cache_for_rebootstrap()).await?;
                    token = None;
                    pages_done = 0;
                    conversations_done = 0;
                    pages = self.prefetch_pages(None);
                    continue;
                }
                other => other?,
            };
            let next = page.next_page_token.clone();
            let snapshot_seq = page.snapshot_seq;
            pages_done += 1;
            conversations_done += page.conversations.len() as u64;
            total = Some(page.total_conversations.max(0) as u64);
            let report = store_call(&self.store, move |s| s.apply_bootstrap_page(&page)).await?;
            self.reporter.applied(&report).await;
            match next {
                Some(next) => token = Some(next),
                None => {
                    tracing::info!(
                        pages_done,
                        conversations_done,
                        snapshot_seq,
                        "bootstrap complete"
                    );
                    return Ok(snapshot_seq);
                }
            }
        }
    }

    /// Starts downloading bootstrap pages from `token` on, one page ahead
    /// of the writer. Dropping the result stops the download.
    fn prefetch_pages(&self, token: Option<String>) -> PagePrefetch {
        // One page in the channel and one in flight: enough to overlap the
        // network with SQLite without holding many pages in memory.
        let (pages_tx, pages) = mpsc::channel(1);
        let source = self.source.clone();
        let limit = self.config.bootstrap_page_limit;
        let task = tokio::spawn(async move {
            let mut token = token;
            loop {
                let page = source.first_sync_page(token.as_deref(), limit).await;
                let next = page.as_ref().ok().and_then(|p| p.next_page_token.clone());
                let last = next.is_none();
                if pages_tx.send(page).await.is_err() || last {
                    return;
                }
                token = next;
            }
        });
        PagePrefetch {
            pages,
            _task: AbortOnDrop(task),
        }
    }
}

struct PagePrefetch {
    pages: mpsc::Receiver<Result<BootstrapPage, SyncError>>,
    _task: AbortOnDrop,
}

impl PagePrefetch {
    async fn next(&mut self) -> Result<BootstrapPage, SyncError> {
        self.pages
            .recv()
            .await
            .unwrap_or_else(|| Err(SyncError::Transient("bootstrap download stopped".into())))
    }
}

/// A spawned task that stops when its owner lets go of it.
pub(crate) struct AbortOnDrop(pub tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
