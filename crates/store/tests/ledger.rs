//! The notification ledger: each transfer offered exactly once.

mod common;

use common::*;
use switchboard_protocol::{Author, ConversationStatus};
use switchboard_store::{PendingNotifications, Store, TransferKey};

fn keys(pending: &PendingNotifications) -> Vec<TransferKey> {
    match pending {
        PendingNotifications::Nothing => vec![],
        PendingNotifications::Individual(notices) => notices.iter().map(|n| n.key).collect(),
        PendingNotifications::Summary { keys, .. } => keys.clone(),
    }
}

#[test]
fn first_bootstrap_transfers_come_as_one_summary() {
    let (_dir, store) = new_store();
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![
                contact(1, "Ana", 1),
                contact(2, "Bia", 2),
                contact(3, "Caio", 3),
            ],
            vec![
                conversation(1, 1, ConversationStatus::Transferred, 1),
                conversation(2, 2, ConversationStatus::Transferred, 2),
                conversation(3, 3, ConversationStatus::Open, 3),
            ],
            vec![],
        ))
        .unwrap();
    match store.pending_notifications(10).unwrap() {
        PendingNotifications::Summary { count, keys } => {
            assert_eq!(count, 2, "two customers were already waiting");
            assert_eq!(
                keys.len(),
                2,
                "the summary names both transfers, to mark them notified"
            );
        }
        other => {
            panic!("transfers found by the first bootstrap must be one summary, got {other:?}")
        }
    }
}

#[test]
fn live_transfers_come_one_by_one_with_what_to_say() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    store
        .apply_events(&[
            started(1, 1, 1, "José"),
            message_created(2, 10, &conv, Author::Customer, "I want a human"),
            message_created(3, 11, &conv, Author::Assistant, "Transferring you"),
            transferred(4, &conv),
        ])
        .unwrap();
    match store.pending_notifications(3).unwrap() {
        PendingNotifications::Individual(notices) => {
            assert_eq!(notices.len(), 1, "one transfer, one notification");
            let n = &notices[0];
            assert_eq!(
                n.key,
                TransferKey {
                    conversation_id: 1,
                    transferred_at: T0 + 4000
                },
                "the transfer's key"
            );
            assert_eq!(n.contact_name, "José", "who is waiting");
            assert_eq!(n.reason.as_deref(), Some("asked for a person"), "why");
            assert_eq!(
                n.last_customer_message.as_deref(),
                Some("I want a human"),
                "the customer's last words, not the assistant's"
            );
        }
        other => panic!("a live transfer must be offered individually, got {other:?}"),
    }
}

#[test]
fn more_live_transfers_than_the_limit_come_as_a_summary() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let mut events = Vec::new();
    for i in 1..=4 {
        events.push(started(2 * i - 1, i, i, "X"));
        events.push(transferred(
            2 * i,
            &conversation(i, i, ConversationStatus::Open, 2 * i - 1),
        ));
    }
    store.apply_events(&events).unwrap();
    assert!(
        matches!(
            store.pending_notifications(3).unwrap(),
            PendingNotifications::Summary { count: 4, .. }
        ),
        "four at once with a limit of three is a flood: one summary"
    );
    assert!(
        matches!(store.pending_notifications(4).unwrap(), PendingNotifications::Individual(ref n) if n.len() == 4),
        "within the limit they come one by one"
    );
}

#[test]
fn a_transfer_is_never_offered_twice_across_reopen_and_rebootstrap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    {
        let store = Store::open(&path).unwrap();
        bootstrap_empty(&store, 0);
        store
            .apply_events(&[started(1, 1, 1, "Ana"), transferred(2, &conv)])
            .unwrap();
        let pending = store.pending_notifications(5).unwrap();
        assert_eq!(keys(&pending).len(), 1, "the live transfer is offered");
        store.mark_notified(&keys(&pending)).unwrap();
        // The same event again (a replay after a reconnect) adds nothing.
        store.apply_events(&[transferred(2, &conv)]).unwrap();
        assert_eq!(
            store.pending_notifications(5).unwrap(),
            PendingNotifications::Nothing,
            "notified once"
        );
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.pending_notifications(5).unwrap(),
        PendingNotifications::Nothing,
        "a restart must not offer a notified transfer again"
    );
    store.reset_cache_for_rebootstrap().unwrap();
    let mut still_transferred = conv.clone();
    still_transferred.status = ConversationStatus::Transferred;
    still_transferred.transferred_at = Some(T0 + 2000);
    still_transferred.updated_seq = 2;
    store
        .apply_bootstrap_page(&last_page(
            5,
            vec![contact(1, "Ana", 1)],
            vec![
                still_transferred,
                conversation(2, 1, ConversationStatus::Transferred, 4),
            ],
            vec![],
        ))
        .unwrap();
    let pending = store.pending_notifications(5).unwrap();
    assert_eq!(
        keys(&pending),
        vec![TransferKey {
            conversation_id: 2,
            transferred_at: T0 + 4000
        }],
        "after a re-bootstrap only the transfer never seen before is offered"
    );
    assert!(
        matches!(pending, PendingNotifications::Summary { count: 1, .. }),
        "found by a bootstrap: a summary"
    );
}

#[test]
fn a_new_transfer_of_the_same_conversation_is_a_new_notification() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    store
        .apply_events(&[started(1, 1, 1, "Ana"), transferred(2, &conv)])
        .unwrap();
    store
        .mark_notified(&keys(&store.pending_notifications(5).unwrap()))
        .unwrap();
    let mut reopened = conversation(1, 1, ConversationStatus::Open, 3);
    reopened.transferred_at = Some(T0 + 2000);
    store
        .apply_events(&[
            event(
                3,
                switchboard_protocol::Change::ConversationUpdated {
                    conversation: reopened.clone(),
                },
            ),
            transferred(4, &reopened),
        ])
        .unwrap();
    assert_eq!(
        keys(&store.pending_notifications(5).unwrap()),
        vec![TransferKey {
            conversation_id: 1,
            transferred_at: T0 + 4000
        }],
        "a second hand-off is a second transfer, identified by its time"
    );
}

#[test]
fn reminders_are_due_only_for_customers_still_waiting_without_a_reply() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let a = conversation(1, 1, ConversationStatus::Open, 1);
    let b = conversation(2, 2, ConversationStatus::Open, 2);
    store
        .apply_events(&[
            started(1, 1, 1, "Ana"),
            started(2, 2, 2, "Bia"),
            transferred(3, &a),
            transferred(4, &b),
        ])
        .unwrap();
    let transferred_at = T0 + 3000;
    let minute = 60_000;
    assert!(
        store
            .due_reminders(transferred_at + 10 * minute, minute)
            .unwrap()
            .is_empty(),
        "nothing notified yet: the first notification comes before any reminder"
    );
    store
        .mark_notified(&keys(&store.pending_notifications(5).unwrap()))
        .unwrap();
    assert!(
        store
            .due_reminders(transferred_at + 30_000, minute)
            .unwrap()
            .is_empty(),
        "within the interval after the transfer no reminder is due"
    );
    // An agent answers Bia.
    let mut b_now = b.clone();
    b_now.status = ConversationStatus::Transferred;
    b_now.transferred_at = Some(T0 + 4000);
    store
        .apply_events(&[message_created(
            5,
            50,
            &b_now,
            Author::Agent,
            "Hi Bia, I'm here",
        )])
        .unwrap();
    let now = transferred_at + 2 * minute;
    let due: Vec<i64> = store
        .due_reminders(now, minute)
        .unwrap()
        .iter()
        .map(|n| n.key.conversation_id)
        .collect();
    assert_eq!(
        due,
        vec![1],
        "Ana still waits with no reply; Bia got an answer"
    );
    store
        .mark_reminded(
            &[TransferKey {
                conversation_id: 1,
                transferred_at,
            }],
            now,
        )
        .unwrap();
    assert!(
        store
            .due_reminders(now + 30_000, minute)
            .unwrap()
            .is_empty(),
        "not reminded again within the interval"
    );
    assert_eq!(
        store.due_reminders(now + minute, minute).unwrap().len(),
        1,
        "due again after it"
    );
}
