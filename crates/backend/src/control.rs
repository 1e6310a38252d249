//! [`Control`]: scripted changes for tests, the demo and benchmarks.

use std::sync::Arc;

use switchboard_protocol::{AssistantState, Contact, Conversation, Message, Role, Seq};

use crate::db::Db;
use crate::error::Result;
use crate::seed::{self, BulkSeed, SeedReport};
use crate::writes::{self, Actor, CustomerTurn, NewContact};
use crate::{demo, event_log, now_ms, reads, tokens};

/// Drives the backend as customers and the assistant would. Every call
/// commits like a real change: its rows, its events, the SSE fan-out.
///
/// Calls block on SQLite for a moment (milliseconds; seeding longer); from
/// async code that must stay responsive, call them in `spawn_blocking`.
/// Cheap to clone; all clones drive the same server.
#[derive(Clone)]
pub struct Control {
    db: Arc<Db>,
}

impl Control {
    pub(crate) fn new(db: Arc<Db>) -> Self {
        Control { db }
    }

    /// Creates a user and returns its bearer token.
    pub fn create_token(&self, role: Role, name: &str) -> Result<String> {
        self.db.write(now_ms(), |w| {
            tokens::create(w.conn(), role, name, w.now(), None)
        })
    }

    /// Starts a conversation with a new contact, or a returning one (same
    /// external id, chat id, email or phone): `conversation_started`.
    pub fn start_conversation(&self, contact: NewContact, channel: &str) -> Result<Conversation> {
        self.db
            .write(now_ms(), |w| {
                writes::start_conversation(w, &contact, channel)
            })
            .map(|(c, _)| c)
    }

    /// Starts a new conversation for an existing contact.
    pub fn start_conversation_for_contact(
        &self,
        contact_id: i64,
        channel: &str,
    ) -> Result<Conversation> {
        self.db
            .write(now_ms(), |w| {
                writes::start_conversation_for_contact(w, contact_id, channel)
            })
            .map(|(c, _)| c)
    }

    /// A customer writes; the assistant answers in the same commit if it is
    /// active. Returns the customer's message.
    pub fn customer_message(&self, conversation_id: i64, text: &str) -> Result<Message> {
        self.customer_turn(conversation_id, text)
            .map(|turn| turn.message)
    }

    /// Like [`Control::customer_message`], written as if at time `at`: a
    /// history older than the tests' few seconds (history kept for 90 days).
    pub fn customer_message_at(
        &self,
        conversation_id: i64,
        text: &str,
        at: switchboard_protocol::Millis,
    ) -> Result<Message> {
        self.db
            .write(at, |w| writes::customer_message(w, conversation_id, text))
            .map(|turn| turn.message)
    }

    /// Like [`Control::customer_message`], also returning the answer.
    pub fn customer_turn(&self, conversation_id: i64, text: &str) -> Result<CustomerTurn> {
        self.db.write(now_ms(), |w| {
            writes::customer_message(w, conversation_id, text)
        })
    }

    /// Hands the conversation to a human: `conversation_transferred`.
    pub fn transfer(&self, conversation_id: i64, reason: &str) -> Result<Conversation> {
        self.db
            .write(now_ms(), |w| writes::transfer(w, conversation_id, reason))
    }

    /// Like [`Control::transfer`], written as if at time `at` (a transfer
    /// of yesterday, for a review of it).
    pub fn transfer_at(
        &self,
        conversation_id: i64,
        reason: &str,
        at: switchboard_protocol::Millis,
    ) -> Result<Conversation> {
        self.db
            .write(at, |w| writes::transfer(w, conversation_id, reason))
    }

    /// Sets the assistant's state as the backend itself would.
    pub fn set_assistant(
        &self,
        conversation_id: i64,
        state: AssistantState,
    ) -> Result<Conversation> {
        self.db
            .write(now_ms(), |w| {
                writes::set_assistant(w, Actor::Backend, conversation_id, state)
            })
            .map(|r| r.conversation)
    }

    /// Closes the conversation (e.g. the customer left).
    pub fn close(&self, conversation_id: i64) -> Result<Conversation> {
        self.db
            .write(now_ms(), |w| {
                writes::close(w, Actor::Backend, conversation_id)
            })
            .map(|r| r.conversation)
    }

    /// The newest committed seq (0 for an empty log).
    pub fn last_seq(&self) -> Result<Seq> {
        self.db
            .read(|conn| Ok(event_log::log_state(conn)?.last_seq))
    }

    /// Deletes the events with `seq < seq`, as retention would: a client
    /// whose cursor is older gets `410 cursor_expired`.
    pub fn compact_log_before(&self, seq: Seq) -> Result<()> {
        self.db
            .write(now_ms(), |w| event_log::expire_through(w.conn(), seq - 1))
    }

    /// A conversation's current state.
    pub fn conversation(&self, id: i64) -> Result<Option<Conversation>> {
        self.db.read(|conn| reads::conversation(conn, id))
    }

    /// A contact's current state.
    pub fn contact(&self, id: i64) -> Result<Option<Contact>> {
        self.db.read(|conn| reads::contact(conn, id))
    }

    /// Writes many conversations fast (one transaction, events included),
    /// for benchmarks: 10k conversations + 200k messages in a few seconds.
    pub fn seed_bulk(&self, plan: &BulkSeed) -> Result<SeedReport> {
        self.db.write(now_ms(), |w| seed::bulk(w, plan))
    }

    /// Seeds the demo data set (a few hundred conversations) from `seed`.
    pub fn seed_demo(&self, seed: u64) -> Result<SeedReport> {
        self.db.write(now_ms(), |w| demo::seed(w, seed))
    }

    /// The `limit` conversations with the newest activity.
    pub fn recent_conversations(&self, limit: u32) -> Result<Vec<Conversation>> {
        self.db
            .read(|conn| reads::recent_conversations(conn, limit))
    }

    /// How many conversations exist.
    pub fn conversation_count(&self) -> Result<i64> {
        self.db.read(reads::count_conversations)
    }
}
