//! What the screen reads: the list, counts, one conversation, its history
//! and a contact.

use rusqlite::{Connection, OptionalExtension};
use switchboard_protocol::ConversationStatus;

use crate::chain;
use crate::error::Result;
use crate::keep::{COMPLETE, KEPT};
use crate::rows::{self, CONTACT_COLUMNS, CONVERSATION_COLUMNS, MY_ID, ROW_COLUMNS};
use crate::types::{
    ContactConversation, ContactDetail, ConversationDetail, ConversationPage, ConversationRow,
    Filter, FilterCounts, HistoryProgress, ListCursor, ListQuery, MessagePage, OpenedConversation,
    PastTransfer,
};
use crate::waiting;
use crate::Store;

/// Pages larger than this are clamped: the UI never needs more at once.
pub(crate) const MAX_PAGE: u32 = 500;

impl Store {
    /// One page of the list, newest activity first, after `query.after`.
    pub fn list_conversations(&self, query: &ListQuery) -> Result<ConversationPage> {
        let limit = query.limit.clamp(1, MAX_PAGE);
        let status = match query.filter {
            Filter::All | Filter::Mine => None,
            Filter::Open => Some(ConversationStatus::Open),
            Filter::Closed => Some(ConversationStatus::Closed),
            Filter::Transferred => Some(ConversationStatus::Transferred),
            Filter::Selected => {
                let conn = self.reader()?;
                let rows = match query.selected {
                    Some(id) if query.after.is_none() => {
                        row_by_id(&conn, id)?.into_iter().collect()
                    }
                    _ => Vec::new(),
                };
                return Ok(ConversationPage { rows, next: None });
            }
        };
        // Row values `(a, b) < (?, ?)` let SQLite seek the index
        // (status, last_activity_at DESC, id DESC) straight to the cursor.
        // "All" merges the first rows of each status: there is no index of
        // all conversations by activity, which every message would write
        // into (see migration 5).
        let sql = match status {
            // The signed-in user's, by the partial index of assignees.
            None if query.filter == Filter::Mine => format!(
                "SELECT {ROW_COLUMNS} FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
                 WHERE c.assignee_id = {MY_ID} AND (c.last_activity_at, c.id) < (?2, ?3)
                   AND ?1 IS NULL -- (no status: keeps one parameter list for every shape)
                 ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?4"
            ),
            Some(status) => format!(
                "SELECT {ROW_COLUMNS} FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
                 WHERE c.status = ?1 AND (c.last_activity_at, c.id) < (?2, ?3) {}
                 ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?4",
                // Open means the assistant is actively responding.
                if status == ConversationStatus::Open {
                    "AND c.assistant_state = 'active'"
                } else {
                    ""
                }
            ),
            None => {
                let newest_of = |status: ConversationStatus| {
                    format!(
                        "SELECT * FROM (SELECT id, last_activity_at FROM conversations
                         WHERE status = '{}' AND (last_activity_at, id) < (?2, ?3)
                         ORDER BY last_activity_at DESC, id DESC LIMIT ?4)",
                        status.as_str()
                    )
                };
                format!(
                    "WITH page (id, last_activity_at) AS MATERIALIZED (
                        {} UNION ALL {} UNION ALL {}
                        ORDER BY 2 DESC, 1 DESC LIMIT ?4)
                     SELECT {ROW_COLUMNS} FROM page CROSS JOIN conversations c ON c.id = page.id
                     LEFT JOIN contacts k ON k.id = c.contact_id
                     WHERE ?1 IS NULL -- (no status: keeps one parameter list for both shapes)
                     ORDER BY c.last_activity_at DESC, c.id DESC",
                    newest_of(ConversationStatus::Open),
                    newest_of(ConversationStatus::Closed),
                    newest_of(ConversationStatus::Transferred),
                )
            }
        };
        let (after_time, after_id) = query
            .after
            .map_or((i64::MAX, i64::MAX), |c| (c.last_activity_at, c.id));
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(
                (status, after_time, after_id, i64::from(limit) + 1),
                rows::conversation_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|r| ListCursor {
                last_activity_at: r.last_activity_at,
                id: r.id,
            })
        } else {
            None
        };
        Ok(ConversationPage { rows, next })
    }

    /// How many conversations each filter shows (kept up to date by triggers).
    pub fn filter_counts(&self) -> Result<FilterCounts> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached("SELECT status, n FROM conversation_counts")?;
        let mut counts = FilterCounts::default();
        let mut open = 0;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })?;
        for row in rows {
            let (key, n) = row?;
            match key.as_str() {
                "open" => open = n,
                "open_active" => counts.open = n,
                "closed" => counts.closed = n,
                "transferred" => counts.transferred = n,
                _ => {}
            }
        }
        // All is every status; Open counts only the assistant's active ones.
        counts.all = open + counts.closed + counts.transferred;
        // Read from the partial index of assignees: as many rows as one
        // user handles, never the whole cache.
        counts.mine = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM conversations WHERE assignee_id = {MY_ID}"
            ))?
            .query_row([], |row| row.get(0))?;
        Ok(counts)
    }

    /// A conversation and its contact.
    pub fn conversation(&self, id: i64) -> Result<Option<ConversationDetail>> {
        let conn = self.reader()?;
        let conversation = conn
            .prepare_cached(&format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?1"
            ))?
            .query_row([id], rows::conversation)
            .optional()?;
        let Some(conversation) = conversation else {
            return Ok(None);
        };
        let contact = contact_by_id(&conn, conversation.contact_id)?;
        Ok(Some(ConversationDetail {
            conversation,
            contact,
        }))
    }

    /// How much of the whole history the cache holds. Sums a column over
    /// every conversation: call it once a second at most, not per event.
    /// Not `done` before a first bootstrap has finished.
    pub fn history_progress(&self) -> Result<HistoryProgress> {
        let conn = self.reader()?;
        // A conversation that holds all the cut-off keeps counts what it
        // holds: its older messages are not to be downloaded.
        let (cached, total, unknown, incomplete): (i64, i64, i64, i64) = conn.query_row(
            &format!(
                "SELECT coalesce(sum(cached_messages), 0),
                        coalesce(sum(CASE WHEN {KEPT} THEN cached_messages
                                     ELSE max(coalesce(message_count, 0), cached_messages) END), 0),
                        coalesce(sum(message_count IS NULL AND NOT history_complete
                                     AND NOT {KEPT}), 0),
                        coalesce(sum(NOT {COMPLETE} AND NOT {KEPT}), 0)
                 FROM conversations c"
            ),
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
        // Before a first bootstrap the cache knows of no conversation, and
        // so of nothing missing: that is not a whole history.
        let bootstrapped: bool = conn.query_row(
            "SELECT applied_seq IS NOT NULL FROM sync_state WHERE id = 1",
            [],
            |row| row.get(0),
        )?;
        Ok(HistoryProgress {
            cached,
            total: (unknown == 0).then_some(total),
            done: bootstrapped && incomplete == 0,
        })
    }

    /// How many customers are waiting for a human with nobody taking them:
    /// transferred, nobody handles it, and not answered by a human since
    /// (or written again since the answer).
    pub fn waiting_count(&self) -> Result<u32> {
        let conn = self.reader()?;
        waiting::count(&conn)
    }

    /// Everything the screen shows for an opened conversation, with the
    /// newest `first_page` messages; `None` if the cache does not hold it.
    pub fn open_conversation(
        &self,
        id: i64,
        first_page: u32,
    ) -> Result<Option<OpenedConversation>> {
        let Some(ConversationDetail {
            conversation,
            contact,
        }) = self.conversation(id)?
        else {
            return Ok(None);
        };
        Ok(Some(OpenedConversation {
            conversation,
            contact,
            messages: self.messages(id, None, first_page)?,
            outbox: self.outbox_for_conversation(id)?,
        }))
    }

    /// A conversation's messages before message `before` (or the newest),
    /// at most `limit`, returned oldest first. `has_more` says whether older
    /// messages exist at all, in the cache or only on the server (then
    /// `older_not_downloaded` is set too): the cache never claims the start
    /// of a history it holds only the end of.
    pub fn messages(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> Result<MessagePage> {
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let conn = self.reader()?;
        let mut messages = Vec::with_capacity(limit + 1);
        chain::walk(&conn, conversation_id, before, |m| {
            messages.push(m.clone());
            messages.len() <= limit
        })?;
        let more_cached = messages.len() > limit;
        messages.truncate(limit);
        messages.reverse();
        let extent = history_extent(&conn, conversation_id)?;
        Ok(MessagePage {
            messages,
            has_more: more_cached || extent == Extent::Missing,
            older_not_downloaded: !more_cached && extent == Extent::Missing,
            older_not_kept: !more_cached && extent == Extent::Kept,
        })
    }

    /// A contact with all its conversations, newest activity first, each
    /// with its first question, transfers and unanswered replies. One read
    /// transaction, so they agree with each other.
    pub fn contact_detail(&self, contact_id: i64) -> Result<Option<ContactDetail>> {
        let conn = self.reader()?;
        let tx = conn.unchecked_transaction()?;
        let Some(contact) = contact_by_id(&tx, contact_id)? else {
            return Ok(None);
        };
        let rows = tx
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
                 WHERE c.contact_id = ?1 ORDER BY c.last_activity_at DESC, c.id DESC"
            ))?
            .query_map([contact_id], rows::conversation_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut conversations = Vec::with_capacity(rows.len());
        for row in rows {
            conversations.push(contact_conversation(&tx, row)?);
        }
        Ok(Some(ContactDetail {
            contact,
            conversations,
        }))
    }
}

/// What a contact's conversation's history says (see [`ContactConversation`]).
fn contact_conversation(conn: &Connection, row: ConversationRow) -> Result<ContactConversation> {
    let id = row.id;
    let first_question = match history_extent(conn, id)? {
        Extent::Complete => conn
            .prepare_cached(
                "SELECT m.text FROM conversations c JOIN messages m ON m.id = c.first_question_id
                 WHERE c.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?,
        // The first cached message would be a later one, passed off as
        // the first.
        Extent::Kept | Extent::Missing => None,
    };
    let transfers = conn
        .prepare_cached(
            "SELECT transferred_at, reason FROM transfer_history
             WHERE conversation_id = ?1 ORDER BY transferred_at",
        )?
        .query_map([id], |r| {
            Ok(PastTransfer {
                transferred_at: r.get(0)?,
                reason: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let unanswered = conn
        .prepare_cached(
            "SELECT count(*) FROM messages WHERE conversation_id = ?1 AND unanswered = 1",
        )?
        .query_row([id], |r| r.get(0))?;
    Ok(ContactConversation {
        row,
        first_question,
        transfers,
        unanswered,
    })
}

pub(crate) fn row_by_id(conn: &Connection, id: i64) -> Result<Option<ConversationRow>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
             WHERE c.id = ?1"
        ))?
        .query_row([id], rows::conversation_row)
        .optional()?;
    Ok(row)
}

/// How much of a conversation's history the cache holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// The whole history: as many messages as the server counts, or the
    /// server said nothing is older.
    Complete,
    /// Everything the cut-off keeps; older messages are not kept.
    Kept,
    /// Older messages are on the server only.
    Missing,
}

/// A conversation the cache does not hold has no history to miss.
fn history_extent(conn: &Connection, conversation_id: i64) -> Result<Extent> {
    let extent = conn
        .prepare_cached(&format!(
            "SELECT {COMPLETE}, {KEPT} FROM conversations c WHERE c.id = ?1"
        ))?
        .query_row([conversation_id], |row| {
            Ok((row.get::<_, bool>(0)?, row.get::<_, bool>(1)?))
        })
        .optional()?;
    Ok(match extent {
        None | Some((true, _)) => Extent::Complete,
        Some((false, true)) => Extent::Kept,
        Some((false, false)) => Extent::Missing,
    })
}

fn contact_by_id(conn: &Connection, id: i64) -> Result<Option<switchboard_protocol::Contact>> {
    let contact = conn
        .prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts k WHERE k.id = ?1"
        ))?
        .query_row([id], rows::contact)
        .optional()?;
    Ok(contact)
}
