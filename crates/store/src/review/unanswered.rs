//! Section 1: the customer questions the assistant could not answer.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use switchboard_protocol::{Author, Millis};

use super::marks::unanswered_key;
use super::{
    ItemContact, ItemPlace, Marked, QuestionGroup, ReviewPeriod, UnansweredQuestion,
    UnansweredSection,
};
use crate::error::Result;

/// How far above an unanswered reply its question is looked for: the
/// customer may have written a few messages in a row.
const QUESTION_DISTANCE: usize = 4;

pub(super) fn section(
    conn: &Connection,
    period: &ReviewPeriod,
    marked: &Marked,
) -> Result<UnansweredSection> {
    // With the message just above each reply (nearly always the
    // question), in one statement; the contacts afterwards.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, m.text, m.created_at,
                q.id, q.author, q.text, q.created_at, q.prev_id, q.question_key
         FROM messages m INDEXED BY messages_unanswered_by_time
         LEFT JOIN messages q ON q.id = m.prev_id
         WHERE m.unanswered = 1 AND m.created_at >= ?1 AND m.created_at < ?2
         ORDER BY m.created_at DESC, m.id DESC",
    )?;
    let mut rows = stmt.query((period.from, period.to))?;
    let mut groups: Vec<QuestionGroup> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    while let Some(row) = rows.next()? {
        let reply_id: i64 = row.get(0)?;
        let conversation_id: i64 = row.get(1)?;
        let replied_at: i64 = row.get(3)?;
        let question = match row.get::<_, Option<Author>>(5)? {
            Some(Author::Customer) => Some(Question {
                id: row.get(4)?,
                text: row.get(6)?,
                at: row.get(7)?,
                key: row.get::<_, Option<String>>(9)?.unwrap_or_default(),
            }),
            // A system message between them (a transfer, a pause): look higher.
            Some(Author::System) => question_before(conn, row.get(8)?)?,
            Some(Author::Assistant | Author::Agent) | None => None,
        };
        let key = unanswered_key(reply_id);
        // Replies whose question is not cached group together.
        let mut words = String::new();
        let item = UnansweredQuestion {
            reviewed: marked.contains(&key),
            key,
            place: ItemPlace {
                conversation_id,
                message_id: Some(question.as_ref().map_or(reply_id, |q| q.id)),
            },
            contact: ItemContact::default(),
            asked_at: question.as_ref().map_or(replied_at, |q| q.at),
            question: question.map(|q| {
                words = q.key;
                q.text
            }),
            reply_id,
            reply: row.get(2)?,
        };
        let at = *group_of.entry(words.clone()).or_insert_with(|| {
            groups.push(QuestionGroup {
                words,
                questions: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].questions.push(item);
    }
    drop(rows);
    let contacts = contacts_of(
        conn,
        groups
            .iter()
            .flat_map(|g| &g.questions)
            .map(|q| q.place.conversation_id),
    )?;
    for question in groups.iter_mut().flat_map(|g| &mut g.questions) {
        if let Some(contact) = contacts.get(&question.place.conversation_id) {
            question.contact = contact.clone();
        }
    }
    let total = groups.iter().map(|g| g.questions.len() as u32).sum();
    // Stable: among groups of one size, the one with the newest question
    // (met first, newest first) stays first.
    groups.sort_by_key(|g| std::cmp::Reverse(g.questions.len()));
    Ok(UnansweredSection { groups, total })
}

/// The contact of each of these conversations, read in the order of the
/// conversations' ids: consecutive lookups land on the same pages of the
/// table instead of at random. A conversation not in the cache has none.
fn contacts_of(
    conn: &Connection,
    conversations: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, ItemContact>> {
    let mut ids: Vec<i64> = conversations.collect();
    ids.sort_unstable();
    ids.dedup();
    let mut read = conn.prepare_cached(
        "SELECT c.contact_id, coalesce(k.name, '')
         FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
         WHERE c.id = ?1",
    )?;
    let mut contacts = HashMap::with_capacity(ids.len());
    for id in ids {
        let contact = read
            .query_row([id], |row| {
                Ok(ItemContact {
                    id: row.get(0)?,
                    name: row.get(1)?,
                })
            })
            .optional()?;
        if let Some(contact) = contact {
            contacts.insert(id, contact);
        }
    }
    Ok(contacts)
}

/// The question a reply did not answer.
struct Question {
    id: i64,
    text: String,
    at: Millis,
    /// Its group key.
    key: String,
}

/// The customer message just above a reply, looking past system messages.
fn question_before(conn: &Connection, mut at: Option<i64>) -> Result<Option<Question>> {
    let mut read = conn.prepare_cached(
        "SELECT author, text, created_at, prev_id, coalesce(question_key, '')
         FROM messages WHERE id = ?1",
    )?;
    for _ in 0..QUESTION_DISTANCE {
        let Some(id) = at else { break };
        let Some((author, question, prev)) = read
            .query_row([id], |row| {
                let question = Question {
                    id,
                    text: row.get(1)?,
                    at: row.get(2)?,
                    key: row.get(4)?,
                };
                Ok((
                    row.get::<_, Author>(0)?,
                    question,
                    row.get::<_, Option<i64>>(3)?,
                ))
            })
            .optional()?
        else {
            break;
        };
        match author {
            Author::Customer => return Ok(Some(question)),
            // Another reply above: the question was answered before or is
            // someone else's business.
            Author::Assistant | Author::Agent => return Ok(None),
            Author::System => at = prev,
        }
    }
    Ok(None)
}
