//! The notification ledger: every transfer seen on this machine, recorded in
//! the transaction that applied it, so each is offered exactly once —
//! across restarts and re-bootstraps (the ledger is durable state, never
//! emptied with the cache).

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use switchboard_protocol::Author;

use crate::chain;
use crate::error::Result;
use crate::types::{PendingNotifications, TransferKey, TransferNotice};
use crate::waiting;
use crate::Store;

/// The transfer a row names in its first two columns: the conversation's id
/// and the time of the transfer, the ledger's key.
pub(crate) fn transfer_key(row: &rusqlite::Row<'_>) -> rusqlite::Result<TransferKey> {
    Ok(TransferKey {
        conversation_id: row.get(0)?,
        transferred_at: row.get(1)?,
    })
}

impl Store {
    /// Transfers not yet notified. Up to `max_individual` live transfers come
    /// one by one; more at once, or any found by a bootstrap (the first one,
    /// or after a long time offline), come as one summary of them all.
    pub fn pending_notifications(&self, max_individual: usize) -> Result<PendingNotifications> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT conversation_id, transferred_at, summarised FROM transfer_ledger
             WHERE notified = 0 ORDER BY recorded_seq, conversation_id, transferred_at",
        )?;
        let pending = stmt
            .query_map([], |row| Ok((transfer_key(row)?, row.get::<_, bool>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if pending.is_empty() {
            return Ok(PendingNotifications::Nothing);
        }
        let any_summarised = pending.iter().any(|(_, summarised)| *summarised);
        if any_summarised || pending.len() > max_individual {
            let keys: Vec<TransferKey> = pending.into_iter().map(|(key, _)| key).collect();
            return Ok(PendingNotifications::Summary {
                count: u32::try_from(keys.len()).unwrap_or(u32::MAX),
                keys,
            });
        }
        let notices = pending
            .into_iter()
            .map(|(key, _)| notice(&conn, key))
            .collect::<Result<Vec<_>>>()?;
        Ok(PendingNotifications::Individual(notices))
    }

    /// Records that these transfers were notified: they are never offered again.
    pub fn mark_notified(&self, keys: &[TransferKey]) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE transfer_ledger SET notified = 1
                 WHERE conversation_id = ?1 AND transferred_at = ?2",
            )?;
            for key in keys {
                stmt.execute((key.conversation_id, key.transferred_at))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Notified transfers still untaken at `now` (see `waiting.rs`: nobody
    /// took the conversation, and no human reply since the transfer, or the
    /// customer wrote again since it), and whose last reminder (or, before
    /// the first, the start of the wait) is at least `interval_ms` ago. A
    /// customer who wrote again after a reply waits anew: the next reminder
    /// counts from that message, not from an older reminder.
    pub fn due_reminders(&self, now: i64, interval_ms: i64) -> Result<Vec<TransferNotice>> {
        let conn = self.reader()?;
        let due = conn
            .prepare_cached(
                "SELECT l.conversation_id, l.transferred_at
                 FROM conversations c
                 JOIN transfer_ledger l
                   ON l.conversation_id = c.id AND l.transferred_at = c.transferred_at
                 WHERE c.assignee_id IS NULL AND c.waiting_since <= ?1 - ?2
                   AND c.status = 'transferred' AND l.notified = 1
                   AND coalesce(l.reminded_at, c.waiting_since) <= ?1 - ?2
                 ORDER BY l.transferred_at, l.conversation_id",
            )?
            .query_map((now, interval_ms), transfer_key)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        due.into_iter().map(|key| notice(&conn, key)).collect()
    }

    /// Since when the customer of this transfer waits with nobody taking it
    /// (see `waiting.rs`); `None` once someone took it or answered, or the
    /// conversation is no longer in that transfer.
    pub fn untaken_since(&self, key: TransferKey) -> Result<Option<i64>> {
        let conn = self.reader()?;
        waiting::untaken_since(&conn, key.conversation_id, key.transferred_at)
    }

    /// Records that a reminder for these transfers was shown at `now`.
    pub fn mark_reminded(&self, keys: &[TransferKey], now: i64) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE transfer_ledger SET reminded_at = ?3
                 WHERE conversation_id = ?1 AND transferred_at = ?2",
            )?;
            for key in keys {
                stmt.execute((key.conversation_id, key.transferred_at, now))?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// How far back a notification looks for the customer's last words.
const CUSTOMER_MESSAGE_LOOKBACK: usize = 200;

/// What to say about a transfer, from the cache (empty if not cached).
pub(crate) fn notice(conn: &Connection, key: TransferKey) -> Result<TransferNotice> {
    let found = conn
        .prepare_cached(
            "SELECT coalesce(k.name, ''), c.transfer_reason
             FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
             WHERE c.id = ?1",
        )?
        .query_row([key.conversation_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (contact_name, reason) = found.unwrap_or_default();
    let mut last_customer_message = None;
    let mut looked_at = 0;
    chain::walk(conn, key.conversation_id, None, |m| {
        looked_at += 1;
        if m.author == Author::Customer {
            last_customer_message = Some(m.text.clone());
        }
        last_customer_message.is_none() && looked_at < CUSTOMER_MESSAGE_LOOKBACK
    })?;
    Ok(TransferNotice {
        key,
        contact_name,
        reason,
        last_customer_message,
    })
}
