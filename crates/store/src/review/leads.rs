//! Section 4: leads gone quiet. A conversation is one when, in the period,
//! the customer wrote with buying interest (price, plan, order, buy…),
//! the assistant replied after the customer's last message, and the
//! customer has not written since for longer than the threshold; it is
//! still open (not closed, not waiting for a human).

use std::collections::HashSet;

use rusqlite::Connection;
use switchboard_protocol::{Author, ConversationStatus, Millis};

use super::marks::lead_key;
use super::topics::{customer_messages, PURCHASE_BIT};
use super::{contact_of, ItemPlace, Marked, QuietLead, ReviewQuery};
use crate::chain;
use crate::error::Result;

pub(super) fn section(
    conn: &Connection,
    query: &ReviewQuery,
    marked: &Marked,
) -> Result<Vec<QuietLead>> {
    // Each conversation's newest message of interest in the period.
    let mut candidates: Vec<(i64, i64, String)> = Vec::new();
    let mut seen = HashSet::new();
    customer_messages(
        conn,
        &query.period,
        true,
        |id, conversation_id, text, bits| {
            if bits & PURCHASE_BIT != 0 && seen.insert(conversation_id) {
                candidates.push((conversation_id, id, text.to_owned()));
            }
            Ok(())
        },
    )?;

    let mut status_of = conn.prepare_cached("SELECT status FROM conversations WHERE id = ?1")?;
    let quiet_since = query.now - query.quiet_after_ms;
    let mut leads = Vec::new();
    for (conversation_id, interest_id, interest_text) in candidates {
        let status: ConversationStatus =
            status_of.query_row([conversation_id], |row| row.get(0))?;
        if status != ConversationStatus::Open {
            continue;
        }
        let Some(last) = last_exchange(conn, conversation_id)? else {
            continue;
        };
        if last.customer_at > quiet_since {
            continue; // not quiet long enough yet
        }
        let key = lead_key(conversation_id, last.customer_id);
        leads.push(QuietLead {
            reviewed: marked.contains(&key),
            key,
            place: ItemPlace {
                conversation_id,
                message_id: Some(interest_id),
            },
            contact: contact_of(conn, conversation_id)?,
            interest: interest_text,
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
