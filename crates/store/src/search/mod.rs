//! Search: contacts by name, email or phone digits, and messages by text,
//! with SQLite FTS5.
//!
//! Ranking is by kind, then recency: conversations whose contact matched
//! come first (newest activity first), then conversations with a matching
//! message (newest message first). Recency ranking reads each index in rowid
//! order and stops at the limit; bm25 over the message table would score
//! every match of a common word.
//!
//! FTS5 finds the matches; whether a given row matches, and the highlighted
//! name, email or snippet, are worked out in Rust, with FTS5's own tokenizer
//! and ports of its `highlight()` and `snippet()`. Asking FTS5 about one row
//! costs tens of microseconds (each query sets up cursors on every segment),
//! and a query whose last word is a prefix without an index of its length
//! first merges the postings of every word that prefix begins: tens of
//! milliseconds for `com` or `entr` over a big cache. Matching in Rust lets
//! the broad plans test rows one at a time and stop at the limit, and lets a
//! cheaper query find candidates.
//!
//! This file turns the typed text into queries and runs the two halves;
//! `contacts.rs` and `messages.rs` hold their plans, `phrases.rs` the
//! matching, `highlight.rs` what a hit shows, and `tokenizer.rs` the bridge
//! to FTS5's C API, the only `unsafe` code, kept there behind a safe API.
#![deny(unsafe_code)]

mod contacts;
#[cfg(test)]
mod fts5_parity;
mod highlight;
mod messages;
mod phrases;
#[allow(unsafe_code)]
mod tokenizer;

use std::collections::HashSet;

use crate::error::Result;
use crate::types::SearchHit;
use crate::Store;

use contacts::contact_hits;
use messages::message_hits;
use phrases::Phrases;
use tokenizer::{Tokens, Unicode61};

/// Below this many letters and digits, messages are not searched: one or
/// two letters would match nearly every message and tell the user nothing,
/// while names are worth matching from the first letter.
const MIN_MESSAGE_QUERY: usize = 3;
/// Phone numbers are matched on runs of at least this many digits (the
/// trigram index needs three).
const MIN_PHONE_DIGITS: usize = 3;

impl Store {
    /// Conversations matching `query` by contact name, email, phone digits
    /// or message text, at most `limit`, one hit per conversation. The last
    /// word is a prefix (type-ahead); case and accents do not matter.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let limit = limit.clamp(1, 100) as usize;
        let parsed = ParsedQuery::new(&without_control_characters(query));
        if parsed.fts.is_none() && parsed.digits.is_none() {
            return Ok(Vec::new());
        }
        let reader = self.reader()?;
        // One snapshot for all the statements of a search.
        let conn = reader.unchecked_transaction()?;
        let tokenizer = Unicode61::new(&conn)?;
        let q = Query::new(&tokenizer, parsed)?;
        let mut hits = contact_hits(&conn, &tokenizer, &q, limit)?;
        if hits.len() < limit && q.parsed.searches_messages() {
            let seen: HashSet<i64> = hits.iter().map(|h| h.row.id).collect();
            let wanted = limit - hits.len();
            hits.extend(message_hits(&conn, &tokenizer, &q, seen, wanted)?);
        }
        Ok(hits)
    }
}

/// The typed text with every control character a space: a NUL would end
/// the query in SQLite's C API, and the highlight markers are control
/// characters (`\u{1}`, `\u{2}`) that must never come from the user.
fn without_control_characters(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A search box's text, as FTS5 queries.
struct ParsedQuery {
    /// The words, each with at least one letter or digit.
    words: Vec<String>,
    /// For contacts: every word must match; the last one as a prefix.
    fts: Option<String>,
    /// For messages: the same, but the last word is a prefix only from
    /// `MIN_MESSAGE_PREFIX` letters on (see there).
    message_fts: Option<String>,
    message_prefix: bool,
    /// Set when the text looks like (part of) a phone number.
    digits: Option<String>,
    alphanumerics: usize,
}

/// A prefix shorter than this, over a million messages, would merge the
/// postings of every word it begins (`to*`: to, today, total, …): tens of
/// milliseconds. Three-letter prefixes have their own index (`prefix = '3'`).
const MIN_MESSAGE_PREFIX: usize = 3;

impl ParsedQuery {
    fn new(text: &str) -> Self {
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect();
        let looks_like_phone = text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-().".contains(c));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let digits = (looks_like_phone && digits.len() >= MIN_PHONE_DIGITS).then_some(digits);
        let last_is_long = words.last().is_some_and(|w| {
            w.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_MESSAGE_PREFIX
        });
        ParsedQuery {
            fts: fts_query(&words, true),
            message_fts: fts_query(&words, last_is_long),
            message_prefix: last_is_long,
            words: words.iter().map(|w| w.to_string()).collect(),
            digits,
            alphanumerics: text.chars().filter(|c| c.is_alphanumeric()).count(),
        }
    }

    fn searches_messages(&self) -> bool {
        self.message_fts.is_some() && self.alphanumerics >= MIN_MESSAGE_QUERY
    }

    /// The trigram query for the phone digits.
    fn digits_fts(&self) -> Option<String> {
        self.digits.as_ref().map(|d| format!("\"{d}\""))
    }
}

/// All `words` must match, the last one as a prefix if `last_prefix`. Each
/// word is quoted, so FTS5 syntax in it (AND, NEAR, *, ^, :) is plain text;
/// a quote inside is doubled.
fn fts_query<W: AsRef<str>>(words: &[W], last_prefix: bool) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let quoted: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let quoted = format!("\"{}\"", w.as_ref().replace('"', "\"\""));
            if last_prefix && i + 1 == words.len() {
                quoted + "*"
            } else {
                quoted
            }
        })
        .collect();
    Some(quoted.join(" "))
}

/// The parsed text with its words as FTS5 sees them.
struct Query {
    parsed: ParsedQuery,
    contact: Phrases,
    message: Phrases,
}

impl Query {
    fn new(tokenizer: &Unicode61, parsed: ParsedQuery) -> Result<Query> {
        Ok(Query {
            contact: Phrases::new(tokenizer, &parsed.words, true)?,
            message: Phrases::new(tokenizer, &parsed.words, parsed.message_prefix)?,
            parsed,
        })
    }

    /// Whether a contact matches, as `contact_fts MATCH fts` or
    /// `contact_digits_fts MATCH digits` would say.
    fn contact_matches(&self, name: &Tokens, email: &Tokens, phone_digits: &str) -> bool {
        self.contact.matches(&[name, email])
            || self
                .parsed
                .digits
                .as_deref()
                .is_some_and(|d| phone_digits.contains(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_syntax_in_a_query_is_quoted_as_text() {
        let q = ParsedQuery::new("NEAR(a b) \"x");
        assert_eq!(
            q.fts.as_deref(),
            Some("\"NEAR(a\" \"b)\" \"\"\"x\"*"),
            "operators and quotes typed by the user must stay plain text"
        );
    }

    #[test]
    fn a_short_last_word_is_a_prefix_for_names_but_a_whole_word_for_messages() {
        let q = ParsedQuery::new("talk to");
        assert_eq!(
            q.fts.as_deref(),
            Some("\"talk\" \"to\"*"),
            "names match while typing"
        );
        assert_eq!(
            q.message_fts.as_deref(),
            Some("\"talk\" \"to\""),
            "a two-letter message prefix would merge thousands of words"
        );
        let q = ParsedQuery::new("talk tod");
        assert_eq!(
            q.message_fts.as_deref(),
            Some("\"talk\" \"tod\"*"),
            "from three letters on, a prefix"
        );
    }
}
