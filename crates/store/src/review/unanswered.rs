//! Section 1: the customer questions the assistant could not answer.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use switchboard_protocol::Author;

use super::marks::unanswered_key;
use super::words::group_key;
use super::{
    contact_of, ItemPlace, Marked, QuestionGroup, ReviewPeriod, UnansweredQuestion,
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
    let replies: Vec<(i64, i64, String, i64, Option<i64>)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.conversation_id, m.text, m.created_at, m.prev_id
             FROM messages m INDEXED BY messages_unanswered_by_time
             WHERE m.unanswered = 1 AND m.created_at >= ?1 AND m.created_at < ?2
             ORDER BY m.created_at DESC, m.id DESC",
        )?;
        let rows = stmt.query_map((period.from, period.to), |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut groups: Vec<QuestionGroup> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (reply_id, conversation_id, reply, replied_at, prev_id) in replies {
        let question = question_before(conn, prev_id)?;
        let key = unanswered_key(reply_id);
        let item = UnansweredQuestion {
            reviewed: marked.contains(&key),
            key,
            place: ItemPlace {
                conversation_id,
                message_id: Some(question.as_ref().map_or(reply_id, |q| q.0)),
            },
            contact: contact_of(conn, conversation_id)?,
            asked_at: question.as_ref().map_or(replied_at, |q| q.2),
            question: question.map(|q| q.1),
            reply_id,
            reply,
        };
        let words = group_key(item.question.as_deref().unwrap_or_default());
        let at = *group_of.entry(words.clone()).or_insert_with(|| {
            groups.push(QuestionGroup {
                words,
                questions: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].questions.push(item);
    }
    let total = groups.iter().map(|g| g.questions.len() as u32).sum();
    // Stable: among groups of one size, the one with the newest question
    // (met first, newest first) stays first.
    groups.sort_by_key(|g| std::cmp::Reverse(g.questions.len()));
    Ok(UnansweredSection { groups, total })
}

/// The customer message just above a reply: `(id, text, created_at)`.
fn question_before(conn: &Connection, mut at: Option<i64>) -> Result<Option<(i64, String, i64)>> {
    let mut read = conn
        .prepare_cached("SELECT author, text, created_at, prev_id FROM messages WHERE id = ?1")?;
    for _ in 0..QUESTION_DISTANCE {
        let Some(id) = at else { break };
        let Some((author, text, created_at, prev)) = read
            .query_row([id], |row| {
                Ok((
                    row.get::<_, Author>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                ))
            })
            .optional()?
        else {
            break;
        };
        match author {
            Author::Customer => return Ok(Some((id, text, created_at))),
            // Another reply above: the question was answered before or is
            // someone else's business.
            Author::Assistant | Author::Agent => return Ok(None),
            Author::System => at = prev,
        }
    }
    Ok(None)
}
