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
//! name, email or snippet, are worked out here, with FTS5's own tokenizer
//! (see [`Unicode61`]) and ports of its `highlight()` and `snippet()`. Asking
//! FTS5 about one row costs tens of microseconds (each query sets up
//! cursors on every segment), and a query whose last word is a prefix
//! without an index of its length first merges the postings of every word
//! that prefix begins: tens of milliseconds for `com` or `entr` over a big
//! cache. Matching in Rust lets the broad plans test rows one at a time and
//! stop at the limit, and lets a cheaper query find candidates.

use std::collections::HashSet;
use std::ffi::{c_char, c_int, c_void};
use std::marker::PhantomData;
use std::ops::Range;
use std::ptr;

use rusqlite::{ffi, Connection, OptionalExtension};

use crate::error::Result;
use crate::queries::row_by_id;
use crate::types::{MatchField, SearchHit, TextSpan};
use crate::Store;

/// Markers put around matched text; turned into spans, never shown.
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
const MESSAGE_OVERFETCH: usize = 4;
/// Tokens around the match in a message snippet.
const SNIPPET_TOKENS: i64 = 12;
const ELLIPSIS: &str = "…";

// How the conversations of matching contacts are ranked depends on how many
// contacts match. Costs measured on a cache of 100k conversations (the
// reader's page cache holds a small part of it, so most row lookups read
// the operating system's cache): reading a contact id from FTS5 ~0.15 µs,
// a conversation's contact or activity time ~2.5 µs, a conversation id from
// the status index alone ~0.2 µs, a contact's name and email ~3 µs.

/// Up to this many matching contacts: look up their conversations and sort
/// them (a full name, an email, a phone number).
const SORT_AT_MOST: usize = 400;
/// Up to this many: find their conversation ids (index only), then walk the
/// list newest first until they are found.
const CONVERSATION_IDS_AT_MOST: usize = 2_500;
/// Up to this many: walk the list newest first, keeping conversations of
/// matching contacts. Above, the contacts are not even read: each walked
/// conversation's contact is tested in Rust (`c`, in every email, matches
/// every contact; one in twenty matches within a few hundred rows).
const CONTACT_SET_AT_MOST: usize = 6_000;
/// Walks give up after this many rows, a few times what matches spread
/// evenly need (crowded in old conversations, they are few), and sort.
const INDEX_WALK_BUDGET: usize = 10_000;
const TABLE_WALK_BUDGET: usize = 1_500;

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

impl Store {
    /// Conversations matching `query` by contact name, email, phone digits
    /// or message text, at most `limit`, one hit per conversation. The last
    /// word is a prefix (type-ahead); case and accents do not matter.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let limit = limit.clamp(1, 100) as usize;
        let parsed = ParsedQuery::new(query);
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

// ------------------------------------------------------------ contacts ---

fn contact_hits(
    conn: &Connection,
    tokenizer: &Unicode61,
    q: &Query,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let ranked = contact_conversations(conn, tokenizer, q, limit)?;
    let mut hits = Vec::with_capacity(ranked.len());
    for id in ranked {
        let Some(row) = row_by_id(conn, id)? else {
            continue;
        };
        let (matched, snippet) = contact_match(conn, tokenizer, q, row.contact_id)?;
        hits.push(SearchHit {
            row,
            matched,
            snippet,
        });
    }
    Ok(hits)
}

/// The ids of the newest conversations whose contact matches, newest
/// activity first. The plan depends on how many contacts match (see
/// `SORT_AT_MOST` and the constants after it).
fn contact_conversations(
    conn: &Connection,
    tokenizer: &Unicode61,
    q: &Query,
    limit: usize,
) -> Result<Vec<i64>> {
    let mut contacts = Vec::new();
    let mut many = false;
    if let Some(fts) = &q.parsed.fts {
        many |= read_contact_ids(
            conn,
            "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?1 LIMIT ?2",
            fts,
            &mut contacts,
        )?;
    }
    if let Some(digits) = q.parsed.digits_fts() {
        many |= read_contact_ids(
            conn,
            "SELECT rowid FROM contact_digits_fts WHERE contact_digits_fts MATCH ?1 LIMIT ?2",
            &digits,
            &mut contacts,
        )?;
    }
    if many {
        // Too many to read: test each conversation's contact instead, as
        // FTS5 would, newest first, until the limit.
        let mut contact = conn.prepare_cached(
            "SELECT name, coalesce(email, ''), phone_digits FROM contacts WHERE id = ?1",
        )?;
        let found = walk_list(conn, true, limit, None, |_, contact_id| {
            let fields = contact
                .query_row([contact_id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                })
                .optional()?;
            let Some((name, email, digits)) = fields else {
                return Ok(false);
            };
            let (name, email) = (tokenizer.tokens(&name)?, tokenizer.tokens(&email)?);
            Ok(q.contact_matches(&name, &email, &digits))
        })?;
        return Ok(found.unwrap_or_default());
    }
    contacts.sort_unstable();
    contacts.dedup();
    if contacts.len() > SORT_AT_MOST {
        let walked = if contacts.len() <= CONVERSATION_IDS_AT_MOST {
            let ids: HashSet<i64> = contact_conversation_ids(conn, &contacts)?;
            let wanted = limit.min(ids.len());
            walk_list(conn, false, wanted, Some(INDEX_WALK_BUDGET), |id, _| {
                Ok(ids.contains(&id))
            })?
        } else {
            let set: HashSet<i64> = contacts.iter().copied().collect();
            walk_list(
                conn,
                true,
                limit,
                Some(TABLE_WALK_BUDGET),
                |_, contact_id| Ok(set.contains(&contact_id)),
            )?
        };
        if let Some(found) = walked {
            return Ok(found);
        }
    }
    // CROSS JOIN keeps the contacts as the outer loop: SQLite would
    // otherwise walk the whole list to avoid a sort.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id FROM json_each(?1) j CROSS JOIN conversations c ON c.contact_id = j.value
         ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?2",
    )?;
    let found = stmt
        .query_map((json_ids(&contacts), limit as i64), |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(found)
}

/// Appends the ids `sql` finds for `fts`, at most `CONTACT_SET_AT_MOST`;
/// true if there were more.
fn read_contact_ids(conn: &Connection, sql: &str, fts: &str, ids: &mut Vec<i64>) -> Result<bool> {
    let mut stmt = conn.prepare_cached(sql)?;
    let before = ids.len();
    let found = stmt.query_map((fts, CONTACT_SET_AT_MOST as i64 + 1), |row| row.get(0))?;
    for id in found {
        ids.push(id?);
    }
    Ok(ids.len() - before > CONTACT_SET_AT_MOST)
}

/// The conversations of `contacts`, from the contact index alone.
fn contact_conversation_ids(conn: &Connection, contacts: &[i64]) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id FROM json_each(?1) j CROSS JOIN conversations c ON c.contact_id = j.value",
    )?;
    let mut ids = HashSet::with_capacity(contacts.len());
    for id in stmt.query_map([json_ids(contacts)], |row| row.get(0))? {
        ids.insert(id?);
    }
    Ok(ids)
}

fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// The list, newest activity first, read from the index of each status and
/// merged (SQLite merges the three index walks), so that it needs no index
/// over all conversations. Every status the store writes must be here.
/// Without the contact, the walk reads the index only.
const WALK_IDS: &str = "\
    SELECT id, last_activity_at FROM conversations WHERE status = 'open'
    UNION ALL SELECT id, last_activity_at FROM conversations WHERE status = 'closed'
    UNION ALL SELECT id, last_activity_at FROM conversations WHERE status = 'transferred'
    ORDER BY 2 DESC, 1 DESC";
const WALK_WITH_CONTACTS: &str = "\
    SELECT id, last_activity_at, contact_id FROM conversations WHERE status = 'open'
    UNION ALL SELECT id, last_activity_at, contact_id FROM conversations WHERE status = 'closed'
    UNION ALL SELECT id, last_activity_at, contact_id FROM conversations WHERE status = 'transferred'
    ORDER BY 2 DESC, 1 DESC";

/// Walks the list newest first, keeping the conversations (id, contact id)
/// that `keep` wants, until `wanted` are kept or the list ends. `None` when
/// `budget` rows were read first.
fn walk_list(
    conn: &Connection,
    with_contacts: bool,
    wanted: usize,
    budget: Option<usize>,
    mut keep: impl FnMut(i64, i64) -> Result<bool>,
) -> Result<Option<Vec<i64>>> {
    let mut stmt = conn.prepare_cached(if with_contacts {
        WALK_WITH_CONTACTS
    } else {
        WALK_IDS
    })?;
    let mut rows = stmt.query([])?;
    let mut kept = Vec::new();
    let mut read = 0;
    while kept.len() < wanted {
        let Some(row) = rows.next()? else {
            break;
        };
        read += 1;
        if budget.is_some_and(|budget| read > budget) {
            return Ok(None);
        }
        let id: i64 = row.get(0)?;
        let contact_id: i64 = if with_contacts { row.get(2)? } else { 0 };
        if keep(id, contact_id)? {
            kept.push(id);
        }
    }
    Ok(Some(kept))
}

/// Which field of the contact matched, and that field with the match
/// highlighted. Name wins over email, email over phone.
fn contact_match(
    conn: &Connection,
    tokenizer: &Unicode61,
    q: &Query,
    contact_id: i64,
) -> Result<(MatchField, Vec<TextSpan>)> {
    let (name, email, phone): (String, String, Option<String>) = conn
        .prepare_cached("SELECT name, coalesce(email, ''), phone FROM contacts WHERE id = ?1")?
        .query_row([contact_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?
        .unwrap_or_default();
    let name_tokens = tokenizer.tokens(&name)?;
    let email_tokens = tokenizer.tokens(&email)?;
    // As `highlight()` in a `contact_fts MATCH` query: only a contact the
    // whole query matches is highlighted, whatever single words match.
    if q.contact.matches(&[&name_tokens, &email_tokens]) {
        for (field, text, tokens) in [
            (MatchField::Name, &name, &name_tokens),
            (MatchField::Email, &email, &email_tokens),
        ] {
            let instances = q.contact.instances(tokens);
            if !instances.is_empty() {
                return Ok((field, spans(&highlight(text, tokens, &instances))));
            }
        }
    }
    let wanted = q.parsed.digits.as_deref().unwrap_or_default();
    Ok((
        MatchField::Phone,
        phone_spans(phone.as_deref().unwrap_or_default(), wanted),
    ))
}

// ------------------------------------------------------------ messages ---

/// Newest first is rowid order (message ids grow with time), which FTS5
/// walks backwards without scoring anything, and lazily when every prefix
/// in the query has an index of its length.
const MESSAGES_BEFORE: &str = "\
    SELECT m.id, m.conversation_id, m.text
    FROM message_fts JOIN messages m ON m.id = message_fts.rowid
    WHERE message_fts MATCH ?1 AND message_fts.rowid < ?2
    ORDER BY message_fts.rowid DESC";

fn message_hits(
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
    let query: Vec<String> = phrases
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
            // Tokens never hold a quote (a separator), but stay safe.
            let phrase = format!("\"{}\"", tokens.join(" ").replace('"', "\"\""));
            if i + 1 == count {
                phrase + "*"
            } else {
                phrase
            }
        })
        .collect();
    Ok(Some(query.join(" ")))
}

// ------------------------------------------------- matching, as FTS5 does ---

/// FTS5's `unicode61` tokenizer with `remove_diacritics 2`, the one the
/// name, email and message indexes are declared with (migrations 0002 and
/// 0004), called through FTS5's C API: words are split and folded (case,
/// accents) exactly as in the indexes, by the same code. The unit tests
/// compare what is built on it with FTS5's own `highlight()` and `snippet()`.
struct Unicode61<'c> {
    module: ffi::fts5_tokenizer,
    tokenizer: *mut ffi::Fts5Tokenizer,
    _conn: PhantomData<&'c Connection>,
}

fn fts5_error(rc: c_int, what: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(what.to_owned()))
}

/// The connection's FTS5 API object, valid as long as the connection.
fn fts5_api(conn: &Connection) -> Result<*mut ffi::fts5_api> {
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    // SAFETY: the statement is prepared, stepped and finalized here, on the
    // connection's own handle; `SELECT fts5(?1)` writes the API pointer into
    // `api` (bound with the pointer type FTS5 checks), which outlives it.
    let rc = unsafe {
        let mut stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            conn.handle(),
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc == ffi::SQLITE_OK {
            ffi::sqlite3_bind_pointer(
                stmt,
                1,
                ptr::addr_of_mut!(api).cast(),
                c"fts5_api_ptr".as_ptr(),
                None,
            );
            ffi::sqlite3_step(stmt);
            ffi::sqlite3_finalize(stmt)
        } else {
            rc
        }
    };
    if rc != ffi::SQLITE_OK || api.is_null() {
        return Err(fts5_error(rc, "FTS5 is not available").into());
    }
    Ok(api)
}

impl<'c> Unicode61<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        let api = fts5_api(conn)?;
        let mut module = ffi::fts5_tokenizer {
            xCreate: None,
            xDelete: None,
            xTokenize: None,
        };
        let mut user_data = ptr::null_mut();
        // SAFETY: `api` is valid while `conn` is open; FTS5 fills `module`
        // with the tokenizer's functions and their context.
        let rc = unsafe {
            let find = (*api)
                .xFindTokenizer
                .ok_or_else(|| fts5_error(ffi::SQLITE_ERROR, "no xFindTokenizer"))?;
            find(api, c"unicode61".as_ptr(), &mut user_data, &mut module)
        };
        if rc != ffi::SQLITE_OK {
            return Err(fts5_error(rc, "no unicode61 tokenizer").into());
        }
        let create = module
            .xCreate
            .ok_or_else(|| fts5_error(ffi::SQLITE_ERROR, "no unicode61 xCreate"))?;
        let mut args = [c"remove_diacritics".as_ptr(), c"2".as_ptr()];
        let mut tokenizer = ptr::null_mut();
        // SAFETY: the arguments are NUL-terminated strings that outlive the
        // call (the tokenizer copies what it keeps).
        let rc = unsafe { create(user_data, args.as_mut_ptr(), 2, &mut tokenizer) };
        if rc != ffi::SQLITE_OK || tokenizer.is_null() {
            return Err(fts5_error(rc, "unicode61 could not be created").into());
        }
        Ok(Unicode61 {
            module,
            tokenizer,
            _conn: PhantomData,
        })
    }

    fn tokens(&self, text: &str) -> Result<Tokens> {
        let mut tokens = Tokens::default();
        let (Some(tokenize), Ok(len)) = (self.module.xTokenize, c_int::try_from(text.len())) else {
            return Err(fts5_error(ffi::SQLITE_TOOBIG, "text too long to tokenize").into());
        };
        // SAFETY: the tokenizer lives until `drop`; `text` is `len` bytes
        // and `tokens` outlives the call, the only time `push_token` runs.
        let rc = unsafe {
            tokenize(
                self.tokenizer,
                ptr::addr_of_mut!(tokens).cast(),
                ffi::FTS5_TOKENIZE_DOCUMENT,
                text.as_ptr().cast(),
                len,
                Some(push_token),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(fts5_error(rc, "unicode61 failed").into());
        }
        Ok(tokens)
    }
}

impl Drop for Unicode61<'_> {
    fn drop(&mut self) {
        if let Some(delete) = self.module.xDelete {
            // SAFETY: created by this module's xCreate, deleted once.
            unsafe { delete(self.tokenizer) }
        }
    }
}

/// The tokenizer's callback: one call per token, in order.
unsafe extern "C" fn push_token(
    ctx: *mut c_void,
    _flags: c_int,
    token: *const c_char,
    len: c_int,
    start: c_int,
    end: c_int,
) -> c_int {
    // SAFETY: `ctx` is the `Tokens` that `Unicode61::tokens` passes, and
    // `token` points to `len` bytes, both valid during the call.
    let (tokens, token) = unsafe {
        (
            &mut *ctx.cast::<Tokens>(),
            std::slice::from_raw_parts(token.cast::<u8>(), usize::try_from(len).unwrap_or(0)),
        )
    };
    let from = tokens.folded.len();
    tokens.folded.extend_from_slice(token);
    tokens.list.push(Token {
        folded: from..tokens.folded.len(),
        text: usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0),
    });
    ffi::SQLITE_OK
}

/// A text's tokens, folded as in the index, with where they are in the text.
#[derive(Default)]
struct Tokens {
    /// The folded tokens, back to back.
    folded: Vec<u8>,
    list: Vec<Token>,
}

struct Token {
    folded: Range<usize>,
    /// Byte range in the text.
    text: Range<usize>,
}

impl Tokens {
    fn len(&self) -> usize {
        self.list.len()
    }

    fn folded(&self, i: usize) -> &[u8] {
        &self.folded[self.list[i].folded.clone()]
    }
}

/// An FTS5 query of quoted words as FTS5 parses it: each word a phrase of
/// folded tokens, all phrases required, in any column; a word without
/// tokens dropped; the last token of the last word a prefix if `prefix`.
struct Phrases {
    phrases: Vec<Vec<Vec<u8>>>,
    prefix: bool,
}

/// One place a phrase matches: at token `pos`, for `len` tokens.
#[derive(Clone, Copy)]
struct Instance {
    phrase: usize,
    pos: usize,
    len: usize,
}

impl Phrases {
    fn new(tokenizer: &Unicode61, words: &[String], last_prefix: bool) -> Result<Phrases> {
        let mut phrases = Vec::new();
        let mut prefix = false;
        for (i, word) in words.iter().enumerate() {
            let tokens = tokenizer.tokens(word)?;
            if tokens.len() == 0 {
                continue;
            }
            phrases.push(
                (0..tokens.len())
                    .map(|t| tokens.folded(t).to_vec())
                    .collect(),
            );
            prefix = last_prefix && i + 1 == words.len();
        }
        Ok(Phrases { phrases, prefix })
    }

    fn phrase_at(&self, p: usize, doc: &Tokens, pos: usize) -> bool {
        let phrase = &self.phrases[p];
        let last_phrase = p + 1 == self.phrases.len();
        pos + phrase.len() <= doc.len()
            && phrase.iter().enumerate().all(|(j, want)| {
                let token = doc.folded(pos + j);
                if self.prefix && last_phrase && j + 1 == phrase.len() {
                    token.starts_with(want)
                } else {
                    token == want.as_slice()
                }
            })
    }

    /// Every place a phrase matches in `doc`, by position, then phrase: the
    /// order of FTS5's `xInst`.
    fn instances(&self, doc: &Tokens) -> Vec<Instance> {
        let mut instances = Vec::new();
        for pos in 0..doc.len() {
            for (p, phrase) in self.phrases.iter().enumerate() {
                if self.phrase_at(p, doc, pos) {
                    instances.push(Instance {
                        phrase: p,
                        pos,
                        len: phrase.len(),
                    });
                }
            }
        }
        instances
    }

    /// Whether every phrase is in one of the columns.
    fn matches(&self, columns: &[&Tokens]) -> bool {
        !self.phrases.is_empty()
            && (0..self.phrases.len()).all(|p| {
                columns
                    .iter()
                    .any(|doc| (0..doc.len()).any(|pos| self.phrase_at(p, doc, pos)))
            })
    }

    /// `matches` for a single column whose instances are known.
    fn matches_instances(&self, instances: &[Instance]) -> bool {
        let mut seen = vec![false; self.phrases.len()];
        for i in instances {
            seen[i.phrase] = true;
        }
        !seen.is_empty() && seen.iter().all(|&s| s)
    }
}

/// FTS5's coalesced instance iterator (`fts5CInstIterNext`): runs of
/// overlapping instances, as first and last token.
struct Coalesced<'a> {
    instances: &'a [Instance],
    next: usize,
    start: i64,
    end: i64,
}

impl<'a> Coalesced<'a> {
    fn new(instances: &'a [Instance]) -> Self {
        let mut iter = Coalesced {
            instances,
            next: 0,
            start: -1,
            end: -1,
        };
        iter.advance();
        iter
    }

    fn advance(&mut self) {
        self.start = -1;
        self.end = -1;
        while let Some(i) = self.instances.get(self.next) {
            let (pos, end) = (i.pos as i64, (i.pos + i.len) as i64 - 1);
            if self.start < 0 {
                (self.start, self.end) = (pos, end);
            } else if pos <= self.end {
                self.end = self.end.max(end);
            } else {
                break;
            }
            self.next += 1;
        }
    }
}

/// FTS5's `fts5HighlightCb`, token by token: copies the text (or, with a
/// range, the tokens in it) with markers around the coalesced instances.
struct Highlighter<'a> {
    text: &'a str,
    /// First and last token to copy, for a snippet.
    range: Option<(i64, i64)>,
    iter: Coalesced<'a>,
    pos: i64,
    off: usize,
    open: bool,
    out: String,
}

impl<'a> Highlighter<'a> {
    fn new(text: &'a str, range: Option<(i64, i64)>, instances: &'a [Instance]) -> Self {
        Highlighter {
            text,
            range,
            iter: Coalesced::new(instances),
            pos: 0,
            off: 0,
            open: false,
            out: String::new(),
        }
    }

    fn copy_to(&mut self, to: usize) {
        if to > self.off {
            self.out.push_str(&self.text[self.off..to]);
        }
        self.off = self.off.max(to);
    }

    fn token(&mut self, text: &Range<usize>) {
        let pos = self.pos;
        self.pos += 1;
        if let Some((first, last)) = self.range {
            if pos < first || pos > last {
                return;
            }
            if first != 0 && pos == first {
                self.off = text.start;
            }
        }
        if self.open && (pos <= self.iter.start || self.iter.start < 0) && text.start > self.off {
            self.out.push(CLOSE);
            self.open = false;
        }
        if pos == self.iter.start && !self.open {
            self.copy_to(text.start);
            self.out.push(OPEN);
            self.open = true;
        }
        if pos == self.iter.end {
            if !self.open {
                self.out.push(OPEN);
                self.open = true;
            }
            self.copy_to(text.end);
            self.iter.advance();
        }
        if self.range.is_some_and(|(_, last)| pos == last) {
            if self.open {
                if self.iter.start >= 0 && pos >= self.iter.start {
                    self.copy_to(text.end);
                }
                self.out.push(CLOSE);
                self.open = false;
            }
            self.copy_to(text.end);
        }
    }
}

/// The whole text with the instances marked, as FTS5's `highlight()`.
fn highlight(text: &str, tokens: &Tokens, instances: &[Instance]) -> String {
    let mut h = Highlighter::new(text, None, instances);
    for token in &tokens.list {
        h.token(&token.text);
    }
    if h.open {
        h.out.push(CLOSE);
    }
    h.copy_to(text.len());
    h.out
}

/// The best `SNIPPET_TOKENS` tokens of the text with the instances marked,
/// as FTS5's `snippet()` over one column (`fts5SnippetFunction`): a window
/// scores 1000 per phrase it holds and 1 per repeat, and a window starting
/// a sentence before the instance gets 100 more (120 at the text's start).
fn snippet(text: &str, tokens: &Tokens, instances: &[Instance], phrases: usize) -> String {
    let size = tokens.len() as i64;
    let n = SNIPPET_TOKENS;
    // First token of each sentence: the first, and any after ". " or ": ".
    let bytes = text.as_bytes();
    let mut sentences: Vec<i64> = Vec::new();
    for (i, token) in tokens.list.iter().enumerate() {
        if i == 0 {
            sentences.push(0);
            continue;
        }
        let before = bytes[..token.text.start]
            .iter()
            .rev()
            .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'));
        if let Some(skipped @ 1..) = before {
            if matches!(bytes[token.text.start - skipped - 1], b'.' | b':') {
                sentences.push(i as i64);
            }
        }
    }
    let score = |start: i64| -> (i64, i64) {
        let mut seen = vec![false; phrases];
        let (mut score, mut first, mut last) = (0, -1, 0);
        for i in instances {
            let pos = i.pos as i64;
            if pos >= start && pos < start + n {
                score += if seen[i.phrase] { 1 } else { 1000 };
                seen[i.phrase] = true;
                if first < 0 {
                    first = pos;
                }
                last = pos + i.len as i64;
            }
        }
        let mut adjusted = first - (n - (last - first)) / 2;
        if adjusted + n > size {
            adjusted = size - n;
        }
        (score, adjusted.max(0))
    };
    let (mut best_score, mut best_start) = (0, 0);
    for i in instances {
        let pos = i.pos as i64;
        let (s, adjusted) = score(pos);
        if s > best_score {
            (best_score, best_start) = (s, adjusted);
        }
        if !sentences.is_empty() && size > n {
            let mut j = 0;
            while j + 1 < sentences.len() && sentences[j + 1] <= pos {
                j += 1;
            }
            if sentences[j] < pos {
                let bonus = if sentences[j] == 0 { 120 } else { 100 };
                let s = score(sentences[j]).0 + bonus;
                if s > best_score {
                    (best_score, best_start) = (s, sentences[j]);
                }
            }
        }
    }
    let last = best_start + n - 1;
    let mut h = Highlighter::new(text, Some((best_start, last)), instances);
    if best_start > 0 {
        h.out.push_str(ELLIPSIS);
    }
    while h.iter.start >= 0 && h.iter.start < best_start {
        h.iter.advance();
    }
    for token in &tokens.list {
        h.token(&token.text);
    }
    if h.open {
        h.out.push(CLOSE);
    }
    if last >= size - 1 {
        h.copy_to(text.len());
    } else {
        h.out.push_str(ELLIPSIS);
    }
    h.out
}

// --------------------------------------------------------------- spans ---

/// Splits text marked with `OPEN`/`CLOSE` into spans.
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

    /// Texts with what trips a tokenizer or a snippet up: accents (composed
    /// and combining), case, punctuation inside words, several sentences,
    /// repeated words, matches far from the start, other scripts.
    const TEXTS: &[&str] = &[
        "José Araújo",
        "jose.silva12@gmail.com",
        "Márcia O'Brien",
        "ÉLODIE e\u{301}lodie Elodie",
        "Oi, meu pedido ainda não chegou, podem verificar? #48213",
        "I'm sorry about that. Let me check your order status. The product, the product: \
         the PRODUCT arrived broken and I want a refund for the product",
        "Entendo. Vou verificar a disponibilidade do tamanho G. A entrega, entregue ou \
         entregamos: entrar em contato sobre a entrega da entrega amanhã",
        "   ...leading punctuation, then words: one two three four five six seven eight \
         nine ten eleven twelve thirteen fourteen fifteen sixteen refund",
        "Straße İstanbul ǅemal ΆΛΦΑ Ωμέγα Привет 東京 🙂 x²",
        "talk to a person, talk today, total: to to to",
        "the the the the the the the the the the the the the the product",
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu refund nu xi \
         omicron pi rho sigma tau upsilon phi chi psi omega talk to refund",
        "please write an email to the support team of the shop by the river near the \
         station at jose.silva12@gmail.com and tell them everything about your order number \
         and the missing product",
        "one two three. Four five six seven eight nine ten eleven twelve thirteen: the \
         product fourteen fifteen sixteen seventeen eighteen nineteen",
        "",
    ];

    /// Queries as typed, each a list of words.
    const QUERIES: &[&str] = &[
        "jose",
        "araujo",
        "jose.silva12@gmail.com",
        "jose.silva12@gmail.co",
        "silva1",
        "o'brien",
        "elodie",
        "e\u{301}lo",
        "the product",
        "product the",
        "pedido ainda",
        "ent",
        "entr",
        "entrega",
        "the the",
        "to",
        "t",
        "refund",
        "strasse",
        "straße",
        "istanbul",
        "ωμεγα",
        "привет",
        "東京",
        "x²",
        "48213",
        "- jose",
        "jose -",
        "\"",
        "nothing",
    ];

    #[test]
    fn matching_highlights_and_snippets_are_fts5s_own() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (a, b, tokenize = 'unicode61 remove_diacritics 2');",
        )
        .unwrap();
        // Each text in column a, with the next one in column b.
        for (i, text) in TEXTS.iter().enumerate() {
            let other = TEXTS[(i + 1) % TEXTS.len()];
            conn.execute(
                "INSERT INTO t (rowid, a, b) VALUES (?1, ?2, ?3)",
                (i as i64, text, other),
            )
            .unwrap();
        }
        let tokenizer = Unicode61::new(&conn).unwrap();
        for query in QUERIES {
            let words: Vec<String> = query.split_whitespace().map(String::from).collect();
            for prefix in [false, true] {
                let fts = fts_query(&words, prefix).unwrap();
                let phrases = Phrases::new(&tokenizer, &words, prefix).unwrap();
                let mut stmt = conn
                    .prepare(
                        "SELECT rowid, a, b, highlight(t, 0, char(1), char(2)),
                                highlight(t, 1, char(1), char(2)),
                                snippet(t, 0, char(1), char(2), '…', 12)
                         FROM t WHERE t MATCH ?1",
                    )
                    .unwrap();
                let rows = stmt
                    .query_map([&fts], |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, String>(3)?,
                            row.get::<_, String>(4)?,
                            row.get::<_, String>(5)?,
                        ))
                    })
                    .unwrap()
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .unwrap();
                let fts_ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
                let mut rust_ids = Vec::new();
                for (i, text) in TEXTS.iter().enumerate() {
                    let other = TEXTS[(i + 1) % TEXTS.len()];
                    let (a, b) = (
                        tokenizer.tokens(text).unwrap(),
                        tokenizer.tokens(other).unwrap(),
                    );
                    if phrases.matches(&[&a, &b]) {
                        rust_ids.push(i as i64);
                    }
                }
                assert_eq!(rust_ids, fts_ids, "rows matching {fts}");
                for (_, a, b, highlight_a, highlight_b, snippet_a) in rows {
                    let (ta, tb) = (tokenizer.tokens(&a).unwrap(), tokenizer.tokens(&b).unwrap());
                    let (ia, ib) = (phrases.instances(&ta), phrases.instances(&tb));
                    assert_eq!(
                        highlight(&a, &ta, &ia),
                        highlight_a,
                        "highlight of {a:?} for {fts}"
                    );
                    assert_eq!(
                        highlight(&b, &tb, &ib),
                        highlight_b,
                        "highlight of {b:?} for {fts}"
                    );
                    assert_eq!(
                        snippet(&a, &ta, &ia, phrases.phrases.len()),
                        snippet_a,
                        "snippet of {a:?} for {fts}"
                    );
                }
            }
        }
    }
}
