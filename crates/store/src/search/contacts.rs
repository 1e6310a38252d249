//! The contact half of a search: the conversations whose contact's name,
//! email or phone digits match, newest activity first, each with the field
//! that matched highlighted.
//!
//! How they are found depends on how many contacts match, from a sorted
//! lookup of a few to a walk of the whole list testing each row in Rust;
//! the constants below say where each plan takes over. Costs measured on a
//! cache of 100k conversations (the reader's page cache holds a small part
//! of it, so most row lookups read the operating system's cache): reading a
//! contact id from FTS5 ~0.15 µs, a conversation's contact or activity time
//! ~2.5 µs, a conversation id from the status index alone ~0.2 µs, a
//! contact's name and email ~3 µs.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::queries::row_by_id;
use crate::types::{MatchField, SearchHit, TextSpan};

use super::highlight::{highlight, phone_spans, spans};
use super::tokenizer::Unicode61;
use super::Query;

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

/// Hits for the conversations whose contact matches, at most `limit`,
/// newest activity first.
pub(super) fn contact_hits(
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
