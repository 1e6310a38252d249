//! Builders shared by the store's tests: real stores on real files in
//! temporary directories, and wire entities with sensible defaults.
#![allow(dead_code)] // each test binary uses a different subset

pub mod cache;

use std::collections::BTreeMap;

use switchboard_protocol::{
    AssistantState, Author, BootstrapPage, Change, Contact, Conversation, ConversationStatus,
    Event, Message,
};
use switchboard_store::{ConversationRow, Filter, ListQuery, Store};
use tempfile::TempDir;

/// A store on a fresh file; keep the `TempDir` alive as long as the store.
pub fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("cache.db")).expect("open a new store");
    (dir, store)
}

pub const T0: i64 = 1_700_000_000_000;

/// The first 50 rows of the list under `filter`, newest activity first.
pub fn list(store: &Store, filter: Filter) -> Vec<ConversationRow> {
    store
        .list_conversations(&ListQuery {
            filter,
            selected: None,
            after: None,
            limit: 50,
        })
        .expect("the list reads")
        .rows
}

pub fn contact(id: i64, name: &str, seq: i64) -> Contact {
    Contact {
        id,
        name: name.into(),
        phone: None,
        email: None,
        external_id: None,
        chat_id: None,
        attributes: BTreeMap::new(),
        created_at: T0,
        updated_seq: seq,
    }
}

pub fn conversation(
    id: i64,
    contact_id: i64,
    status: ConversationStatus,
    seq: i64,
) -> Conversation {
    let transferred = status == ConversationStatus::Transferred;
    Conversation {
        id,
        contact_id,
        channel: "whatsapp".into(),
        status,
        assistant_state: if transferred {
            AssistantState::Paused
        } else {
            AssistantState::Active
        },
        transfer_reason: transferred.then(|| "wants a human".to_string()),
        transferred_at: transferred.then_some(T0 + seq * 1000),
        created_at: T0,
        last_activity_at: T0 + seq * 1000,
        last_message_preview: None,
        message_count: None,
        assignee: None,
        snooze: None,
        updated_seq: seq,
    }
}

pub fn message(id: i64, conversation_id: i64, author: Author, text: &str, seq: i64) -> Message {
    Message {
        id,
        conversation_id,
        author,
        agent_id: None,
        agent_name: None,
        text: text.into(),
        created_at: T0 + seq * 1000,
        seq,
        unanswered: None,
        event: None,
    }
}

pub fn event(seq: i64, change: Change) -> Event {
    Event {
        seq,
        id: format!("event-{seq}"),
        occurred_at: T0 + seq * 1000,
        change,
    }
}

/// A one-page bootstrap at `snapshot_seq` with the given entities.
pub fn last_page(
    snapshot_seq: i64,
    contacts: Vec<Contact>,
    conversations: Vec<Conversation>,
    messages: Vec<Message>,
) -> BootstrapPage {
    BootstrapPage {
        snapshot_seq,
        total_conversations: conversations.len() as i64,
        conversations,
        contacts,
        messages,
        next_page_token: None,
    }
}

/// Finishes an empty bootstrap at `seq`, so events after it can be applied.
pub fn bootstrap_empty(store: &Store, seq: i64) {
    store
        .apply_bootstrap_page(&last_page(seq, vec![], vec![], vec![]))
        .expect("an empty bootstrap applies");
}

/// `ConversationStarted` for a new open conversation and its contact.
pub fn started(seq: i64, conversation_id: i64, contact_id: i64, name: &str) -> Event {
    event(
        seq,
        Change::ConversationStarted {
            conversation: conversation(conversation_id, contact_id, ConversationStatus::Open, seq),
            contact: contact(contact_id, name, seq),
        },
    )
}

/// `MessageCreated` with the conversation's new state.
pub fn message_created(
    seq: i64,
    message_id: i64,
    conv: &Conversation,
    author: Author,
    text: &str,
) -> Event {
    let mut conversation = conv.clone();
    conversation.updated_seq = seq;
    conversation.last_activity_at = T0 + seq * 1000;
    conversation.last_message_preview = Some(text.into());
    event(
        seq,
        Change::MessageCreated {
            message: message(message_id, conv.id, author, text, seq),
            conversation,
        },
    )
}

/// `ConversationTransferred` at `seq`.
pub fn transferred(seq: i64, conv: &Conversation) -> Event {
    let mut conversation = conv.clone();
    conversation.status = ConversationStatus::Transferred;
    conversation.assistant_state = AssistantState::Paused;
    conversation.transfer_reason = Some("asked for a person".into());
    conversation.transferred_at = Some(T0 + seq * 1000);
    conversation.last_activity_at = T0 + seq * 1000;
    conversation.updated_seq = seq;
    event(seq, Change::ConversationTransferred { conversation })
}

/// Conversation 1 (Noah), transferred at seq 3 after one customer message,
/// in a store bootstrapped empty; returns its state after the transfer.
pub fn transferred_noah(store: &Store) -> Conversation {
    bootstrap_empty(store, 0);
    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    store
        .apply_events(&[
            started(1, 1, 1, "Noah"),
            message_created(2, 10, &conv, Author::Customer, "I want a discount"),
            transferred(3, &conv),
        ])
        .unwrap();
    let mut conv = conv;
    conv.status = ConversationStatus::Transferred;
    conv.assistant_state = AssistantState::Paused;
    conv.transferred_at = Some(T0 + 3 * 1000);
    conv.updated_seq = 3;
    conv
}

/// A reply by the agent Ana (id 7) in `conv`.
pub fn agent_reply(seq: i64, id: i64, conv: &Conversation) -> Event {
    let mut event = message_created(seq, id, conv, Author::Agent, "Hi Noah, Ana here");
    if let Change::MessageCreated { message, .. } = &mut event.change {
        message.agent_id = Some(7);
        message.agent_name = Some("Ana".into());
    }
    event
}
