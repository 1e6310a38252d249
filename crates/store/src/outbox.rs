//! The outbox: agent writes stored durably, with their idempotency key,
//! before any network call, and sent in order per conversation.
//!
//! pending → sending → sent (the server committed it at `sent_seq`; the item
//! stays visible until the stream delivers that seq, then is deleted)
//!                   ↘ failed (the server refused it) → retry → pending, or discard.
//! pending, unsent for longer than the retry window → failed (see
//! [`RETRY_WINDOW_MS`]).
//!
//! A retry is a new write on purpose: it gets a fresh idempotency key and
//! a new window. That is safe for a write the server refused (it
//! remembered nothing), and it is what a write past its window needs: the
//! server may have forgotten the old key by then.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use switchboard_protocol::Seq;

use crate::error::{Result, StoreError};
use crate::rows;
use crate::types::{OutboxAction, OutboxItem, OutboxState};
use crate::Store;

/// How long a write is retried with its idempotency key: 3 days, well
/// within the server's idempotency retention (7 days, `docs/protocol.md`),
/// so that a retry can never be mistaken for a new write.
pub const RETRY_WINDOW_MS: i64 = 3 * 24 * 60 * 60 * 1000;

/// What a write past its retry window shows.
const PAST_RETRY_WINDOW: &str =
    "not sent within 3 days, so it was given up; retrying sends it as a new write";

/// The code of a write given up after its retry window.
const PAST_RETRY_WINDOW_CODE: &str = "past_retry_window";

const ITEM_COLUMNS: &str =
    "o.id, o.conversation_id, o.idempotency_key, o.action, o.state, o.error, o.attempts, \
     o.created_at, o.sent_seq, o.error_code";

fn item(row: &rusqlite::Row) -> rusqlite::Result<OutboxItem> {
    Ok(OutboxItem {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        idempotency_key: row.get(2)?,
        action: rows::json_at(row, 3)?,
        state: rows::outbox_state_at(row, 4)?,
        error: row.get(5)?,
        attempts: row.get(6)?,
        created_at: row.get(7)?,
        sent_seq: row.get(8)?,
        error_code: row.get(9)?,
    })
}

/// A crash may have interrupted a send: the server may or may not have it.
/// Sending it again with the same idempotency key is safe, so it goes back
/// to `pending`.
pub(crate) fn recover_after_crash(conn: &Connection) -> Result<()> {
    let n = conn.execute(
        "UPDATE outbox SET state = 'pending' WHERE state = 'sending'",
        [],
    )?;
    if n > 0 {
        tracing::info!(
            items = n,
            "outbox items interrupted by a crash are pending again"
        );
    }
    Ok(())
}

impl Store {
    /// Stores an agent write as `pending`. Enqueuing the same idempotency
    /// key again returns the stored item unchanged (a double click is one
    /// write). A reply the server would refuse (empty, or longer than
    /// `MAX_REPLY_CHARS`) is refused here, before it is queued.
    pub fn enqueue(
        &self,
        conversation_id: i64,
        action: OutboxAction,
        idempotency_key: &str,
        now: i64,
    ) -> Result<OutboxItem> {
        action.check()?;
        let action_json = serde_json::to_string(&action)
            .map_err(|e| StoreError::Corrupt(format!("outbox action: {e}")))?;
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO outbox (conversation_id, idempotency_key, action, state, created_at)
             VALUES (?1, ?2, ?3, 'pending', ?4)
             ON CONFLICT (idempotency_key) DO NOTHING",
            (conversation_id, idempotency_key, action_json, now),
        )?;
        let stored = tx.query_row(
            &format!("SELECT {ITEM_COLUMNS} FROM outbox o WHERE o.idempotency_key = ?1"),
            [idempotency_key],
            item,
        )?;
        tx.commit()?;
        Ok(stored)
    }

    /// The items to send now: the head of each conversation's queue, if it
    /// is pending. A head that is sending or failed holds back the writes
    /// after it, so the server sees them in the order the agent made them.
    pub fn sendable_outbox(&self) -> Result<Vec<OutboxItem>> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM outbox o
             WHERE o.state = 'pending'
               AND NOT EXISTS (SELECT 1 FROM outbox e
                               WHERE e.conversation_id = o.conversation_id AND e.id < o.id
                                 AND e.state <> 'sent')
             ORDER BY o.id"
        ))?;
        let items = stmt.query_map([], item)?.collect::<rusqlite::Result<_>>()?;
        Ok(items)
    }

    /// Fails every pending write created more than [`RETRY_WINDOW_MS`]
    /// before `now`, with a reason the user sees; returns them. The
    /// sender calls it before each pass, so none is sent that late.
    pub fn fail_writes_past_retry_window(&self, now: i64) -> Result<Vec<OutboxItem>> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let expired: Vec<OutboxItem> = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {ITEM_COLUMNS} FROM outbox o
                 WHERE o.state = 'pending' AND o.created_at < ?1 ORDER BY o.id"
            ))?;
            let items = stmt
                .query_map([now - RETRY_WINDOW_MS], item)?
                .collect::<rusqlite::Result<_>>()?;
            items
        };
        for expired in &expired {
            tx.execute(
                "UPDATE outbox SET state = 'failed', error = ?2, error_code = ?3 WHERE id = ?1",
                (expired.id, PAST_RETRY_WINDOW, PAST_RETRY_WINDOW_CODE),
            )?;
        }
        tx.commit()?;
        Ok(expired
            .into_iter()
            .map(|item| OutboxItem {
                state: OutboxState::Failed,
                error: Some(PAST_RETRY_WINDOW.to_owned()),
                error_code: Some(PAST_RETRY_WINDOW_CODE.to_owned()),
                ..item
            })
            .collect())
    }

    /// A conversation's writes not yet confirmed by the stream, oldest first.
    pub fn outbox_for_conversation(&self, conversation_id: i64) -> Result<Vec<OutboxItem>> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM outbox o
             WHERE o.conversation_id = ?1
               AND (o.state <> 'sent'
                    OR o.sent_seq > coalesce((SELECT applied_seq FROM sync_state WHERE id = 1), -1))
             ORDER BY o.id"
        ))?;
        let items = stmt
            .query_map([conversation_id], item)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(items)
    }

    /// How many agent writes the backend has not confirmed: pending,
    /// sending or failed. Signing out would lose them.
    pub fn unsent_writes(&self) -> Result<u32> {
        let conn = self.reader()?;
        let count = conn
            .prepare_cached("SELECT count(*) FROM outbox WHERE state <> 'sent'")?
            .query_row([], |row| row.get(0))?;
        Ok(count)
    }

    /// One outbox item, whatever its state.
    pub fn outbox_item(&self, id: i64) -> Result<Option<OutboxItem>> {
        let conn = self.reader()?;
        let found = conn
            .prepare_cached(&format!(
                "SELECT {ITEM_COLUMNS} FROM outbox o WHERE o.id = ?1"
            ))?
            .query_row([id], item)
            .optional()?;
        Ok(found)
    }

    /// pending → sending, counting the attempt. Call before the network call.
    pub fn mark_sending(&self, id: i64) -> Result<OutboxItem> {
        self.transition(id, &[OutboxState::Pending], "mark it sending", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
                [id],
            )
        })
    }

    /// sending → sent: the server committed it at `seq`.
    pub fn mark_sent(&self, id: i64, seq: Seq) -> Result<OutboxItem> {
        self.transition(id, &[OutboxState::Sending], "mark it sent", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'sent', sent_seq = ?2, error = NULL, error_code = NULL
                 WHERE id = ?1",
                (id, seq),
            )
        })
    }

    /// sending → failed: the server refused it with `code` (what the page
    /// words for the user) and `reason` (its own text, the detail).
    pub fn mark_failed(&self, id: i64, code: &str, reason: &str) -> Result<OutboxItem> {
        self.transition(id, &[OutboxState::Sending], "mark it failed", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'failed', error = ?2, error_code = ?3 WHERE id = ?1",
                (id, reason, code),
            )
        })
    }

    /// sending → pending: a transient failure (network, 5xx); it will be
    /// sent again with the same idempotency key.
    pub fn requeue(&self, id: i64) -> Result<OutboxItem> {
        self.transition(id, &[OutboxState::Sending], "requeue it", |tx| {
            tx.execute("UPDATE outbox SET state = 'pending' WHERE id = ?1", [id])
        })
    }

    /// failed → pending: the user asked to try again. It becomes a new
    /// write: `fresh_key` (made for this retry) and a retry window from `now`.
    pub fn retry(&self, id: i64, fresh_key: &str, now: i64) -> Result<OutboxItem> {
        self.transition(id, &[OutboxState::Failed], "retry it", |tx| {
            tx.execute(
                "UPDATE outbox SET state = 'pending', error = NULL, error_code = NULL,
                                   idempotency_key = ?2,
                                   created_at = ?3
                 WHERE id = ?1",
                (id, fresh_key, now),
            )
        })
    }

    /// Deletes a failed (or not yet sent) write the user gave up on.
    pub fn discard(&self, id: i64) -> Result<()> {
        self.transition(
            id,
            &[OutboxState::Failed, OutboxState::Pending],
            "discard it",
            |tx| tx.execute("DELETE FROM outbox WHERE id = ?1", [id]),
        )?;
        Ok(())
    }

    /// Checks the item's state and applies `change` in one transaction;
    /// returns the item as it was before the change, updated by the change
    /// (or as it was, if the change deleted it).
    fn transition(
        &self,
        id: i64,
        allowed: &[OutboxState],
        action: &'static str,
        change: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<usize>,
    ) -> Result<OutboxItem> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let select = format!("SELECT {ITEM_COLUMNS} FROM outbox o WHERE o.id = ?1");
        let current =
            tx.query_row(&select, [id], item)
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "outbox item",
                    id,
                })?;
        if !allowed.contains(&current.state) {
            return Err(StoreError::InvalidOutboxState {
                id,
                state: current.state,
                action,
            });
        }
        change(&tx)?;
        let after = tx.query_row(&select, [id], item).optional()?;
        tx.commit()?;
        Ok(after.unwrap_or(current))
    }
}
