//! Keeping history for a period ("keep history for: 90 days"): the cut-off
//! in force, pruning the cache down to it, and what is still missing.
//!
//! The cut-off is an absolute time the app moves forward (daily, and when
//! the user changes the setting). Messages older than it are deleted, with
//! their search index entries, in short transactions; so are conversations
//! whose whole activity is older, unless the outbox still holds a write for
//! one or a customer waits in it for a human. Contacts, the outbox and the
//! notification ledger are durable state and are never pruned: a transfer
//! already notified is not notified again if its conversation comes back.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use switchboard_protocol::Millis;

use crate::chain;
use crate::error::Result;
use crate::types::{MissingHistory, PruneReport};
use crate::Store;

/// SQL, over `conversations c`: the cache holds the whole history.
pub(crate) const COMPLETE: &str =
    "(c.history_complete OR (c.message_count IS NOT NULL AND c.cached_messages >= c.message_count))";

/// SQL, over `conversations c`: the cache holds everything the cut-off in
/// force keeps (older messages were pruned or not downloaded on purpose).
pub(crate) const KEPT: &str =
    "coalesce(c.kept_since <= (SELECT keep_since FROM sync_state WHERE id = 1), 0)";

/// The cut-off in force; `None`: all history is kept.
pub(crate) fn cutoff(conn: &Connection) -> Result<Option<Millis>> {
    Ok(conn
        .prepare_cached("SELECT keep_since FROM sync_state WHERE id = 1")?
        .query_row([], |row| row.get(0))?)
}

impl Store {
    /// The cut-off in force: messages created before it are not kept.
    /// `None`: all history is kept.
    pub fn keep_since(&self) -> Result<Option<Millis>> {
        let conn = self.reader()?;
        cutoff(&conn)
    }

    /// Sets the cut-off (`None`: keep all). Returns whether it moved back
    /// in time: then history older than what the cache holds is wanted
    /// again, and the background download resumes where it stopped.
    /// Moving it forward deletes nothing by itself: see [`Store::prune_history`].
    pub fn set_keep_since(&self, since: Option<Millis>) -> Result<bool> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = cutoff(&tx)?;
        let widened = match (before, since) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(before), Some(since)) => since < before,
        };
        tx.execute(
            "UPDATE sync_state SET keep_since = ?1,
                history_done = history_done AND NOT ?2 WHERE id = 1",
            (since, widened),
        )?;
        tx.commit()?;
        Ok(widened)
    }

    /// Deletes at most `limit` messages older than the cut-off and at most
    /// `limit` conversations whose whole activity is older, in one short
    /// transaction, so that the writer is not held for long: call it again
    /// while the report says `more`.
    pub fn prune_history(&self, limit: u32) -> Result<PruneReport> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(cutoff) = cutoff(&tx)? else {
            return Ok(PruneReport::default());
        };
        let old: Vec<(i64, i64, String)> = tx
            .prepare_cached(
                "SELECT id, conversation_id, text FROM messages WHERE created_at < ?1
                 ORDER BY created_at, id LIMIT ?2",
            )?
            .query_map((cutoff, limit), |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Per conversation: the newest message deleted, and how many.
        let mut pruned: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        {
            let mut delete = tx.prepare_cached("DELETE FROM messages WHERE id = ?1")?;
            for (id, conversation_id, _) in &old {
                delete.execute([id])?;
                let entry = pruned.entry(*conversation_id).or_insert((*id, 0));
                entry.0 = entry.0.max(*id);
                entry.1 += 1;
            }
        }
        for (&conversation_id, &(newest_deleted, count)) in &pruned {
            // What the cache held reached below the cut-off, unbroken from
            // the newest message: it now holds everything the setting keeps.
            tx.prepare_cached(
                "UPDATE conversations SET cached_messages = max(cached_messages - ?2, 0),
                    history_complete = 0, kept_since = ?3 WHERE id = ?1",
            )?
            .execute((conversation_id, count, cutoff))?;
            chain::cut_below(&tx, conversation_id, newest_deleted)?;
        }
        if let Some(newest_deleted) = old.iter().map(|(id, _, _)| *id).max() {
            // The bulk download's cursor promises that every message above
            // it is cached: no longer true below the newest one deleted.
            tx.execute(
                "UPDATE sync_state SET history_before = ?1 + 1
                 WHERE id = 1 AND history_before IS NOT NULL AND history_before <= ?1",
                [newest_deleted],
            )?;
        }
        // Conversations left without messages, last active before the
        // cut-off. A transferred one may hold a customer still waiting for
        // a human; one with a write in the outbox is still being worked on.
        let gone: Vec<i64> = tx
            .prepare_cached(
                "SELECT c.id FROM conversations c
                 WHERE c.status IN ('open', 'closed') AND c.last_activity_at < ?1
                   AND c.last_message_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id)
                 LIMIT ?2",
            )?
            .query_map((cutoff, limit), |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        {
            let mut delete = tx.prepare_cached("DELETE FROM conversations WHERE id = ?1")?;
            for id in &gone {
                delete.execute([id])?;
            }
        }
        // The search index last, like every write of the store (see
        // `write_search_index` in apply.rs): one FTS5 segment per batch.
        {
            let mut unindex = tx.prepare_cached(
                "INSERT INTO message_fts (message_fts, rowid, text) VALUES ('delete', ?1, ?2)",
            )?;
            for (id, _, text) in &old {
                unindex.execute((id, text))?;
            }
        }
        tx.commit()?;
        Ok(PruneReport {
            messages: old.len(),
            conversations: gone.len(),
            more: old.len() >= limit as usize || gone.len() >= limit as usize,
        })
    }

    /// What the cache is missing of a conversation's history, as far as
    /// the cut-off keeps it; `None` when nothing is (or it is not cached).
    pub fn missing_history(&self, conversation_id: i64) -> Result<Option<MissingHistory>> {
        let conn = self.reader()?;
        let missing: Option<bool> = conn
            .prepare_cached(&format!(
                "SELECT NOT {COMPLETE} AND NOT {KEPT} FROM conversations c WHERE c.id = ?1"
            ))?
            .query_row([conversation_id], |row| row.get(0))
            .optional()?;
        if missing != Some(true) {
            return Ok(None);
        }
        let mut oldest = None;
        chain::walk(&conn, conversation_id, None, |m| {
            oldest = Some(m.id);
            true
        })?;
        Ok(Some(MissingHistory { before: oldest }))
    }

    /// Conversations last active between `from` and `to` whose history
    /// the cache is missing (as far as the cut-off keeps it), newest
    /// activity first, at most `limit`.
    pub fn conversations_missing_history(
        &self,
        from: Millis,
        to: Millis,
        limit: u32,
    ) -> Result<Vec<i64>> {
        let conn = self.reader()?;
        let ids = conn
            .prepare_cached(&format!(
                "SELECT c.id FROM conversations c
                 WHERE c.last_activity_at BETWEEN ?1 AND ?2 AND NOT {COMPLETE} AND NOT {KEPT}
                 ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?3"
            ))?
            .query_map((from, to, limit), |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}
