//! The daily review: what to look at in a period's conversations, computed
//! from the cache alone (offline, fast), in four sections:
//!
//! 1. **unanswered questions**: each customer question the assistant could
//!    not answer (`messages.unanswered`: the server's marker, else the
//!    user's phrases, see `phrases.rs`), grouped by their words;
//! 2. **recurring topics**: customer messages per topic (built-in keyword
//!    sets, English/Portuguese/Spanish, plus the user's), their top
//!    questions and how many went unanswered;
//! 3. **transfers**: by reason, by hour, contacts transferred again, and the
//!    time to a human, from the durable transfer history (`history.rs`);
//! 4. **leads gone quiet**: a customer who showed buying interest, then
//!    stopped answering the assistant for longer than a threshold.
//!
//! Every item carries its conversation and message ids, for the screen to
//! open and highlight, and a key by which it can be marked reviewed
//! (`marks.rs`, durable). The period is whole local days (`period.rs`).

pub(crate) mod history;
mod leads;
mod marks;
mod period;
pub(crate) mod phrases;
mod topics;
mod transfers;
mod unanswered;
mod words;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult};
use serde::{Deserialize, Serialize};
use switchboard_protocol::{Author, Millis};
use ts_rs::TS;

pub use period::{system_zone, LocalDate, ReviewPeriod};
pub use phrases::DEFAULT_UNANSWERED_PHRASES;
pub use topics::{UserTopic, BUILT_IN_TOPICS};

use crate::error::Result;
use crate::verdict::Verdict;
use crate::Store;

/// A day, in milliseconds.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What to compute besides the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewQuery {
    pub period: ReviewPeriod,
    /// The present, for "still waiting" and "gone quiet".
    #[ts(type = "number")]
    pub now: Millis,
    /// A lead has gone quiet when the customer has not written for this
    /// long (the setting; [`DEFAULT_QUIET_AFTER_MS`] by default).
    #[ts(type = "number")]
    pub quiet_after_ms: i64,
}

/// The default threshold of a lead gone quiet: a day.
pub const DEFAULT_QUIET_AFTER_MS: i64 = DAY_MS;

/// The four sections, for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Review {
    pub period: ReviewPeriod,
    pub unanswered: UnansweredSection,
    pub topics: Vec<TopicSummary>,
    pub transfers: TransfersSection,
    pub quiet_leads: Vec<QuietLead>,
    /// Items that can be marked reviewed (unanswered questions, transfers,
    /// quiet leads), and how many of them are: "12 of 31 reviewed".
    pub items: u32,
    pub reviewed: u32,
}

/// Where an item is: the conversation to open and the message to scroll
/// to and highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemPlace {
    #[ts(type = "number")]
    pub conversation_id: i64,
    #[ts(type = "number | null")]
    pub message_id: Option<i64>,
}

/// Who the customer is, for an item's line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemContact {
    #[ts(type = "number")]
    pub id: i64,
    /// Empty when the contact is not in the cache.
    pub name: String,
}

/// One customer question the assistant could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnansweredQuestion {
    /// For [`Store::mark_reviewed`].
    pub key: String,
    pub reviewed: bool,
    /// The customer's question (`message_id`); without one in the cache,
    /// the assistant's reply.
    pub place: ItemPlace,
    pub contact: ItemContact,
    /// `None` when the question is not in the cache (history cut short).
    pub question: Option<String>,
    #[ts(type = "number")]
    pub asked_at: Millis,
    #[ts(type = "number")]
    pub reply_id: i64,
    pub reply: String,
}

/// Questions with the same normalized words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuestionGroup {
    /// The normalized words they share (sorted; may be empty).
    pub words: String,
    /// Newest first.
    pub questions: Vec<UnansweredQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnansweredSection {
    /// Biggest group first; among equals, the newest question first.
    pub groups: Vec<QuestionGroup>,
    pub total: u32,
}

/// One topic's customer messages in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TopicSummary {
    /// `price`, `hours`, or `user:<name>`.
    pub id: String,
    pub name: String,
    pub messages: u32,
    pub conversations: u32,
    /// Of `messages`, those the assistant could not answer.
    pub unanswered: u32,
    /// The most asked questions (by normalized words), most asked first.
    pub top_questions: Vec<TopicQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TopicQuestion {
    /// The newest wording of it.
    pub text: String,
    pub count: u32,
    pub unanswered: u32,
    /// Its newest occurrence.
    pub place: ItemPlace,
}

/// Transfers in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TransfersSection {
    /// Newest first.
    pub transfers: Vec<TransferItem>,
    /// Most frequent first.
    pub by_reason: Vec<ReasonCount>,
    /// 24 counts, by local hour of the day (0 to 23).
    pub by_hour: Vec<u32>,
    /// Contacts of the period's transfers with more than one transfer in
    /// the 30 days up to the period's end; most transfers first.
    pub repeated_contacts: Vec<RepeatedContact>,
    pub time_to_human: TimeToHuman,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransferItem {
    pub key: String,
    pub reviewed: bool,
    /// The transfer's system message, when the cache holds it.
    pub place: ItemPlace,
    pub contact: ItemContact,
    pub reason: Option<String>,
    #[ts(type = "number")]
    pub transferred_at: Millis,
    #[ts(type = "number | null")]
    pub first_human_reply_at: Option<Millis>,
    /// `resumed` (the assistant answers again) or `closed`; `None`: still
    /// transferred.
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReasonCount {
    /// Empty when the server gave none.
    pub reason: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RepeatedContact {
    pub contact: ItemContact,
    pub transfers: u32,
    /// Its newest transfer.
    pub place: ItemPlace,
}

/// Transfer to the first agent reply, over the period's transfers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimeToHuman {
    /// Transfers a human replied to.
    pub answered: u32,
    #[ts(type = "number | null")]
    pub median_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub p90_ms: Option<i64>,
    /// The transfer waiting longest now (still transferred, no reply).
    pub longest_waiting: Option<Waiting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Waiting {
    pub place: ItemPlace,
    pub contact: ItemContact,
    #[ts(type = "number")]
    pub waiting_ms: i64,
}

/// A customer who showed buying interest and then went quiet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuietLead {
    pub key: String,
    pub reviewed: bool,
    /// The message that showed interest.
    pub place: ItemPlace,
    pub contact: ItemContact,
    pub interest: String,
    /// The customer's last message.
    #[ts(type = "number")]
    pub last_customer_at: Millis,
    /// What the assistant said last, after it.
    pub assistant_said: String,
    #[ts(type = "number")]
    pub assistant_message_id: i64,
}

impl Store {
    /// The four sections of the review for `query.period`, with which
    /// items are marked reviewed. Reads the cache only (one read
    /// transaction, so the sections agree with each other).
    pub fn review(&self, query: &ReviewQuery) -> Result<Review> {
        Ok(self.review_timed(query)?.0)
    }

    /// [`Store::review`], with how long each section took (for the
    /// benchmark, which shows where the time goes).
    #[doc(hidden)]
    pub fn review_timed(&self, query: &ReviewQuery) -> Result<(Review, SectionTimes)> {
        let conn = self.reader()?;
        let tx = conn.unchecked_transaction()?;
        let mut clock = Instant::now();
        let mut lap = || {
            let now = Instant::now();
            std::mem::replace(&mut clock, now).elapsed()
        };
        let marked = marks::marked(&tx)?;
        let unanswered = unanswered::section(&tx, &query.period, &marked)?;
        let unanswered_time = lap();
        let topics = topics::section(&tx, &query.period, &unanswered)?;
        let topics_time = lap();
        let transfers = transfers::section(&tx, query, &marked)?;
        let transfers_time = lap();
        let quiet_leads = leads::section(&tx, query, &marked)?;
        let times = SectionTimes {
            unanswered: unanswered_time,
            topics: topics_time,
            transfers: transfers_time,
            quiet_leads: lap(),
        };
        let flags = unanswered
            .groups
            .iter()
            .flat_map(|g| g.questions.iter().map(|q| q.reviewed))
            .chain(transfers.transfers.iter().map(|t| t.reviewed))
            .chain(quiet_leads.iter().map(|l| l.reviewed));
        let (mut items, mut reviewed) = (0, 0);
        for flag in flags {
            items += 1;
            reviewed += u32::from(flag);
        }
        let review = Review {
            period: query.period.clone(),
            unanswered,
            topics,
            transfers,
            quiet_leads,
            items,
            reviewed,
        };
        Ok((review, times))
    }
}

/// How long each section of one review took.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct SectionTimes {
    pub unanswered: Duration,
    pub topics: Duration,
    pub transfers: Duration,
    pub quiet_leads: Duration,
}

/// Item keys marked reviewed.
type Marked = HashSet<String>;

impl Verdict {
    /// The verdict on a customer message (only customers ask questions).
    pub(crate) fn of_customer(text: &str) -> Verdict {
        let folded = words::fold(text);
        Verdict {
            unanswered: false,
            topics: topics::built_in_bits(&folded),
            question_key: Some(words::group_key_of_folded(&folded)),
        }
    }
}

/// The hook of the migration that added the verdict columns: judges the
/// messages cached before it, as if stored now.
pub(crate) fn judge_cached_messages(tx: &Transaction) -> HookResult {
    let phrases = phrases::Phrases::load(tx).map_err(|e| HookError::Hook(e.to_string()))?;
    let judged: Vec<(i64, Verdict)> = {
        let mut stmt = tx.prepare(
            "SELECT id, author, text FROM messages WHERE author IN ('customer', 'assistant')",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Author>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut judged = Vec::new();
        for row in rows {
            let (id, author, text) = row?;
            let verdict = match author {
                Author::Assistant => Verdict {
                    unanswered: phrases.matches(&text),
                    ..Verdict::default()
                },
                _ => Verdict::of_customer(&text),
            };
            if verdict != Verdict::default() {
                judged.push((id, verdict));
            }
        }
        judged
    };
    let mut set = tx.prepare(
        "UPDATE messages SET unanswered = ?2, topics = ?3, question_key = ?4 WHERE id = ?1",
    )?;
    for (id, v) in judged {
        set.execute((id, v.unanswered, v.topics, v.question_key))?;
    }
    Ok(())
}

impl Store {
    /// Conversations active in the period whose history the cache does not
    /// hold in full, so a review of it may miss messages: fetch their older
    /// history (`store_older_messages`) before trusting the review. Oldest
    /// activity first. Empty once the background history download is done.
    pub fn review_history_gaps(&self, period: &ReviewPeriod) -> Result<Vec<i64>> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT c.id FROM conversations c
             WHERE c.status IN ('open', 'closed', 'transferred')
               AND c.last_activity_at >= ?1 AND c.created_at < ?2
               AND c.history_complete = 0
               AND (c.message_count IS NULL OR c.cached_messages < c.message_count)
             ORDER BY c.last_activity_at, c.id",
        )?;
        let ids = stmt.query_map((period.from, period.to), |row| row.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}
