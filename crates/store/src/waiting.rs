//! What "waiting" means: a transferred customer waits from the transfer
//! until a human agent replies; if the customer writes again after that
//! reply, they wait again from that message. Read from the conversation's
//! newest messages down to the transfer, so it needs no bookkeeping on the
//! hot path of applying events (transferred conversations are few, and the
//! messages since their transfer fewer).
//!
//! A transfer is *untaken* while its customer waits and nobody handles the
//! conversation (no assignee): [`untaken_since`] decides it for the
//! reminders. The waiting count also keeps the user's own: [`count`].

use rusqlite::{Connection, OptionalExtension};
use switchboard_protocol::{Author, ConversationStatus, Millis};

use crate::chain;
use crate::error::Result;
use crate::rows::MY_ID;
use crate::types::ConversationRow;

/// Where a transferred customer stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SinceTransfer {
    /// Waiting for a human since then; `None`: answered.
    pub waiting_since: Option<Millis>,
    /// The newest human reply since the transfer: who, when.
    pub last_reply: Option<(String, Millis)>,
}

/// Reads the messages of a conversation transferred at `transferred_at`,
/// newest first, down to the transfer or its newest human reply.
pub(crate) fn since_transfer(
    conn: &Connection,
    conversation_id: i64,
    transferred_at: Millis,
) -> Result<SinceTransfer> {
    let mut last_reply = None;
    let mut customer_after_reply = None;
    chain::walk(conn, conversation_id, None, |m| {
        if m.created_at < transferred_at {
            return false;
        }
        match m.author {
            Author::Agent => {
                let name = m.agent_name.clone().unwrap_or_default();
                last_reply = Some((name, m.created_at));
                false
            }
            // Walking newest first: the last one seen is the earliest.
            Author::Customer => {
                customer_after_reply = Some(m.created_at);
                true
            }
            Author::Assistant | Author::System => true,
        }
    })?;
    Ok(match last_reply {
        None => SinceTransfer {
            waiting_since: Some(transferred_at),
            last_reply: None,
        },
        Some(reply) => SinceTransfer {
            waiting_since: customer_after_reply,
            last_reply: Some(reply),
        },
    })
}

/// Fills a list row's waiting fields (the row carries the transfer time in
/// `waiting_since` as read from its columns).
pub(crate) fn fill_row(conn: &Connection, row: &mut ConversationRow) -> Result<()> {
    let transferred_at = row.waiting_since.take();
    row.replied_by = None;
    row.replied_at = None;
    let (ConversationStatus::Transferred, Some(transferred_at)) = (row.status, transferred_at)
    else {
        return Ok(());
    };
    let state = since_transfer(conn, row.id, transferred_at)?;
    row.waiting_since = state.waiting_since;
    if let Some((by, at)) = state.last_reply {
        row.replied_by = Some(by);
        row.replied_at = Some(at);
    }
    Ok(())
}

/// Whether the transfer of `conversation_id` at `transferred_at` is still
/// the conversation's current one (not closed, not handed back to the
/// assistant, not transferred again since) and nobody holds the
/// conversation (Take, a pause or a reply assigns it). The one definition
/// that [`untaken_since`] and the escalations' `nobody_took` start from.
pub(crate) fn current_and_unassigned(
    conn: &Connection,
    conversation_id: i64,
    transferred_at: Millis,
) -> Result<bool> {
    let found = conn
        .prepare_cached(
            "SELECT 1 FROM conversations
             WHERE id = ?1 AND status = 'transferred' AND transferred_at = ?2
               AND assignee_id IS NULL",
        )?
        .query_row((conversation_id, transferred_at), |_| Ok(()))
        .optional()?;
    Ok(found.is_some())
}

/// Since when the customer of the transfer of `conversation_id` at
/// `transferred_at` waits with nobody taking it; `None` once someone took
/// it (the conversation has an assignee), a human answered (and the
/// customer did not write again), or it is no longer that transfer.
pub(crate) fn untaken_since(
    conn: &Connection,
    conversation_id: i64,
    transferred_at: Millis,
) -> Result<Option<Millis>> {
    if !current_and_unassigned(conn, conversation_id, transferred_at)? {
        return Ok(None);
    }
    Ok(since_transfer(conn, conversation_id, transferred_at)?.waiting_since)
}

/// How many customers wait for a human now that are this user's to answer:
/// nobody took them, or this user did. (A colleague's waiting customer is
/// theirs: it shows in the row, not in everyone's count.)
pub(crate) fn count(conn: &Connection) -> Result<u32> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, transferred_at FROM conversations
         WHERE status = 'transferred' AND transferred_at IS NOT NULL
           AND (assignee_id IS NULL OR assignee_id = {MY_ID})"
    ))?;
    let transferred = stmt
        .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut waiting = 0;
    for (id, transferred_at) in transferred {
        if since_transfer(conn, id, transferred_at)?
            .waiting_since
            .is_some()
        {
            waiting += 1;
        }
    }
    Ok(waiting)
}
