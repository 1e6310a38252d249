//! Escalations: a transfer nobody took within a while is raised to the
//! managers, once per transfer, through the notification ledger (its
//! `escalated_at` is durable, so a restart never raises one twice).

use rusqlite::{Connection, TransactionBehavior};
use switchboard_protocol::Millis;

use crate::error::Result;
use crate::ledger;
use crate::types::{TransferKey, TransferNotice};
use crate::Store;

/// The transfers of the ledger nobody took: not escalated yet, still the
/// conversation's current transfer, nobody holds the conversation (Take, a
/// pause or a reply assigns it) and no human replied since the transfer
/// (`waiting.rs` keeps `replied_at`). Only those announced one by one: a
/// transfer found by a bootstrap was announced in the summary of what
/// waits, and escalating it too would say the same twice. `?1`: the
/// oldest transfer time to include, `?2` the newest; `?3` how many at
/// most (-1: all).
///
/// Read from `conversations_waiting`: a customer nobody answered waits
/// since the transfer, so `waiting_since` is the transfer's time.
const NOBODY_TOOK: &str = "SELECT l.conversation_id, l.transferred_at
     FROM conversations c
     JOIN transfer_ledger l
       ON l.conversation_id = c.id AND l.transferred_at = c.transferred_at
     WHERE c.assignee_id IS NULL AND c.waiting_since BETWEEN ?1 AND ?2
       AND c.replied_at IS NULL AND c.status = 'transferred'
       AND l.escalated_at IS NULL AND l.notified = 1 AND l.summarised = 0
     ORDER BY c.waiting_since, c.id
     LIMIT ?3";

impl Store {
    /// Transfers nobody took that were made at least `after_ms` before
    /// `now` and were never escalated: what to raise to a manager now.
    pub fn due_escalations(&self, now: Millis, after_ms: i64) -> Result<Vec<TransferNotice>> {
        let conn = self.reader()?;
        nobody_took(&conn, Millis::MIN, now - after_ms, None)?
            .into_iter()
            .map(|key| ledger::notice(&conn, key))
            .collect()
    }

    /// When the next escalation after `now` comes due (`after_ms` after
    /// its transfer), if a transfer nobody took is still to be escalated
    /// then. Ones already due are not it: they were shown, or are held back
    /// while notifications are silenced, which ends with a wake of its own.
    pub fn next_escalation_due(&self, now: Millis, after_ms: i64) -> Result<Option<Millis>> {
        let conn = self.reader()?;
        // Oldest first: the first one is next.
        let next = nobody_took(&conn, now - after_ms + 1, Millis::MAX, Some(1))?.pop();
        Ok(next.map(|key| key.transferred_at + after_ms))
    }

    /// Records that these transfers were escalated at `now`: never again.
    pub fn mark_escalated(&self, keys: &[TransferKey], now: Millis) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE transfer_ledger SET escalated_at = ?3
                 WHERE conversation_id = ?1 AND transferred_at = ?2 AND escalated_at IS NULL",
            )?;
            for key in keys {
                stmt.execute((key.conversation_id, key.transferred_at, now))?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// The transfers nobody took made between `from` and `to`, oldest first;
/// the first `limit` of them.
fn nobody_took(
    conn: &Connection,
    from: Millis,
    to: Millis,
    limit: Option<i64>,
) -> Result<Vec<TransferKey>> {
    let mut stmt = conn.prepare_cached(NOBODY_TOOK)?;
    let keys = stmt
        .query_map((from, to, limit.unwrap_or(-1)), ledger::transfer_key)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(keys)
}
