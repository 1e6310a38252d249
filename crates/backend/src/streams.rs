//! Open event streams by user: the per-token cap, and the watch that ends
//! the streams of a token that stopped working.
//!
//! A token is checked when a stream opens; a stream then lives for hours.
//! Revocation is written by another process (`token revoke` on the same
//! database), so the server cannot be told: it looks, every
//! [`crate::ServerConfig::token_recheck`], at the tokens that have streams
//! open — one indexed read per such user, nothing when none is open.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::db::Db;
use crate::{now_ms, tokens};

/// The open streams of every user.
pub(crate) struct OpenStreams {
    by_user: Mutex<HashMap<i64, Entry>>,
    max_per_user: usize,
}

struct Entry {
    open: usize,
    /// Cancelled when the user's token stops working.
    ended: CancellationToken,
}

/// One open stream's place. Dropping it gives the place back.
pub(crate) struct StreamSlot {
    streams: Arc<OpenStreams>,
    user: i64,
    /// Cancelled when the stream must end because its token stopped working.
    pub ended: CancellationToken,
}

impl OpenStreams {
    pub(crate) fn new(max_per_user: usize) -> Arc<Self> {
        Arc::new(OpenStreams {
            by_user: Mutex::new(HashMap::new()),
            max_per_user,
        })
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Entry>> {
        self.by_user.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a place for one more stream of `user`; `None` when the user
    /// already has as many open as allowed.
    pub(crate) fn open(self: &Arc<Self>, user: i64) -> Option<StreamSlot> {
        let mut entries = self.entries();
        let entry = entries.entry(user).or_insert_with(|| Entry {
            open: 0,
            ended: CancellationToken::new(),
        });
        if entry.open >= self.max_per_user {
            return None;
        }
        entry.open += 1;
        Some(StreamSlot {
            streams: self.clone(),
            user,
            ended: entry.ended.clone(),
        })
    }

    /// The users with at least one stream open.
    fn users(&self) -> Vec<i64> {
        self.entries().keys().copied().collect()
    }

    /// Ends every open stream of `user`; streams opened later are not
    /// affected (their token was checked when they opened).
    fn end_streams_of(&self, user: i64) {
        if let Some(entry) = self.entries().get_mut(&user) {
            std::mem::take(&mut entry.ended).cancel();
        }
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut entries = self.streams.entries();
        if let Some(entry) = entries.get_mut(&self.user) {
            entry.open -= 1;
            if entry.open == 0 {
                entries.remove(&self.user);
            }
        }
    }
}

/// Every `every`, ends the streams of the users whose token was revoked,
/// expired or deleted since the stream opened. Runs until `shutdown`.
pub(crate) async fn end_streams_of_invalid_tokens(
    db: Arc<Db>,
    streams: Arc<OpenStreams>,
    every: Duration,
    shutdown: CancellationToken,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let users = streams.users();
        if users.is_empty() {
            continue;
        }
        let db = db.clone();
        let invalid = tokio::task::spawn_blocking(move || {
            db.read(|conn| tokens::no_longer_valid(conn, &users, now_ms()))
        })
        .await;
        match invalid {
            Ok(Ok(invalid)) => {
                for user in invalid {
                    tracing::info!(
                        user,
                        "ending the event streams of a revoked or expired token"
                    );
                    streams.end_streams_of(user);
                }
            }
            Ok(Err(error)) => tracing::warn!(%error, "cannot recheck the tokens of open streams"),
            Err(error) => tracing::warn!(%error, "the token recheck failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_gets_at_most_the_cap_and_a_closed_stream_gives_its_place_back() {
        let streams = OpenStreams::new(2);
        let first = streams.open(7).expect("a first stream");
        let _second = streams.open(7).expect("a second stream");
        assert!(
            streams.open(7).is_none(),
            "a third stream is over the cap of 2"
        );
        assert!(streams.open(8).is_some(), "the cap is per user, not global");
        drop(first);
        assert!(streams.open(7).is_some(), "a closed stream frees its place");
    }

    #[test]
    fn ending_a_users_streams_spares_later_ones_and_other_users() {
        let streams = OpenStreams::new(4);
        let old = streams.open(7).unwrap();
        let other = streams.open(8).unwrap();
        streams.end_streams_of(7);
        let new = streams.open(7).unwrap();
        assert!(
            old.ended.is_cancelled(),
            "the revoked user's open stream ends"
        );
        assert!(
            !new.ended.is_cancelled(),
            "a stream opened after the check was checked itself"
        );
        assert!(!other.ended.is_cancelled(), "another user's stream goes on");
    }
}
