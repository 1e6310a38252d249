//! Review items marked reviewed: durable local state, like the outbox and
//! the notification ledger. Keys name server ids only (message and
//! conversation ids, transfer times), which a new bootstrap keeps, so a
//! mark survives the cache being emptied and filled again.

use rusqlite::Connection;
use switchboard_protocol::Millis;

use super::Marked;
use crate::error::Result;
use crate::Store;

/// The key of an unanswered question: the assistant's reply.
pub(super) fn unanswered_key(reply_id: i64) -> String {
    format!("unanswered:{reply_id}")
}

/// The key of a transfer: its conversation and time.
pub(super) fn transfer_key(conversation_id: i64, transferred_at: Millis) -> String {
    format!("transfer:{conversation_id}:{transferred_at}")
}

/// The key of a lead gone quiet: the conversation and the customer's last
/// message, so that a customer who writes again and goes quiet again is a
/// new item.
pub(super) fn lead_key(conversation_id: i64, last_customer_message_id: i64) -> String {
    format!("lead:{conversation_id}:{last_customer_message_id}")
}

pub(super) fn marked(conn: &Connection) -> Result<Marked> {
    let mut stmt = conn.prepare_cached("SELECT item FROM review_marks")?;
    let keys = stmt.query_map([], |row| row.get(0))?;
    Ok(keys.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Marks review items reviewed (by the `key` each item carries).
    /// Marking one twice keeps its first time.
    pub fn mark_reviewed(&self, keys: &[String], now: Millis) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        {
            let mut mark = tx.prepare_cached(
                "INSERT INTO review_marks (item, marked_at) VALUES (?1, ?2)
                 ON CONFLICT (item) DO NOTHING",
            )?;
            for key in keys {
                mark.execute((key, now))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes the reviewed mark off items.
    pub fn unmark_reviewed(&self, keys: &[String]) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        {
            let mut unmark = tx.prepare_cached("DELETE FROM review_marks WHERE item = ?1")?;
            for key in keys {
                unmark.execute([key])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
