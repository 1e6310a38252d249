//! Section 4: leads gone quiet. A conversation is one when, in the period,
//! the customer wrote with buying interest (price, plan, order, buy…),
//! the assistant replied after the customer's last message, and the
//! customer has not written since for longer than the threshold; it is
//! still open (not closed, not waiting for a human).

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};
use switchboard_protocol::{Author, Millis};

use super::marks::lead_key;
use super::topics::PURCHASE_BIT;
use super::{ItemContact, ItemPlace, Marked, QuietLead, ReviewQuery};
use crate::chain;
use crate::error::Result;

/// A conversation with interest in the period, as it is worked out.
struct Candidate {
    /// Its place among the newest messages of interest, newest first:
    /// the order among leads that went quiet at the same time.
    rank: usize,
    conversation_id: i64,
    /// Its newest message of interest in the period.
    interest_id: i64,
    contact_id: i64,
    last_message_id: Option<i64>,
}

pub(super) fn section(
    conn: &Connection,
    query: &ReviewQuery,
    marked: &Marked,
) -> Result<Vec<QuietLead>> {
    // Each step reads its rows sorted by the key it looks them up by, so
    // that consecutive lookups land on the same pages of the table
    // rather than at random (the review reads thousands of them).
    let mut candidates = open_with_interest(conn, query)?;

    // The last two messages: nearly always the customer's last message
    // and the assistant's reply, which settles it without a walk.
    candidates.sort_unstable_by_key(|c| c.last_message_id);
    let mut last_two = conn.prepare_cached(
        "SELECT l.author, l.text, p.id, p.author, p.created_at
         FROM messages l LEFT JOIN messages p ON p.id = l.prev_id
         WHERE l.id = ?1",
    )?;
    let quiet_since = query.now - query.quiet_after_ms;
    let mut quiet: Vec<(Candidate, LastExchange)> = Vec::new();
    for candidate in candidates {
        let fast = match candidate.last_message_id {
            Some(id) => last_two
                .query_row([id], |row| {
                    Ok(
                        match (row.get::<_, Author>(0)?, row.get::<_, Option<Author>>(3)?) {
                            (Author::Assistant, Some(Author::Customer)) => Some(LastExchange {
                                customer_id: row.get(2)?,
                                customer_at: row.get(4)?,
                                assistant_id: id,
                                assistant_said: row.get(1)?,
                            }),
                            _ => None,
                        },
                    )
                })
                .optional()?
                .flatten(),
            None => None,
        };
        let last = match fast {
            Some(last) => Some(last),
            None => last_exchange(conn, candidate.conversation_id)?,
        };
        let Some(last) = last else { continue };
        if last.customer_at > quiet_since {
            continue; // not quiet long enough yet
        }
        quiet.push((candidate, last));
    }

    // What only the leads show, for them alone: the message of interest
    // and the contact's name.
    quiet.sort_unstable_by_key(|(c, _)| c.interest_id);
    let mut text_of = conn.prepare_cached("SELECT text FROM messages WHERE id = ?1")?;
    let mut interests = Vec::with_capacity(quiet.len());
    for (candidate, _) in &quiet {
        interests.push(text_of.query_row([candidate.interest_id], |row| row.get(0))?);
    }
    let mut leads: Vec<(usize, QuietLead)> = quiet
        .into_iter()
        .zip(interests)
        .map(|((candidate, last), interest)| {
            let key = lead_key(candidate.conversation_id, last.customer_id);
            let lead = QuietLead {
                reviewed: marked.contains(&key),
                key,
                place: ItemPlace {
                    conversation_id: candidate.conversation_id,
                    message_id: Some(candidate.interest_id),
                },
                contact: ItemContact {
                    id: candidate.contact_id,
                    name: String::new(),
                },
                interest,
                last_customer_at: last.customer_at,
                assistant_said: last.assistant_said,
                assistant_message_id: last.assistant_id,
            };
            (candidate.rank, lead)
        })
        .collect();
    leads.sort_unstable_by_key(|(_, l)| l.contact.id);
    let mut name_of = conn.prepare_cached("SELECT name FROM contacts WHERE id = ?1")?;
    for (_, lead) in &mut leads {
        lead.contact.name = name_of
            .query_row([lead.contact.id], |row| row.get(0))
            .optional()?
            .unwrap_or_default();
    }

    leads.sort_unstable_by_key(|(rank, l)| (std::cmp::Reverse(l.last_customer_at), *rank));
    Ok(leads.into_iter().map(|(_, lead)| lead).collect())
}

/// The open conversations with a message of interest in the period, each
/// with its newest one: found in the index alone (migration 0012), then
/// each conversation read once.
fn open_with_interest(conn: &Connection, query: &ReviewQuery) -> Result<Vec<Candidate>> {
    let mut newest: Vec<(usize, i64, i64)> = Vec::new();
    {
        let mut interest = conn.prepare_cached(
            "SELECT m.id, m.conversation_id
             FROM messages m INDEXED BY messages_topical_by_time
             WHERE m.topics <> 0 AND m.created_at >= ?1 AND m.created_at < ?2
               AND m.topics & ?3 <> 0
             ORDER BY m.created_at DESC, m.id DESC",
        )?;
        let mut rows = interest.query((query.period.from, query.period.to, PURCHASE_BIT))?;
        let mut seen = HashSet::new();
        while let Some(row) = rows.next()? {
            let (id, conversation_id) = (row.get(0)?, row.get(1)?);
            if seen.insert(conversation_id) {
                newest.push((newest.len(), conversation_id, id));
            }
        }
    }
    newest.sort_unstable_by_key(|&(_, conversation_id, _)| conversation_id);
    let mut open = conn.prepare_cached(
        "SELECT contact_id, last_message_id FROM conversations
         WHERE id = ?1 AND status = 'open'",
    )?;
    let mut candidates = Vec::new();
    for (rank, conversation_id, interest_id) in newest {
        let found = open
            .query_row([conversation_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if let Some((contact_id, last_message_id)) = found {
            candidates.push(Candidate {
                rank,
                conversation_id,
                interest_id,
                contact_id,
                last_message_id,
            });
        }
    }
    Ok(candidates)
}

/// The customer's last message and what the assistant said after it.
struct LastExchange {
    customer_id: i64,
    customer_at: Millis,
    assistant_id: i64,
    assistant_said: String,
}

/// `None` if the assistant did not write after the customer's last
/// message (or an agent did: a human has it in hand).
fn last_exchange(conn: &Connection, conversation_id: i64) -> Result<Option<LastExchange>> {
    let mut assistant: Option<(i64, String)> = None;
    let mut found = None;
    chain::walk(conn, conversation_id, None, |m| match m.author {
        Author::Customer => {
            found = assistant
                .take()
                .map(|(assistant_id, assistant_said)| LastExchange {
                    customer_id: m.id,
                    customer_at: m.created_at,
                    assistant_id,
                    assistant_said,
                });
            false
        }
        Author::Assistant => {
            if assistant.is_none() {
                assistant = Some((m.id, m.text.clone()));
            }
            true
        }
        Author::Agent => false,
        Author::System => true,
    })?;
    Ok(found)
}
