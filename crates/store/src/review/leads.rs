//! Section 4: leads gone quiet. A conversation is one when, in the period,
//! the customer wrote with buying interest (price, plan, order, buy…),
//! the assistant replied after the customer's last message, and the
//! customer has not written since for longer than the threshold; it is
//! still open (not closed, not waiting for a human).

use std::collections::HashSet;

use rusqlite::Connection;
use switchboard_protocol::{Author, Millis};

use super::marks::lead_key;
use super::topics::PURCHASE_BIT;
use super::{ItemContact, ItemPlace, Marked, QuietLead, ReviewQuery};
use crate::chain;
use crate::error::Result;

pub(super) fn section(
    conn: &Connection,
    query: &ReviewQuery,
    marked: &Marked,
) -> Result<Vec<QuietLead>> {
    // Each open conversation's newest message of interest in the period,
    // with its last two messages: nearly always the customer's last
    // message and the assistant's reply, which settles it without a walk.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, m.text, c.contact_id, coalesce(k.name, ''),
                l.id, l.author, l.text, p.id, p.author, p.created_at
         FROM messages m INDEXED BY messages_topical_by_time
         JOIN conversations c ON c.id = m.conversation_id
         LEFT JOIN contacts k ON k.id = c.contact_id
         LEFT JOIN messages l ON l.id = c.last_message_id
         LEFT JOIN messages p ON p.id = l.prev_id
         WHERE m.topics <> 0 AND m.created_at >= ?1 AND m.created_at < ?2
           AND m.topics & ?3 <> 0 AND c.status = 'open'
         ORDER BY m.created_at DESC",
    )?;
    let mut rows = stmt.query((query.period.from, query.period.to, PURCHASE_BIT))?;
    let quiet_since = query.now - query.quiet_after_ms;
    let mut seen = HashSet::new();
    let mut leads = Vec::new();
    while let Some(row) = rows.next()? {
        let conversation_id: i64 = row.get(1)?;
        if !seen.insert(conversation_id) {
            continue; // an older message of interest of the same conversation
        }
        let last = match (
            row.get::<_, Option<Author>>(6)?,
            row.get::<_, Option<Author>>(9)?,
        ) {
            (Some(Author::Assistant), Some(Author::Customer)) => Some(LastExchange {
                customer_id: row.get(8)?,
                customer_at: row.get(10)?,
                assistant_id: row.get(5)?,
                assistant_said: row.get(7)?,
            }),
            _ => last_exchange(conn, conversation_id)?,
        };
        let Some(last) = last else { continue };
        if last.customer_at > quiet_since {
            continue; // not quiet long enough yet
        }
        let key = lead_key(conversation_id, last.customer_id);
        leads.push(QuietLead {
            reviewed: marked.contains(&key),
            key,
            place: ItemPlace {
                conversation_id,
                message_id: Some(row.get(0)?),
            },
            contact: ItemContact {
                id: row.get(3)?,
                name: row.get(4)?,
            },
            interest: row.get(2)?,
            last_customer_at: last.customer_at,
            assistant_said: last.assistant_said,
            assistant_message_id: last.assistant_id,
        });
    }
    leads.sort_by_key(|l| std::cmp::Reverse(l.last_customer_at));
    Ok(leads)
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
