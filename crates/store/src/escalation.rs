//! Escalations: a transfer nobody took within a while is raised to the
//! managers, once per transfer, through the notification ledger (its
//! `escalated_at` is durable, so a restart never raises one twice).

use rusqlite::{Connection, TransactionBehavior};
use switchboard_protocol::Millis;

use crate::error::Result;
use crate::ledger;
use crate::types::{TransferKey, TransferNotice};
use crate::waiting;
use crate::Store;

/// The transfers of the ledger that may come due: not escalated yet, still
/// the conversation's current transfer, and announced one by one (a
/// transfer found by a bootstrap was announced in the summary of what
/// waits; escalating it too would say the same twice). Whether someone
/// took one is [`nobody_took`]'s to say.
const CANDIDATES: &str = "SELECT l.conversation_id, l.transferred_at
     FROM transfer_ledger l
     JOIN conversations c
       ON c.id = l.conversation_id AND c.transferred_at = l.transferred_at
     WHERE l.escalated_at IS NULL AND l.notified = 1 AND l.summarised = 0
       AND c.status = 'transferred'
     ORDER BY l.transferred_at, l.conversation_id";

impl Store {
    /// Transfers nobody took that were made at least `after_ms` before
    /// `now` and were never escalated: what to raise to a manager now.
    pub fn due_escalations(&self, now: Millis, after_ms: i64) -> Result<Vec<TransferNotice>> {
        let conn = self.reader()?;
        let mut due = Vec::new();
        for key in candidates(&conn)? {
            if key.transferred_at <= now - after_ms && nobody_took(&conn, key)? {
                due.push(ledger::notice(&conn, key)?);
            }
        }
        Ok(due)
    }

    /// When the next escalation after `now` comes due (`after_ms` after
    /// its transfer), if a transfer nobody took is still to be escalated
    /// then. Ones already due are not it: they were shown, or are held back
    /// while notifications are silenced, which ends with a wake of its own.
    pub fn next_escalation_due(&self, now: Millis, after_ms: i64) -> Result<Option<Millis>> {
        let conn = self.reader()?;
        for key in candidates(&conn)? {
            let due = key.transferred_at + after_ms;
            // Candidates come oldest first: the first one nobody took is next.
            if due > now && nobody_took(&conn, key)? {
                return Ok(Some(due));
            }
        }
        Ok(None)
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

fn candidates(conn: &Connection) -> Result<Vec<TransferKey>> {
    let mut stmt = conn.prepare_cached(CANDIDATES)?;
    let keys = stmt
        .query_map([], |row| {
            Ok(TransferKey {
                conversation_id: row.get(0)?,
                transferred_at: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(keys)
}

/// Whether nobody took the transfer `key`: it is still the conversation's
/// current transfer and nobody holds it
/// ([`waiting::current_and_unassigned`]), and no human replied since it.
/// The one place that decides "nobody took it".
pub(crate) fn nobody_took(conn: &Connection, key: TransferKey) -> Result<bool> {
    if !waiting::current_and_unassigned(conn, key.conversation_id, key.transferred_at)? {
        return Ok(false);
    }
    let since = waiting::since_transfer(conn, key.conversation_id, key.transferred_at)?;
    Ok(since.last_reply.is_none())
}
