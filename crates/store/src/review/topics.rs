//! Section 2: recurring topics. A customer message is about a topic when
//! one of the topic's keywords starts one of its words (folded: "preço"
//! and "PRECO" match "preco"). Price and opening hours are built in, in
//! English, Portuguese and Spanish; the user adds topics of their own.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::{fold, WordStarts};
use super::{ItemPlace, ReviewPeriod, TopicQuestion, TopicSummary, UnansweredSection};
use crate::error::{Result, StoreError};
use crate::Store;

/// A built-in topic: id, name, its bit in `messages.topics`, keywords
/// (folded, as `fold` writes them).
pub struct BuiltInTopic {
    pub id: &'static str,
    pub name: &'static str,
    pub bit: i64,
    pub keywords: &'static [&'static str],
}

const PRICE_KEYWORDS: &[&str] = &[
    // English
    "price",
    "cost",
    "how much",
    "expensive",
    "cheap",
    "discount",
    "fee",
    // Portuguese
    "preco",
    "valor",
    "quanto custa",
    "quanto e",
    "caro",
    "barato",
    "desconto",
    "mensalidade",
    // Spanish
    "precio",
    "cuanto cuesta",
    "cuanto vale",
    "costo",
    "coste",
    "descuento",
];

/// Price and opening hours, shown as topics; buying interest (price words
/// and purchase words), read by leads gone quiet.
pub const BUILT_IN_TOPICS: &[BuiltInTopic] = &[
    BuiltInTopic {
        id: "price",
        name: "Price",
        bit: 1,
        keywords: PRICE_KEYWORDS,
    },
    BuiltInTopic {
        id: "hours",
        name: "Opening hours",
        bit: 2,
        keywords: &[
            // English
            "opening hours",
            "open on",
            "open at",
            "what time",
            "hours",
            "closing time",
            "are you open", // Portuguese ("horario" is Spanish too)
            "horario",
            "abre",
            "abrem",
            "fecha as",
            "aberto",
            "funcionamento",
            // Spanish
            "abren",
            "abierto",
            "cierran",
            "a que hora",
        ],
    },
];

/// Buying interest: a price word or one of these.
pub(super) const PURCHASE_BIT: i64 = 4;
const PURCHASE_KEYWORDS: &[&str] = &[
    // English
    "buy",
    "order",
    "purchase",
    "plan",
    "subscribe",
    "quote",
    "sign up",
    // Portuguese
    "comprar",
    "compra",
    "pedido",
    "encomenda",
    "plano",
    "assinar",
    "assinatura",
    "orcamento",
    "contratar", // Spanish ("comprar", "pedido", "contratar" as in Portuguese)
    "suscrib",
    "presupuesto",
];

fn matches_any(words: &WordStarts, keywords: &[&str]) -> bool {
    keywords.iter().any(|k| words.has_prefix(k))
}

/// The built-in topics (and buying interest) of a folded customer message.
pub(super) fn built_in_bits(folded: &str) -> i64 {
    let words = WordStarts::new(folded);
    let mut bits = 0;
    for topic in BUILT_IN_TOPICS {
        if matches_any(&words, topic.keywords) {
            bits |= topic.bit;
        }
    }
    if bits & BUILT_IN_TOPICS[0].bit != 0 || matches_any(&words, PURCHASE_KEYWORDS) {
        bits |= PURCHASE_BIT;
    }
    bits
}

/// A topic the user added: a name and its keywords (any case, accents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserTopic {
    pub name: String,
    pub keywords: Vec<String>,
}

const SETTING: &str = "review.topics";

/// A user topic ready to match: folded keywords.
struct Matcher {
    keywords: Vec<String>,
}

impl Matcher {
    fn matches(&self, words: &WordStarts) -> bool {
        self.keywords.iter().any(|k| words.has_prefix(k))
    }
}

fn user_topics(conn: &Connection) -> Result<Vec<UserTopic>> {
    let raw: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([SETTING], |row| row.get(0))
        .optional()?;
    let topics = raw.map(|raw| {
        serde_json::from_str(&raw).map_err(|source| StoreError::Setting {
            key: SETTING.to_owned(),
            source,
        })
    });
    Ok(topics.transpose()?.unwrap_or_default())
}

/// How many top questions a topic lists.
const TOP_QUESTIONS: usize = 5;

/// A period's messages about a built-in topic, newest first, as `(id,
/// conversation, topic bits, question key)`: read from the index alone
/// (migration 0012), no text.
fn topical_messages(
    conn: &Connection,
    period: &ReviewPeriod,
    mut each: impl FnMut(i64, i64, i64, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, m.topics, coalesce(m.question_key, '')
         FROM messages m INDEXED BY messages_topical_by_time
         WHERE m.topics <> 0 AND m.created_at >= ?1 AND m.created_at < ?2
         ORDER BY m.created_at DESC, m.id DESC",
    )?;
    let mut rows = stmt.query((period.from, period.to))?;
    while let Some(row) = rows.next()? {
        let key = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        each(row.get(0)?, row.get(1)?, row.get(2)?, key)?;
    }
    Ok(())
}

/// A period's customer messages, newest first, as `(id, conversation,
/// text, question key)`: for the user's topics, matched on the text.
fn customer_messages(
    conn: &Connection,
    period: &ReviewPeriod,
    mut each: impl FnMut(i64, i64, &str, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, m.text, coalesce(m.question_key, '')
         FROM messages m INDEXED BY messages_customer_by_time
         WHERE m.author = 'customer' AND m.created_at >= ?1 AND m.created_at < ?2
         ORDER BY m.created_at DESC",
    )?;
    let mut rows = stmt.query((period.from, period.to))?;
    while let Some(row) = rows.next()? {
        let text = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let key = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        each(row.get(0)?, row.get(1)?, text, key)?;
    }
    Ok(())
}

/// A topic's figures while the messages are read.
struct Tally {
    summary: TopicSummary,
    conversations: HashSet<i64>,
    /// By group key: index in `questions`.
    groups: HashMap<String, usize>,
    /// Their wording is read once the top ones are known (`finish`).
    questions: Vec<TopicQuestion>,
}

impl Tally {
    fn new(id: String, name: String) -> Tally {
        Tally {
            summary: TopicSummary {
                id,
                name,
                messages: 0,
                conversations: 0,
                unanswered: 0,
                top_questions: Vec::new(),
            },
            conversations: HashSet::new(),
            groups: HashMap::new(),
            questions: Vec::new(),
        }
    }

    /// Counts one message; messages come newest first, so a question's
    /// first occurrence is its newest, whose wording it shows.
    fn add(&mut self, id: i64, conversation_id: i64, key: &str, missed: bool) {
        self.summary.messages += 1;
        self.summary.unanswered += u32::from(missed);
        self.conversations.insert(conversation_id);
        let questions = &mut self.questions;
        let at = match self.groups.get(key) {
            Some(&at) => at,
            None => {
                questions.push(TopicQuestion {
                    text: String::new(),
                    count: 0,
                    unanswered: 0,
                    place: ItemPlace {
                        conversation_id,
                        message_id: Some(id),
                    },
                });
                self.groups.insert(key.to_owned(), questions.len() - 1);
                questions.len() - 1
            }
        };
        questions[at].count += 1;
        questions[at].unanswered += u32::from(missed);
    }

    /// The summary, with the wording of its top questions read now: a
    /// handful of messages by id instead of the text of every message.
    fn finish(mut self, conn: &Connection) -> Result<TopicSummary> {
        self.questions.sort_by_key(|q| std::cmp::Reverse(q.count));
        self.questions.truncate(TOP_QUESTIONS);
        let mut text_of = conn.prepare_cached("SELECT text FROM messages WHERE id = ?1")?;
        for question in &mut self.questions {
            if let Some(id) = question.place.message_id {
                question.text = text_of.query_row([id], |row| row.get(0))?;
            }
        }
        self.summary.conversations = self.conversations.len() as u32;
        self.summary.top_questions = self.questions;
        Ok(self.summary)
    }
}

pub(super) fn section(
    conn: &Connection,
    period: &ReviewPeriod,
    unanswered: &UnansweredSection,
) -> Result<Vec<TopicSummary>> {
    let not_answered: HashSet<i64> = unanswered
        .groups
        .iter()
        .flat_map(|g| &g.questions)
        .filter(|q| q.question.is_some())
        .filter_map(|q| q.place.message_id)
        .collect();
    let mut built_in: Vec<Tally> = BUILT_IN_TOPICS
        .iter()
        .map(|t| Tally::new(t.id.to_owned(), t.name.to_owned()))
        .collect();
    topical_messages(conn, period, |id, conversation_id, bits, key| {
        let missed = not_answered.contains(&id);
        for (topic, tally) in BUILT_IN_TOPICS.iter().zip(&mut built_in) {
            if bits & topic.bit != 0 {
                tally.add(id, conversation_id, key, missed);
            }
        }
        Ok(())
    })?;

    // The user's topics change at any time: matched now, over every
    // customer message of the period.
    let own = user_topics(conn)?;
    let matchers: Vec<Matcher> = own
        .iter()
        .map(|t| Matcher {
            keywords: t
                .keywords
                .iter()
                .map(|k| fold(k.trim()))
                .filter(|k| !k.is_empty())
                .collect(),
        })
        .collect();
    let mut tallies: Vec<Tally> = own
        .into_iter()
        .map(|t| Tally::new(format!("user:{}", t.name), t.name))
        .collect();
    if !matchers.is_empty() {
        customer_messages(conn, period, |id, conversation_id, text, key| {
            let folded = fold(text);
            let words = WordStarts::new(&folded);
            let missed = not_answered.contains(&id);
            for (matcher, tally) in matchers.iter().zip(&mut tallies) {
                if matcher.matches(&words) {
                    tally.add(id, conversation_id, key, missed);
                }
            }
            Ok(())
        })?;
    }
    built_in
        .into_iter()
        .chain(tallies)
        .map(|tally| tally.finish(conn))
        .collect()
}

impl Store {
    /// The user's own review topics (the built-in ones are always there).
    pub fn review_topics(&self) -> Result<Vec<UserTopic>> {
        let conn = self.reader()?;
        user_topics(&conn)
    }

    /// Replaces the user's own review topics.
    pub fn set_review_topics(&self, topics: &[UserTopic]) -> Result<()> {
        self.set_setting(SETTING, topics)
    }
}
