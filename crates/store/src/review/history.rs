//! The transfer history, written as changes are applied: every transfer
//! (time, reason), when a human first replied after it, and how it ended.
//! The server's conversation holds only its last transfer, so the history
//! is kept here, in a durable table that reopening, closing or a new
//! bootstrap never empties. Older transfers learnt from history fetched
//! later (their system messages' events) are added too.

use rusqlite::{Connection, OptionalExtension};
use switchboard_protocol::{Author, Conversation, ConversationStatus, Message, SystemEvent};

use crate::error::Result;

/// How far apart a transfer's system message and the conversation's
/// `transferred_at` may be and still be the same transfer (servers write
/// both in one change, at one time; this allows for a slower one).
const SAME_TRANSFER_MS: i64 = 60_000;

/// Records what a conversation's new state says: a transfer starts, or
/// the open one ends (reopened or closed).
pub(crate) fn conversation_changed(conn: &Connection, c: &Conversation) -> Result<()> {
    let Some(transferred_at) = c.transferred_at else {
        return Ok(()); // never transferred: nothing to record or end
    };
    match c.status {
        ConversationStatus::Transferred => {
            conn.prepare_cached(
                "INSERT INTO transfer_history (conversation_id, transferred_at, contact_id, reason)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (conversation_id, transferred_at) DO NOTHING",
            )?
            .execute((c.id, transferred_at, c.contact_id, &c.transfer_reason))?;
        }
        ConversationStatus::Open | ConversationStatus::Closed => {
            let resolution = match c.status {
                ConversationStatus::Closed => "closed",
                _ => "resumed",
            };
            // A transfer that ended before the cache saw it (a bootstrap of
            // a reopened conversation): known, ended, time of the end unknown.
            conn.prepare_cached(
                "INSERT INTO transfer_history
                    (conversation_id, transferred_at, contact_id, reason, resolution)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (conversation_id, transferred_at) DO NOTHING",
            )?
            .execute((
                c.id,
                transferred_at,
                c.contact_id,
                &c.transfer_reason,
                resolution,
            ))?;
            conn.prepare_cached(
                "UPDATE transfer_history SET resolved_at = ?2, resolution = ?3
                 WHERE conversation_id = ?1 AND resolution IS NULL",
            )?
            .execute((c.id, c.last_activity_at, resolution))?;
        }
    }
    Ok(())
}

/// Records what a newly stored message says about its conversation's
/// transfers: an agent's reply answers the transfer before it; a system
/// message's event names a transfer (perhaps one the cache never saw as a
/// state) or its end.
pub(crate) fn message_stored(conn: &Connection, m: &Message) -> Result<()> {
    match (m.author, &m.event) {
        (Author::Agent, _) => {
            // The earliest reply wins, whatever order history arrives in.
            conn.prepare_cached(
                "UPDATE transfer_history
                 SET first_human_reply_at = min(coalesce(first_human_reply_at, ?2), ?2)
                 WHERE conversation_id = ?1 AND transferred_at <= ?2
                   AND (resolved_at IS NULL OR resolved_at >= ?2)",
            )?
            .execute((m.conversation_id, m.created_at))?;
        }
        (Author::System, Some(SystemEvent::Transferred { reason })) => {
            let known: Option<i64> = conn
                .prepare_cached(
                    "SELECT transferred_at FROM transfer_history
                     WHERE conversation_id = ?1 AND transferred_at BETWEEN ?2 - ?3 AND ?2 + ?3
                     ORDER BY abs(transferred_at - ?2) LIMIT 1",
                )?
                .query_row((m.conversation_id, m.created_at, SAME_TRANSFER_MS), |row| {
                    row.get(0)
                })
                .optional()?;
            match known {
                Some(transferred_at) => {
                    conn.prepare_cached(
                        "UPDATE transfer_history SET message_id = ?3
                         WHERE conversation_id = ?1 AND transferred_at = ?2",
                    )?
                    .execute((m.conversation_id, transferred_at, m.id))?;
                }
                None => {
                    conn.prepare_cached(
                        "INSERT INTO transfer_history
                            (conversation_id, transferred_at, contact_id, reason, message_id)
                         SELECT id, ?2, contact_id, ?3, ?4 FROM conversations WHERE id = ?1",
                    )?
                    .execute((
                        m.conversation_id,
                        m.created_at,
                        reason,
                        m.id,
                    ))?;
                }
            }
        }
        (
            Author::System,
            Some(event @ (SystemEvent::Resumed { .. } | SystemEvent::Closed { .. })),
        ) => {
            let resolution = match event {
                SystemEvent::Closed { .. } => "closed",
                _ => "resumed",
            };
            // The transfer just before it, if the cache did not see it end.
            conn.prepare_cached(
                "UPDATE transfer_history SET resolved_at = ?2, resolution = ?3
                 WHERE conversation_id = ?1 AND resolved_at IS NULL AND transferred_at <= ?2",
            )?
            .execute((m.conversation_id, m.created_at, resolution))?;
        }
        _ => {}
    }
    Ok(())
}
