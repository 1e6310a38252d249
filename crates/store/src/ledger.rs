//! The notification ledger: every transfer seen on this machine, recorded in
//! the transaction that applied it, so each is offered exactly once —
//! across restarts and re-bootstraps (the ledger is durable state, never
//! emptied with the cache).

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::Result;
use crate::types::{PendingNotifications, TransferKey, TransferNotice};
use crate::Store;

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
            .query_map([], |row| {
                Ok((
                    TransferKey {
                        conversation_id: row.get(0)?,
                        transferred_at: row.get(1)?,
                    },
                    row.get::<_, bool>(2)?,
                ))
            })?
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

    /// Notified transfers whose customer is still waiting at `now`: the
    /// conversation is still transferred (by the same transfer), no agent has
    /// replied since, and no reminder (or, before the first, the transfer
    /// itself) happened within `interval_ms`.
    pub fn due_reminders(&self, now: i64, interval_ms: i64) -> Result<Vec<TransferNotice>> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT l.conversation_id, l.transferred_at
             FROM conversations c
             JOIN transfer_ledger l
               ON l.conversation_id = c.id AND l.transferred_at = c.transferred_at
             WHERE c.status = 'transferred' AND l.notified = 1
               AND coalesce(l.reminded_at, l.transferred_at) <= ?1 - ?2
               AND NOT EXISTS (SELECT 1 FROM messages m
                               WHERE m.conversation_id = c.id AND m.author = 'agent'
                                 AND m.created_at > l.transferred_at)
             ORDER BY l.transferred_at, l.conversation_id",
        )?;
        let keys = stmt
            .query_map((now, interval_ms), |row| {
                Ok(TransferKey {
                    conversation_id: row.get(0)?,
                    transferred_at: row.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        keys.into_iter().map(|key| notice(&conn, key)).collect()
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

/// What to say about a transfer, from the cache (empty if not cached).
fn notice(conn: &Connection, key: TransferKey) -> Result<TransferNotice> {
    let found = conn
        .prepare_cached(
            "SELECT coalesce(k.name, ''), c.transfer_reason,
                    (SELECT m.text FROM messages m
                     WHERE m.conversation_id = c.id AND m.author = 'customer'
                     ORDER BY m.id DESC LIMIT 1)
             FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
             WHERE c.id = ?1",
        )?
        .query_row([key.conversation_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let (contact_name, reason, last_customer_message) = found.unwrap_or_default();
    Ok(TransferNotice {
        key,
        contact_name,
        reason,
        last_customer_message,
    })
}
