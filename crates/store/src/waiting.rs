//! What "waiting" means: a transferred customer waits from the transfer
//! until a human agent replies; if the customer writes again after that
//! reply, they wait again from that message. Worked out from the
//! conversation's newest messages down to the transfer ([`since_transfer`])
//! and kept on the conversation (`waiting_since`, `replied_by`,
//! `replied_at`), re-read whenever a change may move it ([`reread`]): a
//! transfer, or a customer's or agent's message. Only transferred
//! conversations are walked, and only down to their transfer; everything
//! that asks (the list, the count, reminders, escalations) then reads
//! columns and a small index.
//!
//! A transfer is *untaken* while its customer waits and nobody handles the
//! conversation (no assignee): [`untaken_since`] decides it for the
//! reminders. The waiting count also keeps the user's own: [`count`].

use rusqlite::{Connection, OptionalExtension, Transaction};
use rusqlite_migration::{HookError, HookResult};
use switchboard_protocol::{Author, Message, Millis};

use crate::chain;
use crate::error::Result;
use crate::rows::MY_ID;

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
///
/// `kept` is what was worked out before, when the cache may have held
/// more: pruning ("keep history for 90 days") deletes the oldest messages,
/// and may take the transfer and its reply with them. When the walk runs
/// out of cached messages before either, a reply kept from before is older
/// than everything cached, and still stands: without it, an answered
/// customer would read as waiting since the transfer.
pub(crate) fn since_transfer(
    conn: &Connection,
    conversation_id: i64,
    transferred_at: Millis,
    kept: &SinceTransfer,
) -> Result<SinceTransfer> {
    let mut last_reply = None;
    let mut customer_after_reply = None;
    let mut reached_the_transfer = false;
    let mut oldest_cached = None;
    chain::walk(conn, conversation_id, None, |m| {
        if m.created_at < transferred_at {
            reached_the_transfer = true;
            return false;
        }
        // The chain runs by id: the earliest time is not always the last.
        oldest_cached = Some(oldest_cached.map_or(m.created_at, |o: Millis| o.min(m.created_at)));
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
    if last_reply.is_none() && !reached_the_transfer {
        // Below everything cached: what was kept, if it is this transfer's.
        let below_cache = |at: Millis| oldest_cached.is_none_or(|oldest| at < oldest);
        if let Some(reply) = kept
            .last_reply
            .clone()
            .filter(|(_, at)| *at >= transferred_at && below_cache(*at))
        {
            // A kept wait that began before the cache's oldest message
            // is the customer's first word after that reply.
            customer_after_reply = kept
                .waiting_since
                .filter(|&since| since >= reply.1 && below_cache(since))
                .or(customer_after_reply);
            last_reply = Some(reply);
        }
    }
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

/// Works out again where the customer of `conversation_id` stands and
/// keeps it on the conversation; to be called, in the transaction that
/// applied it, after any change that may move it. A conversation that is
/// not transferred has nothing kept (the upsert of its row clears it).
pub(crate) fn reread(conn: &Connection, conversation_id: i64) -> Result<()> {
    let found = conn
        .prepare_cached(
            "SELECT transferred_at, waiting_since, replied_by, replied_at FROM conversations
             WHERE id = ?1 AND status = 'transferred' AND transferred_at IS NOT NULL",
        )?
        .query_row([conversation_id], |row| {
            let replied_by: Option<String> = row.get(2)?;
            let replied_at: Option<Millis> = row.get(3)?;
            let kept = SinceTransfer {
                waiting_since: row.get(1)?,
                last_reply: replied_by.zip(replied_at),
            };
            Ok((row.get::<_, Millis>(0)?, kept))
        })
        .optional()?;
    let Some((transferred_at, kept)) = found else {
        return Ok(());
    };
    let state = since_transfer(conn, conversation_id, transferred_at, &kept)?;
    let (replied_by, replied_at) = state.last_reply.unzip();
    conn.prepare_cached(
        "UPDATE conversations SET waiting_since = ?2, replied_by = ?3, replied_at = ?4
         WHERE id = ?1
           AND (waiting_since IS NOT ?2 OR replied_by IS NOT ?3 OR replied_at IS NOT ?4)",
    )?
    .execute((conversation_id, state.waiting_since, replied_by, replied_at))?;
    Ok(())
}

/// Moves the kept wait by one step for `m`, a customer's or an agent's
/// message that is now the newest of its conversation: what
/// [`since_transfer`] would read, without walking. An agent's reply ends
/// the wait; a customer writing after one waits again from there. Nothing
/// for a conversation that is not transferred, or a message older than
/// its transfer.
pub(crate) fn message_appended(conn: &Connection, m: &Message) -> Result<()> {
    match m.author {
        Author::Agent => conn
            .prepare_cached(
                "UPDATE conversations
                 SET waiting_since = NULL, replied_by = coalesce(?3, ''), replied_at = ?2
                 WHERE id = ?1 AND status = 'transferred' AND transferred_at <= ?2",
            )?
            .execute((m.conversation_id, m.created_at, &m.agent_name))?,
        Author::Customer => conn
            .prepare_cached(
                "UPDATE conversations SET waiting_since = ?2
                 WHERE id = ?1 AND status = 'transferred' AND transferred_at <= ?2
                   AND waiting_since IS NULL",
            )?
            .execute((m.conversation_id, m.created_at))?,
        Author::Assistant | Author::System => 0,
    };
    Ok(())
}

/// [`reread`] for every transferred conversation: what migration 15 fills
/// its new columns with.
pub(crate) fn reread_all(tx: &Transaction) -> HookResult {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM conversations WHERE status = 'transferred'")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        reread(tx, id).map_err(|e| HookError::Hook(e.to_string()))?;
    }
    Ok(())
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
    let since = conn
        .prepare_cached(
            "SELECT waiting_since FROM conversations
             WHERE id = ?1 AND status = 'transferred' AND transferred_at = ?2
               AND assignee_id IS NULL",
        )?
        .query_row((conversation_id, transferred_at), |row| row.get(0))
        .optional()?;
    Ok(since.flatten())
}

/// How many customers wait for a human now that are this user's to answer:
/// nobody took them, or this user did. (A colleague's waiting customer is
/// theirs: it shows in the row, not in everyone's count.) Two ranges of
/// `conversations_waiting`: an `OR` would read the whole table.
pub(crate) fn count(conn: &Connection) -> Result<u32> {
    let waiting = conn
        .prepare_cached(&format!(
            "SELECT (SELECT count(*) FROM conversations
                     WHERE assignee_id IS NULL AND waiting_since IS NOT NULL)
                  + (SELECT count(*) FROM conversations
                     WHERE assignee_id = {MY_ID} AND waiting_since IS NOT NULL)"
        ))?
        .query_row([], |row| row.get(0))?;
    Ok(waiting)
}
