//! Keeping history for the period the user chose ("keep history for: 90
//! days"): the store's cut-off is set at start, daily (it moves with the
//! day) and when the setting changes; the cache is then pruned in short
//! batches, and the sync engine is told when more history is wanted again.

use std::time::Duration;

use switchboard_sync::SyncChange;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::app_settings::KeepHistory;
use crate::events;
use crate::shell::Shell;

/// Messages (and conversations) deleted per store transaction: a few
/// milliseconds that live events wait behind.
const PRUNE_BATCH: u32 = 1_000;

/// Between two batches the writer serves live events.
const BETWEEN_BATCHES: Duration = Duration::from_millis(25);

/// The cut-off moves with the day.
const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Applies the setting now, then daily and after every change of it, for
/// as long as the app runs.
pub async fn run<R: Runtime>(app: AppHandle<R>) {
    loop {
        let shell = app.state::<Shell>();
        let keep = shell.stored_app_settings().keep_history;
        apply(&app, &shell, keep, crate::clock::now_ms()).await;
        let changed = shell.history_kept.clone();
        tokio::select! {
            () = changed.notified() => {}
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}

async fn apply<R: Runtime>(app: &AppHandle<R>, shell: &Shell, keep: KeepHistory, now: i64) {
    let cutoff = keep.cutoff(now);
    match shell.write(move |store| store.set_keep_since(cutoff)).await {
        Ok(true) => {
            if let Some(sync) = shell.sync() {
                sync.keep_more_history();
            }
        }
        Ok(false) => {}
        Err(error) => {
            tracing::warn!(%error, "could not set how long history is kept");
            return;
        }
    }
    let (mut messages, mut conversations) = (0, 0);
    loop {
        match shell.write(|store| store.prune_history(PRUNE_BATCH)).await {
            Ok(report) => {
                messages += report.messages;
                conversations += report.conversations;
                if !report.more {
                    break;
                }
                tokio::time::sleep(BETWEEN_BATCHES).await;
            }
            Err(error) => {
                tracing::warn!(%error, "pruning the history stopped; tried again tomorrow");
                break;
            }
        }
    }
    if messages > 0 || conversations > 0 {
        tracing::info!(
            ?keep,
            messages,
            conversations,
            "history older than kept pruned"
        );
    }
    if conversations > 0 {
        // The list, its counts and search lose the conversations pruned.
        let change = SyncChange::ConversationsChanged { ids: Vec::new() };
        if let Err(error) = app.emit(events::SYNC, change) {
            tracing::warn!(?error, "could not tell the page about pruned conversations");
        }
    }
}
