//! Section 2: recurring topics. A customer message is about a topic when
//! one of the topic's keywords starts one of its words (folded: "preço"
//! and "PRECO" match "preco"). Price and opening hours are built in, in
//! English, Portuguese and Spanish; the user adds topics of their own.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::{fold, group_key, has_word_prefix};
use super::{ItemPlace, ReviewPeriod, TopicQuestion, TopicSummary, UnansweredSection};
use crate::error::{Result, StoreError};
use crate::Store;

/// A built-in topic: id, name, keywords (folded, as `fold` writes them).
pub struct BuiltInTopic {
    pub id: &'static str,
    pub name: &'static str,
    pub keywords: &'static [&'static str],
}

/// Price and opening hours.
pub const BUILT_IN_TOPICS: &[BuiltInTopic] = &[
    BuiltInTopic {
        id: "price",
        name: "Price",
        keywords: &[
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
            "mensalidade", // Spanish
            "precio",
            "cuanto cuesta",
            "cuanto vale",
            "costo",
            "coste",
            "descuento",
        ],
    },
    BuiltInTopic {
        id: "hours",
        name: "Opening hours",
        keywords: &[
            // English
            "opening hours",
            "open on",
            "open at",
            "what time",
            "hours",
            "closing time",
            "are you open", // Portuguese
            "horario",
            "abre",
            "abrem",
            "fecha as",
            "aberto",
            "funcionamento",
            // Spanish ("horario" as in Portuguese)
            "abren",
            "abierto",
            "cierran",
            "a que hora",
        ],
    },
];

/// Words of buying interest, for leads gone quiet: the price topic's and these.
pub(super) const PURCHASE_KEYWORDS: &[&str] = &[
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
    "contratar", // Spanish
    "comprar",
    "pedido",
    "plan",
    "suscrib",
    "presupuesto",
    "contratar",
];

/// A topic the user added: a name and its keywords (any case, accents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserTopic {
    pub name: String,
    pub keywords: Vec<String>,
}

const SETTING: &str = "review.topics";

/// A topic ready to match: id, name, folded keywords.
pub(super) struct Matcher {
    id: String,
    name: String,
    keywords: Vec<String>,
}

impl Matcher {
    pub(super) fn matches(&self, folded: &str) -> bool {
        self.keywords.iter().any(|k| has_word_prefix(folded, k))
    }

    /// Buying interest: the price topic's keywords and the purchase words.
    pub(super) fn purchase() -> Matcher {
        let price = BUILT_IN_TOPICS[0].keywords.iter();
        Matcher {
            id: "purchase".into(),
            name: "Buying interest".into(),
            keywords: price
                .chain(PURCHASE_KEYWORDS)
                .map(|k| (*k).to_owned())
                .collect(),
        }
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

fn matchers(conn: &Connection) -> Result<Vec<Matcher>> {
    let built_in = BUILT_IN_TOPICS.iter().map(|t| Matcher {
        id: t.id.to_owned(),
        name: t.name.to_owned(),
        keywords: t.keywords.iter().map(|k| (*k).to_owned()).collect(),
    });
    let own = user_topics(conn)?.into_iter().map(|t| Matcher {
        id: format!("user:{}", t.name),
        keywords: t
            .keywords
            .iter()
            .map(|k| fold(k.trim()))
            .filter(|k| !k.is_empty())
            .collect(),
        name: t.name,
    });
    Ok(built_in.chain(own).collect())
}

/// How many top questions a topic lists.
const TOP_QUESTIONS: usize = 5;

/// A period's customer messages, newest first: `(id, conversation, text)`.
pub(super) fn customer_messages(
    conn: &Connection,
    period: &ReviewPeriod,
    mut each: impl FnMut(i64, i64, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, m.text
         FROM messages m INDEXED BY messages_customer_by_time
         WHERE m.author = 'customer' AND m.created_at >= ?1 AND m.created_at < ?2
         ORDER BY m.created_at DESC",
    )?;
    let mut rows = stmt.query((period.from, period.to))?;
    while let Some(row) = rows.next()? {
        let text = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        each(row.get(0)?, row.get(1)?, text)?;
    }
    Ok(())
}

struct Tally {
    summary: TopicSummary,
    conversations: HashSet<i64>,
    /// By group key: index in `questions`.
    groups: HashMap<String, usize>,
    questions: Vec<TopicQuestion>,
}

pub(super) fn section(
    conn: &Connection,
    period: &ReviewPeriod,
    unanswered: &UnansweredSection,
) -> Result<Vec<TopicSummary>> {
    let matchers = matchers(conn)?;
    let not_answered: HashSet<i64> = unanswered
        .groups
        .iter()
        .flat_map(|g| &g.questions)
        .filter(|q| q.question.is_some())
        .filter_map(|q| q.place.message_id)
        .collect();
    let mut tallies: Vec<Tally> = matchers
        .iter()
        .map(|m| Tally {
            summary: TopicSummary {
                id: m.id.clone(),
                name: m.name.clone(),
                messages: 0,
                conversations: 0,
                unanswered: 0,
                top_questions: Vec::new(),
            },
            conversations: HashSet::new(),
            groups: HashMap::new(),
            questions: Vec::new(),
        })
        .collect();
    customer_messages(conn, period, |id, conversation_id, text| {
        let folded = fold(text);
        let missed = not_answered.contains(&id);
        for (matcher, tally) in matchers.iter().zip(&mut tallies) {
            if !matcher.matches(&folded) {
                continue;
            }
            tally.summary.messages += 1;
            tally.summary.unanswered += u32::from(missed);
            tally.conversations.insert(conversation_id);
            let at = *tally.groups.entry(group_key(text)).or_insert_with(|| {
                // Messages come newest first: the first wording is the newest.
                tally.questions.push(TopicQuestion {
                    text: text.to_owned(),
                    count: 0,
                    unanswered: 0,
                    place: ItemPlace {
                        conversation_id,
                        message_id: Some(id),
                    },
                });
                tally.questions.len() - 1
            });
            tally.questions[at].count += 1;
            tally.questions[at].unanswered += u32::from(missed);
        }
        Ok(())
    })?;
    Ok(tallies
        .into_iter()
        .map(|mut t| {
            t.questions.sort_by_key(|q| std::cmp::Reverse(q.count));
            t.questions.truncate(TOP_QUESTIONS);
            t.summary.conversations = t.conversations.len() as u32;
            t.summary.top_questions = t.questions;
            t.summary
        })
        .collect())
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
