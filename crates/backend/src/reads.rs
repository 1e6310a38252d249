//! Reads of contacts, conversations and messages, and the mapping between
//! their rows and the wire types. The enums convert themselves by their
//! wire names (the protocol's `rusqlite` feature).

use std::collections::BTreeMap;

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use switchboard_protocol::{Assignee, Author, Contact, Conversation, Message};

use crate::error::Result;

pub(crate) const CONTACT_COLUMNS: &str =
    "id, name, phone, email, external_id, chat_id, attributes, created_at, updated_seq";
/// Selected `FROM conversations`; the message count is read from the
/// `(conversation_id, id)` index rather than kept in a column.
pub(crate) const CONVERSATION_COLUMNS: &str = "id, contact_id, channel, status, assistant_state, \
     transfer_reason, transferred_at, created_at, last_activity_at, last_message_preview, updated_seq, \
     (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id), \
     assignee_id, assignee_name";
pub(crate) const MESSAGE_COLUMNS: &str =
    "id, conversation_id, author, agent_id, agent_name, text, created_at, seq, unanswered, event";

pub(crate) fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let attributes: String = r.get(6)?;
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        email: r.get(3)?,
        external_id: r.get(4)?,
        chat_id: r.get(5)?,
        attributes: serde_json::from_str::<BTreeMap<String, String>>(&attributes)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(6, Type::Text, Box::new(e)))?,
        created_at: r.get(7)?,
        updated_seq: r.get(8)?,
    })
}

pub(crate) fn conversation_from_row(r: &Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        channel: r.get(2)?,
        status: r.get(3)?,
        assistant_state: r.get(4)?,
        transfer_reason: r.get(5)?,
        transferred_at: r.get(6)?,
        created_at: r.get(7)?,
        last_activity_at: r.get(8)?,
        last_message_preview: r.get(9)?,
        updated_seq: r.get(10)?,
        message_count: Some(r.get(11)?),
        assignee: match (
            r.get::<_, Option<i64>>(12)?,
            r.get::<_, Option<String>>(13)?,
        ) {
            (Some(id), Some(name)) => Some(Assignee { id, name }),
            _ => None,
        },
        // The reference backend has no snoozing.
        snooze: None,
    })
}

/// A message's `unanswered` on the wire: said for assistant messages only.
pub(crate) fn unanswered_of(author: Author, unanswered: bool) -> Option<bool> {
    (author == Author::Assistant).then_some(unanswered)
}

pub(crate) fn message_from_row(r: &Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        author: r.get(2)?,
        agent_id: r.get(3)?,
        agent_name: r.get(4)?,
        text: r.get(5)?,
        created_at: r.get(6)?,
        seq: r.get(7)?,
        unanswered: unanswered_of(r.get(2)?, r.get(8)?),
        event: r
            .get::<_, Option<String>>(9)?
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, e.into())
            })?,
    })
}

pub(crate) fn contact(conn: &Connection, id: i64) -> Result<Option<Contact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"
    ))?;
    Ok(stmt.query_row([id], contact_from_row).optional()?)
}

pub(crate) fn conversation(conn: &Connection, id: i64) -> Result<Option<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?1"
    ))?;
    Ok(stmt.query_row([id], conversation_from_row).optional()?)
}

/// Conversations with `id > after_id`, in id order, at most `limit`.
pub(crate) fn conversations_after(
    conn: &Connection,
    after_id: i64,
    limit: u32,
) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id > ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after_id, limit], conversation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The conversations with the newest activity.
pub(crate) fn recent_conversations(conn: &Connection, limit: u32) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations ORDER BY last_activity_at DESC, id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], conversation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn count_conversations(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM conversations", [], |r| r.get(0))?)
}

/// A conversation's messages older than `before` (a message id; `None` =
/// newest), newest first, at most `limit`, and whether older ones remain.
/// `conversation_id: None`: every conversation's (the bulk history).
pub(crate) fn messages_before(
    conn: &Connection,
    conversation_id: Option<i64>,
    before: Option<i64>,
    limit: u32,
) -> Result<(Vec<Message>, bool)> {
    // Two statements, so that each has its own plan: one conversation's
    // walks the (conversation_id, id) index, every conversation's the table.
    let sql = match conversation_id {
        Some(_) => format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 AND id < ?2 \
             ORDER BY id DESC LIMIT ?3"
        ),
        None => format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE ?1 IS NULL AND id < ?2 \
             ORDER BY id DESC LIMIT ?3"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            conversation_id,
            before.unwrap_or(i64::MAX),
            i64::from(limit) + 1
        ],
        message_from_row,
    )?;
    let mut messages: Vec<Message> = rows.collect::<rusqlite::Result<_>>()?;
    let has_more = messages.len() > limit as usize;
    messages.truncate(limit as usize);
    Ok((messages, has_more))
}

/// A contact's conversations, newest activity first.
pub(crate) fn conversations_of_contact(
    conn: &Connection,
    contact_id: i64,
) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE contact_id = ?1 \
         ORDER BY last_activity_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([contact_id], conversation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
