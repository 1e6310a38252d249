//! The bulk seeder: many conversations in one transaction, for benchmarks.
//! It writes the same rows and events as the real changes would (each
//! message with its `message_created` event), only without re-reading and
//! re-saving the conversation for every message.

use rand::rngs::StdRng;
use rand::SeedableRng;
use rusqlite::params;
use switchboard_protocol::{Author, Change, Message, Seq};

use crate::assistant;
use crate::error::Result;
use crate::event_log::WriteTx;
use crate::fake::{self, CHANNELS, CUSTOMER_LINES};
use crate::reads;
use crate::writes::{self, preview};

/// What [`crate::Control::seed_bulk`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkSeed {
    pub conversations: usize,
    /// Alternating customer and assistant messages.
    pub messages_per_conversation: usize,
    /// Every n-th conversation ends transferred (0: none).
    pub transfer_every: usize,
    pub seed: u64,
}

impl BulkSeed {
    /// `conversations` × `messages_per_conversation`, one in 20 transferred.
    pub fn new(conversations: usize, messages_per_conversation: usize) -> Self {
        BulkSeed {
            conversations,
            messages_per_conversation,
            transfer_every: 20,
            seed: 1,
        }
    }
}

/// What a seeding wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedReport {
    pub conversations: usize,
    pub messages: usize,
    pub last_seq: Seq,
}

pub(crate) fn bulk(w: &mut WriteTx<'_>, plan: &BulkSeed) -> Result<SeedReport> {
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let end = w.now();
    // History spread over the last days, one minute between messages.
    let per_conversation = (plan.messages_per_conversation as i64 + 1) * 60_000;
    let start = end - per_conversation - (plan.conversations as i64) * 10_000;
    let first_index: usize = w
        .conn()
        .query_row("SELECT COUNT(*) FROM contacts", [], |r| r.get::<_, i64>(0))?
        .try_into()
        .unwrap_or(0);
    let mut report = SeedReport::default();
    let mut to_transfer = Vec::new();
    for i in 0..plan.conversations {
        w.set_now(start + i as i64 * 10_000);
        let channel = fake::pick(&mut rng, CHANNELS);
        let contact = fake::person(&mut rng, first_index + i, channel);
        let (mut conversation, _) = writes::start_conversation(w, &contact, channel)?;
        // The assistant answers the customer's question just before.
        let mut question = String::new();
        for m in 0..plan.messages_per_conversation {
            w.set_now(w.now() + 60_000);
            let (author, text, unanswered) = if m % 2 == 0 {
                question = fake::pick(&mut rng, CUSTOMER_LINES).1.to_owned();
                (Author::Customer, question.clone(), false)
            } else {
                let answer = assistant::answer(&question);
                (Author::Assistant, answer.text, answer.unanswered)
            };
            let seq = w.next_seq();
            w.conn()
                .prepare_cached(
                    "INSERT INTO messages (conversation_id, author, text, created_at, seq, unanswered) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![conversation.id, author, text, w.now(), seq, unanswered])?;
            let message = Message {
                id: w.conn().last_insert_rowid(),
                conversation_id: conversation.id,
                author,
                agent_id: None,
                agent_name: None,
                text,
                created_at: w.now(),
                seq,
                unanswered: reads::unanswered_of(author, unanswered),
                event: None,
            };
            conversation.last_activity_at = w.now();
            conversation.last_message_preview = Some(preview(&message.text));
            conversation.updated_seq = seq;
            w.append(Change::MessageCreated {
                message,
                conversation: conversation.clone(),
            })?;
            report.messages += 1;
        }
        w.conn()
            .prepare_cached(
                "UPDATE conversations SET last_activity_at = ?2, last_message_preview = ?3, updated_seq = ?4 WHERE id = ?1",
            )?
            .execute(params![
                conversation.id,
                conversation.last_activity_at,
                conversation.last_message_preview,
                conversation.updated_seq
            ])?;
        if plan.transfer_every > 0 && i % plan.transfer_every == plan.transfer_every - 1 {
            to_transfer.push(conversation.id);
        }
        report.conversations += 1;
    }
    w.set_now(end);
    for id in to_transfer {
        let (reason, _, _) = fake::pick(&mut rng, fake::TRANSFERS);
        writes::transfer(w, id, reason)?;
    }
    report.last_seq = w.next_seq() - 1;
    Ok(report)
}
