//! Conversions between the wire types and their SQL columns. The protocol's
//! enums convert themselves (their `rusqlite` feature), by the names they
//! have on the wire.

use std::collections::BTreeMap;

use rusqlite::types::{FromSqlError, Type};
use rusqlite::Row;
use switchboard_protocol::{Assignee, Contact, Conversation, Message, Snooze};

use crate::types::{ConversationRow, OutboxState};

fn bad_value(idx: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        Type::Text,
        Box::new(FromSqlError::Other(
            format!("unexpected value {value:?}").into(),
        )),
    )
}

pub(crate) fn outbox_state_at(row: &Row, idx: usize) -> rusqlite::Result<OutboxState> {
    let s: String = row.get(idx)?;
    match s.as_str() {
        "pending" => Ok(OutboxState::Pending),
        "sending" => Ok(OutboxState::Sending),
        "sent" => Ok(OutboxState::Sent),
        "failed" => Ok(OutboxState::Failed),
        other => Err(bad_value(idx, other)),
    }
}

pub(crate) fn json_at<T: serde::de::DeserializeOwned>(
    row: &Row,
    idx: usize,
) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub(crate) const CONTACT_COLUMNS: &str =
    "k.id, k.name, k.phone, k.email, k.external_id, k.chat_id, k.attributes, k.created_at, k.updated_seq";

pub(crate) fn contact(row: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        phone: row.get(2)?,
        email: row.get(3)?,
        external_id: row.get(4)?,
        chat_id: row.get(5)?,
        attributes: json_at::<BTreeMap<String, String>>(row, 6)?,
        created_at: row.get(7)?,
        updated_seq: row.get(8)?,
    })
}

pub(crate) const CONVERSATION_COLUMNS: &str = "c.id, c.contact_id, c.channel, c.status, \
    c.assistant_state, c.transfer_reason, c.transferred_at, c.created_at, c.last_activity_at, \
    c.last_message_preview, c.updated_seq, c.message_count, c.assignee_id, c.assignee_name, \
    c.snoozed, c.snoozed_until";

/// The snooze in columns `idx` (snoozed) and `idx + 1` (until when).
fn snooze_at(row: &Row, idx: usize) -> rusqlite::Result<Option<Snooze>> {
    let snoozed: bool = row.get(idx)?;
    snoozed
        .then(|| row.get(idx + 1).map(|until| Snooze { until }))
        .transpose()
}

/// The assignee in columns `idx` (id) and `idx + 1` (name); `None` unless both are set.
fn assignee_at(row: &Row, idx: usize) -> rusqlite::Result<Option<Assignee>> {
    Ok(
        match (
            row.get::<_, Option<i64>>(idx)?,
            row.get::<_, Option<String>>(idx + 1)?,
        ) {
            (Some(id), Some(name)) => Some(Assignee { id, name }),
            _ => None,
        },
    )
}

pub(crate) fn conversation(row: &Row) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: row.get(0)?,
        contact_id: row.get(1)?,
        channel: row.get(2)?,
        status: row.get(3)?,
        assistant_state: row.get(4)?,
        transfer_reason: row.get(5)?,
        transferred_at: row.get(6)?,
        created_at: row.get(7)?,
        last_activity_at: row.get(8)?,
        last_message_preview: row.get(9)?,
        updated_seq: row.get(10)?,
        message_count: row.get(11)?,
        assignee: assignee_at(row, 12)?,
        snooze: snooze_at(row, 14)?,
    })
}

pub(crate) const MESSAGE_COLUMNS: &str = "m.id, m.conversation_id, m.author, m.agent_id, \
    m.agent_name, m.text, m.created_at, m.seq, m.said_unanswered, m.event";

/// How many columns [`MESSAGE_COLUMNS`] has: a query's own columns follow.
pub(crate) const MESSAGE_COLUMN_COUNT: usize = 10;

pub(crate) fn message(row: &Row) -> rusqlite::Result<Message> {
    Ok(Message {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        author: row.get(2)?,
        agent_id: row.get(3)?,
        agent_name: row.get(4)?,
        text: row.get(5)?,
        created_at: row.get(6)?,
        seq: row.get(7)?,
        unanswered: row.get(8)?,
        event: row
            .get::<_, Option<String>>(9)?
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(9, Type::Text, Box::new(e)))?,
    })
}

/// The signed-in user's id in SQL (the `account_user` setting, see
/// `Store::use_for_user`); NULL, so nobody's, before it is known.
macro_rules! my_id_sql {
    () => {
        "(SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'account_user')"
    };
}

/// [`my_id_sql`] as a constant, for `format!`.
pub(crate) const MY_ID: &str = my_id_sql!();

/// The columns of a list row, for `FROM conversations c LEFT JOIN contacts k`.
/// Unconfirmed writes count items not sent yet, and sent ones the stream has
/// not delivered back (`sent_seq > applied_seq`).
pub(crate) const ROW_COLUMNS: &str = concat!(
    "c.id, c.contact_id, coalesce(k.name, ''), c.channel, \
    c.status, c.assistant_state, c.last_message_preview, c.last_activity_at, c.transfer_reason, \
    c.transferred_at, \
    (SELECT count(*) FROM outbox o WHERE o.conversation_id = c.id AND (o.state <> 'sent' \
       OR o.sent_seq > coalesce((SELECT applied_seq FROM sync_state WHERE id = 1), -1))), \
    c.assignee_id, c.assignee_name, coalesce(c.assignee_id = ",
    my_id_sql!(),
    ", 0), c.snoozed, c.snoozed_until, c.waiting_since, c.replied_by, c.replied_at"
);

pub(crate) fn conversation_row(row: &Row) -> rusqlite::Result<ConversationRow> {
    Ok(ConversationRow {
        id: row.get(0)?,
        contact_id: row.get(1)?,
        contact_name: row.get(2)?,
        channel: row.get(3)?,
        status: row.get(4)?,
        assistant_state: row.get(5)?,
        preview: row.get(6)?,
        last_activity_at: row.get(7)?,
        transfer_reason: row.get(8)?,
        waiting_since: row.get(16)?,
        replied_by: row.get(17)?,
        replied_at: row.get(18)?,
        pending_writes: row.get(10)?,
        assignee: assignee_at(row, 11)?,
        assignee_is_me: row.get(13)?,
        snooze: snooze_at(row, 14)?,
    })
}
