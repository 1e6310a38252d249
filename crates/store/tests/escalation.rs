//! Escalations: a transfer nobody took is raised once, after a while, and
//! never for one someone took.

mod common;

use common::*;
use switchboard_protocol::{Author, Change, Conversation, ConversationStatus};
use switchboard_store::{Store, TransferKey};

const MINUTE: i64 = 60_000;

/// Noah's conversation (1), transferred at seq 3 and announced.
fn announced_transfer(store: &Store) -> (Conversation, TransferKey) {
    bootstrap_empty(store, 0);
    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    store
        .apply_events(&[
            started(1, 1, 1, "Noah"),
            message_created(2, 10, &conv, Author::Customer, "Can I get a better price?"),
            transferred(3, &conv),
        ])
        .unwrap();
    let key = TransferKey {
        conversation_id: 1,
        transferred_at: T0 + 3 * 1000,
    };
    store.mark_notified(&[key]).unwrap();
    let mut conv = conv;
    conv.status = ConversationStatus::Transferred;
    conv.transferred_at = Some(key.transferred_at);
    (conv, key)
}

/// How many escalations are due at `now`, five minutes after their transfer.
fn due_at(store: &Store, now: i64) -> usize {
    store.due_escalations(now, 5 * MINUTE).unwrap().len()
}

#[test]
fn a_transfer_nobody_took_is_due_once_after_the_delay() {
    let (_dir, store) = new_store();
    let (_, key) = announced_transfer(&store);
    assert!(
        due_at(&store, key.transferred_at + 4 * MINUTE) == 0,
        "four minutes is not five: not yet"
    );
    assert_eq!(
        store
            .next_escalation_due(key.transferred_at + 4 * MINUTE, 5 * MINUTE)
            .unwrap(),
        Some(key.transferred_at + 5 * MINUTE),
        "the notifier sleeps until exactly then"
    );
    assert_eq!(
        store
            .next_escalation_due(key.transferred_at + 5 * MINUTE, 5 * MINUTE)
            .unwrap(),
        None,
        "one already due is no reason to sleep: it is shown now, or held back"
    );
    let due = store
        .due_escalations(key.transferred_at + 5 * MINUTE, 5 * MINUTE)
        .unwrap();
    assert_eq!(due.len(), 1, "five minutes unclaimed: escalate");
    assert_eq!(due[0].key, key);
    assert_eq!(due[0].contact_name, "Noah", "says whose transfer it is");
    assert_eq!(due[0].reason.as_deref(), Some("asked for a person"));

    store
        .mark_escalated(&[key], key.transferred_at + 5 * MINUTE)
        .unwrap();
    assert!(
        due_at(&store, key.transferred_at + 60 * MINUTE) == 0,
        "once per transfer, however long it then waits"
    );
    assert_eq!(
        store.next_escalation_due(T0, 5 * MINUTE).unwrap(),
        None,
        "nothing left to wake up for"
    );
}

#[test]
fn an_escalation_survives_reopening_the_store() {
    let (dir, store) = new_store();
    let (_, key) = announced_transfer(&store);
    store
        .mark_escalated(&[key], key.transferred_at + 5 * MINUTE)
        .unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("cache.db")).unwrap();
    assert!(
        due_at(&store, key.transferred_at + 60 * MINUTE) == 0,
        "the ledger is durable: a restart raises no escalation twice"
    );
}

#[test]
fn a_transfer_a_human_answered_is_never_escalated() {
    let (_dir, store) = new_store();
    let (conv, key) = announced_transfer(&store);
    store.apply_events(&[agent_reply(4, 11, &conv)]).unwrap();
    assert!(
        due_at(&store, key.transferred_at + 10 * MINUTE) == 0,
        "someone took it by replying"
    );
    store
        .apply_events(&[message_created(5, 12, &conv, Author::Customer, "Hello?")])
        .unwrap();
    assert!(
        due_at(&store, key.transferred_at + 10 * MINUTE) == 0,
        "the customer writing again makes them wait, but someone did take it"
    );
    assert_eq!(
        store.next_escalation_due(T0, 5 * MINUTE).unwrap(),
        None,
        "no wake-up for a transfer someone took"
    );
}

#[test]
fn a_closed_conversation_is_not_escalated() {
    let (_dir, store) = new_store();
    let (conv, key) = announced_transfer(&store);
    let mut closed = conv;
    closed.status = ConversationStatus::Closed;
    closed.updated_seq = 4;
    store
        .apply_events(&[event(
            4,
            Change::ConversationUpdated {
                conversation: closed,
            },
        )])
        .unwrap();
    assert!(
        due_at(&store, key.transferred_at + 10 * MINUTE) == 0,
        "a transfer that is no longer current is nobody's to take"
    );
}

#[test]
fn a_transfer_not_yet_announced_or_found_by_a_bootstrap_is_not_escalated() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    store
        .apply_events(&[started(1, 1, 1, "Noah"), transferred(2, &conv)])
        .unwrap();
    assert!(
        due_at(&store, T0 + 60 * MINUTE) == 0,
        "the transfer alert comes first: an escalation never precedes it"
    );

    let (_dir, store) = new_store();
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Noah", 1)],
            vec![conversation(1, 1, ConversationStatus::Transferred, 1)],
            vec![],
        ))
        .unwrap();
    let switchboard_store::PendingNotifications::Summary { keys, .. } =
        store.pending_notifications(3).unwrap()
    else {
        panic!("a bootstrap's transfers come as a summary");
    };
    store.mark_notified(&keys).unwrap();
    assert!(
        due_at(&store, T0 + 60 * MINUTE) == 0,
        "the summary of what was already waiting said it: no escalation repeats it"
    );
}

#[test]
fn a_transfer_someone_took_without_replying_is_not_escalated() {
    let (_dir, store) = new_store();
    let (conv, key) = announced_transfer(&store);
    let mut taken = conv;
    taken.assignee = Some(switchboard_protocol::Assignee {
        id: 7,
        name: "Ana".into(),
    });
    taken.updated_seq = 4;
    store
        .apply_events(&[event(
            4,
            Change::ConversationUpdated {
                conversation: taken,
            },
        )])
        .unwrap();
    assert_eq!(
        due_at(&store, key.transferred_at + 10 * MINUTE),
        0,
        "Ana took it (Take, or pausing the assistant): nobody is to be escalated"
    );
}
