//! Each conversation's messages as a chain, newest to oldest.
//!
//! A conversation row holds its newest message (`last_message_id`) and each
//! message the one before it in the same conversation (`prev_id`, by id).
//! A conversation's history is read by following the chain from the newest
//! message, one primary-key lookup per message.
//!
//! Why not an index on `(conversation_id, id)`: messages of a busy stream
//! land in conversations all over the cache, so every new message wrote an
//! entry at a random place in that index: one more page written per message
//! in every transaction. The chain costs nothing extra: the message is
//! appended to the table, and the conversation row it points from is being
//! written by the same event anyway (the index was 14% of the time to apply
//! a stream into a cache of 1M messages, measured with
//! `benches/store_bench.rs`).
//!
//! Messages normally arrive newest last and are appended to the chain's
//! head. An older one (history fetched on demand, a bootstrap page listing
//! newest first) is linked in where it belongs by walking down from the
//! head, or from the message linked just before it.

use std::collections::HashMap;

use rusqlite::{CachedStatement, Connection, OptionalExtension};
use switchboard_protocol::Message;

use crate::error::Result;
use crate::rows::{self, MESSAGE_COLUMNS, MESSAGE_COLUMN_COUNT};
use crate::verdict::Verdict;

/// What linking one batch of messages has learnt, per conversation.
#[derive(Default)]
pub(crate) struct LinkHints {
    /// Where a message was linked: the next older message of the same
    /// batch is looked for from there rather than from the head.
    below: HashMap<i64, i64>,
    /// Older messages stored and not yet counted on the conversation's row:
    /// one update per conversation and batch rather than one per message (a
    /// history page of 500 messages touches a few dozen conversations).
    uncounted: HashMap<i64, i64>,
}

/// Adds the messages a batch stored to their conversations' counts; to be
/// called once the batch's messages are all inserted.
pub(crate) fn count_stored(conn: &Connection, hints: &mut LinkHints) -> Result<()> {
    let mut count = conn.prepare_cached(
        "UPDATE conversations SET cached_messages = cached_messages + ?2 WHERE id = ?1",
    )?;
    for (conversation_id, added) in hints.uncounted.drain() {
        count.execute((conversation_id, added))?;
    }
    Ok(())
}

/// Where a new message went in its conversation's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Linked {
    /// The newest: what a live message is.
    Newest,
    /// Below the newest: older history.
    Older,
}

/// The statements that store and link messages, prepared once for a batch.
///
/// A history page stores 500 messages, three or four statements each; taking
/// every statement from the connection's cache and handing it back (the
/// cache hashes its SQL text both ways) was 7% of the instructions spent
/// storing the whole history (measured with callgrind on `history_bench`).
/// While a `Linker` lives its statements are out of the cache: drop it
/// before other code of the transaction runs the same SQL (`walk`).
pub(crate) struct Linker<'c> {
    head: CachedStatement<'c>,
    prev_of: CachedStatement<'c>,
    insert: CachedStatement<'c>,
    new_head: CachedStatement<'c>,
    set_prev: CachedStatement<'c>,
}

impl<'c> Linker<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Linker<'c>> {
        Ok(Linker {
            head: conn.prepare_cached("SELECT last_message_id FROM conversations WHERE id = ?1")?,
            prev_of: conn.prepare_cached("SELECT prev_id FROM messages WHERE id = ?1")?,
            insert: conn.prepare_cached(
                "INSERT OR IGNORE INTO messages
                    (id, conversation_id, author, agent_id, agent_name, text, created_at, seq,
                     prev_id, said_unanswered, unanswered, topics, question_key, event)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            new_head: conn.prepare_cached(
                "UPDATE conversations SET last_message_id = ?2,
                    cached_messages = cached_messages + 1 WHERE id = ?1",
            )?,
            set_prev: conn.prepare_cached("UPDATE messages SET prev_id = ?2 WHERE id = ?1")?,
        })
    }

    /// Stores `m` and links it into its conversation's chain. Returns
    /// where, if it was new; a message of a conversation not in the cache
    /// is skipped (a server inconsistency) rather than failing the batch.
    pub(crate) fn insert(
        &mut self,
        m: &Message,
        verdict: &Verdict,
        hints: &mut LinkHints,
    ) -> Result<Option<Linked>> {
        let head: Option<Option<i64>> = self
            .head
            .query_row([m.conversation_id], |row| row.get(0))
            .optional()?;
        let Some(head) = head else {
            return Ok(None);
        };
        let (prev, next) = match head {
            // The common case: newer than every message known.
            None => (None, None),
            Some(head) if m.id > head => (Some(head), None),
            Some(head) if m.id == head => return Ok(None),
            Some(head) => {
                let start = hints
                    .below
                    .get(&m.conversation_id)
                    .copied()
                    .filter(|&hint| hint > m.id)
                    .unwrap_or(head);
                match place_below(&mut self.prev_of, start, m.id)? {
                    Some((prev, next)) => (prev, Some(next)),
                    None => return Ok(None), // already stored
                }
            }
        };
        let event = m
            .event
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| crate::error::StoreError::Corrupt(format!("message event: {e}")))?;
        let inserted = self.insert.execute(rusqlite::params![
            m.id,
            m.conversation_id,
            m.author,
            m.agent_id,
            &m.agent_name,
            &m.text,
            m.created_at,
            m.seq,
            prev,
            m.unanswered,
            verdict.unanswered,
            verdict.topics,
            verdict.question_key,
            event,
        ])?;
        if inserted == 0 {
            return Ok(None);
        }
        // The conversation row counts what the cache holds of its history.
        match next {
            // A new head: the row is written anyway, the count goes with it.
            None => {
                self.new_head.execute((m.conversation_id, m.id))?;
                Ok(Some(Linked::Newest))
            }
            // Older history comes in pages: counted by `count_stored`.
            Some(next) => {
                self.set_prev.execute((next, m.id))?;
                *hints.uncounted.entry(m.conversation_id).or_default() += 1;
                hints.below.insert(m.conversation_id, m.id);
                Ok(Some(Linked::Older))
            }
        }
    }
}

/// Walks down from message `start` (newer than `id`) to where `id` belongs:
/// `(the message before it, the message after it)`, or `None` if `id` is
/// already in the chain. `prev_of` reads a message's `prev_id` by its id.
fn place_below(
    prev_of: &mut CachedStatement<'_>,
    start: i64,
    id: i64,
) -> Result<Option<(Option<i64>, i64)>> {
    let mut next = start;
    loop {
        let prev: Option<i64> = prev_of
            .query_row([next], |row| row.get(0))
            .optional()?
            .flatten();
        match prev {
            Some(prev) if prev == id => return Ok(None),
            Some(prev) if prev > id => next = prev,
            prev => return Ok(Some((prev, next))),
        }
    }
}

/// Reads a conversation's chain newest first, starting below message
/// `before` (or at the newest), while `keep_going` says so for each message.
pub(crate) fn walk(
    conn: &Connection,
    conversation_id: i64,
    before: Option<i64>,
    mut keep_going: impl FnMut(&Message) -> bool,
) -> Result<()> {
    let mut at = match before {
        None => conn
            .prepare_cached("SELECT last_message_id FROM conversations WHERE id = ?1")?
            .query_row([conversation_id], |row| row.get::<_, Option<i64>>(0))
            .optional()?
            .flatten(),
        Some(before) => below(conn, conversation_id, before)?,
    };
    let mut read = conn.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS}, m.prev_id FROM messages m WHERE m.id = ?1"
    ))?;
    while let Some(id) = at {
        let Some((message, prev)) = read
            .query_row([id], |row| {
                Ok((
                    rows::message(row)?,
                    row.get::<_, Option<i64>>(MESSAGE_COLUMN_COUNT)?,
                ))
            })
            .optional()?
        else {
            break;
        };
        if !keep_going(&message) {
            break;
        }
        at = prev;
    }
    Ok(())
}

/// The newest message of the conversation older than `before`.
fn below(conn: &Connection, conversation_id: i64, before: i64) -> Result<Option<i64>> {
    let known: Option<Option<i64>> = conn
        .prepare_cached("SELECT prev_id FROM messages WHERE id = ?1 AND conversation_id = ?2")?
        .query_row((before, conversation_id), |row| row.get(0))
        .optional()?;
    if let Some(prev) = known {
        return Ok(prev);
    }
    // `before` is not one of this conversation's messages: walk from the top.
    let mut found = None;
    walk(conn, conversation_id, None, |m| {
        if m.id < before {
            found = Some(m.id);
            false
        } else {
            true
        }
    })?;
    Ok(found)
}

/// After the conversation's messages up to id `deleted_up_to` were deleted
/// (its oldest: ids follow time within a conversation), ends its chain at
/// the oldest message left, so that an older message linked in later is
/// placed below it rather than below a message that is gone.
pub(crate) fn cut_below(conn: &Connection, conversation_id: i64, deleted_up_to: i64) -> Result<()> {
    let head: Option<i64> = conn
        .prepare_cached("SELECT last_message_id FROM conversations WHERE id = ?1")?
        .query_row([conversation_id], |row| row.get(0))
        .optional()?
        .flatten();
    let Some(mut at) = head else {
        return Ok(());
    };
    if at <= deleted_up_to {
        conn.prepare_cached("UPDATE conversations SET last_message_id = NULL WHERE id = ?1")?
            .execute([conversation_id])?;
        return Ok(());
    }
    let mut prev_of = conn.prepare_cached("SELECT prev_id FROM messages WHERE id = ?1")?;
    loop {
        let prev: Option<i64> = prev_of
            .query_row([at], |row| row.get(0))
            .optional()?
            .flatten();
        match prev {
            Some(prev) if prev > deleted_up_to => at = prev,
            Some(_) => {
                conn.prepare_cached("UPDATE messages SET prev_id = NULL WHERE id = ?1")?
                    .execute([at])?;
                return Ok(());
            }
            None => return Ok(()),
        }
    }
}
