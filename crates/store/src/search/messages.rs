//! The message half of a search: the conversations with the newest
//! messages matching, one hit per conversation, each with the message's
//! best snippet.
//!
//! Messages are read newest first from the FTS5 index, which needs no
//! scoring. A last word typed as a prefix longer than the prefix index
//! would make FTS5 merge the postings of every word it begins; when that is
//! costly, the three letters the index covers find candidates instead,
//! checked here one by one.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::Result;
use crate::queries::row_by_id;
use crate::types::{MatchField, SearchHit};

use super::highlight::{snippet, spans};
use super::phrases::{Instance, Phrases};
use super::tokenizer::{Tokens, Unicode61};
use super::{fts_query, Query};

/// Message hits read per wanted conversation, since several newest matches
/// may fall in the same conversation.
const MESSAGE_OVERFETCH: usize = 4;
/// Message indexes of prefixes of this many letters exist (`prefix = '3'`).
const MESSAGE_PREFIX_INDEX: usize = 3;
/// A longer prefix whose first three letters begin at most this many
/// messages is merged by FTS5 quickly; above, the three letters find
/// candidates, newest first, checked here.
const CHEAP_MERGE: i64 = 3_000;
/// Candidates checked (~2 µs each) before falling back to the exact query:
/// a prefix that begins few of the words its first three letters begin
/// (`entx`) is merged cheaply.
const CANDIDATE_BUDGET: usize = 500;

/// Newest first is rowid order (message ids grow with time), which FTS5
/// walks backwards without scoring anything, and lazily when every prefix
/// in the query has an index of its length.
const MESSAGES_BEFORE: &str = "\
    SELECT m.id, m.conversation_id, m.text
    FROM message_fts JOIN messages m ON m.id = message_fts.rowid
    WHERE message_fts MATCH ?1 AND message_fts.rowid < ?2
    ORDER BY message_fts.rowid DESC";

/// Hits for up to `wanted` conversations, not in `seen`, with a matching
/// message, newest message first.
pub(super) fn message_hits(
    conn: &Connection,
    tokenizer: &Unicode61,
    q: &Query,
    mut seen: HashSet<i64>,
    wanted: usize,
) -> Result<Vec<SearchHit>> {
    let Some(fts) = &q.parsed.message_fts else {
        return Ok(Vec::new());
    };
    if q.message.phrases.is_empty() {
        // No word has a token: FTS5 matches nothing.
        return Ok(Vec::new());
    }
    // The newest `fetch` matching messages, at most one hit per conversation.
    let fetch = wanted * MESSAGE_OVERFETCH;
    let mut matched = 0;
    let mut found = Vec::new();
    let mut consider =
        |conversation_id: i64, text: &str, tokens: &Tokens, instances: &[Instance]| {
            matched += 1;
            if seen.insert(conversation_id) {
                let marked = snippet(text, tokens, instances, q.message.phrases.len());
                found.push((conversation_id, marked));
            }
            found.len() == wanted || matched == fetch
        };
    let mut before = i64::MAX;
    let mut done = false;
    if let Some(candidates) = message_candidates(conn, &q.message)? {
        let mut stmt = conn.prepare_cached(MESSAGES_BEFORE)?;
        let mut rows = stmt.query((candidates, before))?;
        let mut checked = 0;
        while let Some(row) = rows.next()? {
            if checked == CANDIDATE_BUDGET {
                break;
            }
            checked += 1;
            let (id, conversation_id, text): (i64, i64, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            // Every match is a candidate, so all matches newer than the
            // last candidate checked have been seen.
            before = id;
            let tokens = tokenizer.tokens(&text)?;
            let instances = q.message.instances(&tokens);
            if q.message.matches_instances(&instances)
                && consider(conversation_id, &text, &tokens, &instances)
            {
                done = true;
                break;
            }
        }
        done |= checked < CANDIDATE_BUDGET;
    }
    if !done {
        let mut stmt = conn.prepare_cached(MESSAGES_BEFORE)?;
        let mut rows = stmt.query((fts, before))?;
        while let Some(row) = rows.next()? {
            let (conversation_id, text): (i64, String) = (row.get(1)?, row.get(2)?);
            let tokens = tokenizer.tokens(&text)?;
            let instances = q.message.instances(&tokens);
            if consider(conversation_id, &text, &tokens, &instances) {
                break;
            }
        }
    }
    let mut hits = Vec::with_capacity(found.len());
    for (conversation_id, marked) in found {
        if let Some(row) = row_by_id(conn, conversation_id)? {
            hits.push(SearchHit {
                row,
                matched: MatchField::Message,
                snippet: spans(&marked),
            });
        }
    }
    Ok(hits)
}

/// A query that finds a superset of the messages `phrases` matches, newest
/// first, cheaply: the last word's prefix cut to the three letters that
/// have an index. `None` when the exact query is cheap already: no prefix,
/// a prefix of three letters (its own index), or a prefix whose first three
/// letters begin few messages (a merge of few postings). Prefixes of one or
/// two letters (`r$1` ends with `1`) are left to the exact query, as before.
fn message_candidates(conn: &Connection, phrases: &Phrases) -> Result<Option<String>> {
    let Some(last) = phrases.phrases.last().and_then(|p| p.last()) else {
        return Ok(None);
    };
    let last = String::from_utf8_lossy(last);
    if !phrases.prefix || last.chars().count() <= MESSAGE_PREFIX_INDEX {
        return Ok(None);
    }
    let cut: String = last.chars().take(MESSAGE_PREFIX_INDEX).collect();
    let covered: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM message_fts WHERE message_fts MATCH ?1 LIMIT ?2)",
        )?
        .query_row((format!("\"{cut}\"*"), CHEAP_MERGE + 1), |row| row.get(0))?;
    if covered <= CHEAP_MERGE {
        return Ok(None);
    }
    let count = phrases.phrases.len();
    let words: Vec<String> = phrases
        .phrases
        .iter()
        .enumerate()
        .map(|(i, phrase)| {
            let mut tokens: Vec<String> = phrase
                .iter()
                .map(|t| String::from_utf8_lossy(t).into_owned())
                .collect();
            if i + 1 == count {
                if let Some(last) = tokens.last_mut() {
                    last.clone_from(&cut);
                }
            }
            tokens.join(" ")
        })
        .collect();
    // Each phrase quoted as one word, the last a prefix. Tokens never hold
    // a quote (a separator), and `fts_query` would double one anyway.
    Ok(fts_query(&words, true))
}
