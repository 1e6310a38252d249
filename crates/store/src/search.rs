//! Search: contacts by name, email or phone digits, and messages by text,
//! with SQLite FTS5.
//!
//! Ranking is by kind, then recency: conversations whose contact matched
//! come first (newest activity first), then conversations with a matching
//! message (newest message first). Recency ranking reads each index in rowid
//! order and stops at the limit; bm25 over the message table would score
//! every match of a common word.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::queries::row_by_id;
use crate::rows::{self, ROW_COLUMNS};
use crate::types::{ConversationRow, MatchField, SearchHit, TextSpan};
use crate::Store;

/// Markers FTS5 puts around matched text; turned into spans, never shown.
const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';

/// Below this many letters and digits, messages are not searched: one or
/// two letters would match nearly every message and tell the user nothing,
/// while names are worth matching from the first letter.
const MIN_MESSAGE_QUERY: usize = 3;
/// Phone numbers are matched on runs of at least this many digits (the
/// trigram index needs three).
const MIN_PHONE_DIGITS: usize = 3;
/// Message hits read per wanted conversation, since several newest matches
/// may fall in the same conversation.
const MESSAGE_OVERFETCH: u32 = 4;
/// Above this many matching contacts, walking the list newest first beats
/// sorting the matches (see `contact_hits`).
const BROAD_MATCH: i64 = 1000;

impl Store {
    /// Conversations matching `query` by contact name, email, phone digits
    /// or message text, at most `limit`, one hit per conversation. The last
    /// word is a prefix (type-ahead); case and accents do not matter.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let limit = limit.clamp(1, 100);
        let parsed = ParsedQuery::new(query);
        if parsed.fts.is_none() && parsed.digits.is_none() {
            return Ok(Vec::new());
        }
        let conn = self.reader()?;
        let mut hits = contact_hits(&conn, &parsed, limit)?;
        if hits.len() < limit as usize && parsed.searches_messages() {
            let seen: HashSet<i64> = hits.iter().map(|h| h.row.id).collect();
            let wanted = limit as usize - hits.len();
            hits.extend(message_hits(&conn, &parsed, seen, wanted)?);
        }
        Ok(hits)
    }
}

/// A search box's text, as FTS5 queries.
struct ParsedQuery {
    /// For contacts: every word must match; the last one as a prefix.
    fts: Option<String>,
    /// For messages: the same, but the last word is a prefix only from
    /// `MIN_MESSAGE_PREFIX` letters on (see there).
    message_fts: Option<String>,
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
        let digits =
            (looks_like_phone && digits.len() >= MIN_PHONE_DIGITS).then(|| format!("\"{digits}\""));
        let last_is_long = words.last().is_some_and(|w| {
            w.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_MESSAGE_PREFIX
        });
        ParsedQuery {
            fts: fts_query(&words, true),
            message_fts: fts_query(&words, last_is_long),
            digits,
            alphanumerics: text.chars().filter(|c| c.is_alphanumeric()).count(),
        }
    }

    fn searches_messages(&self) -> bool {
        self.message_fts.is_some() && self.alphanumerics >= MIN_MESSAGE_QUERY
    }
}

/// All `words` must match, the last one as a prefix if `last_prefix`. Each
/// word is quoted, so FTS5 syntax in it (AND, NEAR, *, ^, :) is plain text;
/// a quote inside is doubled.
fn fts_query(words: &[&str], last_prefix: bool) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let quoted: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            if last_prefix && i + 1 == words.len() {
                quoted + "*"
            } else {
                quoted
            }
        })
        .collect();
    Some(quoted.join(" "))
}

fn contact_hits(conn: &Connection, q: &ParsedQuery, limit: u32) -> Result<Vec<SearchHit>> {
    let mut matched_contacts = Vec::new();
    if q.fts.is_some() {
        matched_contacts.push("SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?1");
    }
    if q.digits.is_some() {
        matched_contacts
            .push("SELECT rowid FROM contact_digits_fts WHERE contact_digits_fts MATCH ?2");
    }
    let matched_contacts = matched_contacts.join(" UNION ALL ");
    let fts = q.fts.as_deref().unwrap_or("");
    let digits = q.digits.as_deref().unwrap_or("");

    // Two plans. Few matching contacts (a full name, a phone): look up
    // their conversations and sort them. Many (the first letter of a name):
    // walk the list newest first and keep conversations of matching
    // contacts; the limit is reached after a few hundred rows. The `+`
    // stops SQLite from choosing the contact index in the broad plan.
    let broad: bool = conn
        .prepare_cached(&format!(
            "SELECT count(*) > ?3 FROM (SELECT 1 FROM ({matched_contacts}) LIMIT ?3 + 1)"
        ))?
        .query_row((fts, digits, BROAD_MATCH), |row| row.get(0))?;
    let sql = if broad {
        format!(
            "SELECT {ROW_COLUMNS} FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
             WHERE +c.contact_id IN ({matched_contacts})
             ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?3"
        )
    } else {
        // CROSS JOIN keeps the matches as the outer loop: SQLite would
        // otherwise walk the whole list to avoid a sort.
        let matched_contacts = matched_contacts.replace(" UNION ALL ", " UNION ");
        format!(
            "WITH matched (id) AS MATERIALIZED ({matched_contacts})
             SELECT {ROW_COLUMNS} FROM matched CROSS JOIN conversations c ON c.contact_id = matched.id
             LEFT JOIN contacts k ON k.id = c.contact_id
             ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?3"
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map((fts, digits, limit), rows::conversation_row)?
        .collect::<rusqlite::Result<Vec<ConversationRow>>>()?;
    let highlights = highlight_contacts(conn, q, &rows)?;
    rows.into_iter()
        .map(|row| {
            let (matched, snippet) =
                contact_match(conn, q, row.contact_id, highlights.get(&row.contact_id))?;
            Ok(SearchHit {
                row,
                matched,
                snippet,
            })
        })
        .collect()
}

/// The name and email of each hit's contact, with the match marked.
/// One statement for all hits: FTS5 evaluates a `MATCH ... AND rowid = ?`
/// from scratch each time (1–3 ms for a common prefix), so the `+` keeps
/// the id list from being pushed into the index as one lookup per id.
fn highlight_contacts(
    conn: &Connection,
    q: &ParsedQuery,
    rows: &[ConversationRow],
) -> Result<HashMap<i64, (String, String)>> {
    let Some(fts) = &q.fts else {
        return Ok(HashMap::new());
    };
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.contact_id).collect();
    let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, highlight(contact_fts, 0, char(1), char(2)),
                highlight(contact_fts, 1, char(1), char(2))
         FROM contact_fts
         WHERE contact_fts MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?2))",
    )?;
    let found = stmt
        .query_map((fts, ids), |row| {
            Ok((row.get(0)?, (row.get(1)?, row.get(2)?)))
        })?
        .collect::<rusqlite::Result<HashMap<i64, (String, String)>>>()?;
    Ok(found)
}

/// Which field of the contact matched, and that field with the match
/// highlighted. Name wins over email, email over phone.
fn contact_match(
    conn: &Connection,
    q: &ParsedQuery,
    contact_id: i64,
    highlighted: Option<&(String, String)>,
) -> Result<(MatchField, Vec<TextSpan>)> {
    if let Some((name, email)) = highlighted {
        if name.contains(OPEN) {
            return Ok((MatchField::Name, spans(name)));
        }
        if email.contains(OPEN) {
            return Ok((MatchField::Email, spans(email)));
        }
    }
    let phone: Option<String> = conn
        .prepare_cached("SELECT phone FROM contacts WHERE id = ?1")?
        .query_row([contact_id], |row| row.get(0))
        .optional()?
        .flatten();
    let wanted: String = q
        .digits
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    Ok((
        MatchField::Phone,
        phone_spans(phone.as_deref().unwrap_or_default(), &wanted),
    ))
}

fn message_hits(
    conn: &Connection,
    q: &ParsedQuery,
    mut seen: HashSet<i64>,
    wanted: usize,
) -> Result<Vec<SearchHit>> {
    let Some(fts) = &q.message_fts else {
        return Ok(Vec::new());
    };
    // Newest first is rowid order (message ids grow with time), which FTS5
    // walks backwards without scoring anything.
    let mut stmt = conn.prepare_cached(
        "SELECT m.conversation_id, snippet(message_fts, 0, char(1), char(2), '…', 12)
         FROM message_fts JOIN messages m ON m.id = message_fts.rowid
         WHERE message_fts MATCH ?1
         ORDER BY message_fts.rowid DESC LIMIT ?2",
    )?;
    let fetch = wanted as u32 * MESSAGE_OVERFETCH;
    let found = stmt
        .query_map((fts, fetch), |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut hits = Vec::new();
    for (conversation_id, snippet) in found {
        if hits.len() == wanted {
            break;
        }
        if !seen.insert(conversation_id) {
            continue;
        }
        if let Some(row) = row_by_id(conn, conversation_id)? {
            hits.push(SearchHit {
                row,
                matched: MatchField::Message,
                snippet: spans(&snippet),
            });
        }
    }
    Ok(hits)
}

/// Splits FTS5 output marked with `OPEN`/`CLOSE` into spans.
fn spans(marked: &str) -> Vec<TextSpan> {
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut highlighted = false;
    for c in marked.chars() {
        let toggle_to = match c {
            OPEN => Some(true),
            CLOSE => Some(false),
            _ => None,
        };
        match toggle_to {
            Some(next) => {
                if !text.is_empty() {
                    spans.push(TextSpan {
                        text: std::mem::take(&mut text),
                        highlighted,
                    });
                }
                highlighted = next;
            }
            None => text.push(c),
        }
    }
    if !text.is_empty() {
        spans.push(TextSpan { text, highlighted });
    }
    spans
}

/// The phone as typed, with the run of characters holding `digits`
/// highlighted (formatting inside the run included).
fn phone_spans(phone: &str, digits: &str) -> Vec<TextSpan> {
    let chars: Vec<char> = phone.chars().collect();
    let digit_positions: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let all_digits: String = digit_positions.iter().map(|&i| chars[i]).collect();
    let plain = || {
        vec![TextSpan {
            text: phone.to_owned(),
            highlighted: false,
        }]
    };
    if digits.is_empty() {
        return plain();
    }
    let Some(start) = all_digits.find(digits) else {
        return plain();
    };
    let (from, to) = (
        digit_positions[start],
        digit_positions[start + digits.len() - 1],
    );
    let piece = |range: std::ops::Range<usize>, highlighted| TextSpan {
        text: chars[range].iter().collect(),
        highlighted,
    };
    [
        piece(0..from, false),
        piece(from..to + 1, true),
        piece(to + 1..chars.len(), false),
    ]
    .into_iter()
    .filter(|s| !s.text.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_spans_highlight_the_digits_through_the_formatting() {
        let spans = phone_spans("+55 11 98765-4321", "987654");
        let highlighted: Vec<&str> = spans
            .iter()
            .filter(|s| s.highlighted)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            highlighted,
            vec!["98765-4"],
            "the typed digits are highlighted where they sit in the formatted number"
        );
        let whole: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            whole, "+55 11 98765-4321",
            "spans must rebuild the text exactly"
        );
    }

    #[test]
    fn marked_text_becomes_spans() {
        let spans = spans("say \u{1}hello\u{2} there");
        assert_eq!(
            spans,
            vec![
                TextSpan {
                    text: "say ".into(),
                    highlighted: false
                },
                TextSpan {
                    text: "hello".into(),
                    highlighted: true
                },
                TextSpan {
                    text: " there".into(),
                    highlighted: false
                },
            ],
            "markers delimit highlighted spans and never appear in the text"
        );
    }

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
