//! Who handles a conversation, as the cache holds it: from the bootstrap and
//! the events, on the rows, in the Mine filter, and what a taken transfer
//! means for the waiting count and the reminders. On real SQLite.

mod common;

use common::*;
use switchboard_protocol::{Assignee, Change, Conversation, ConversationStatus, Event};
use switchboard_store::{Filter, PendingNotifications, TransferKey};

const ANA: i64 = 7;
const BEA: i64 = 8;

fn handled_by(conv: &Conversation, id: Option<i64>, seq: i64) -> Conversation {
    let mut conv = conv.clone();
    conv.assignee = id.map(|id| Assignee {
        id,
        name: if id == ANA { "Ana" } else { "Bea" }.into(),
    });
    conv.updated_seq = seq;
    conv
}

fn updated(seq: i64, conversation: Conversation) -> Event {
    event(seq, Change::ConversationUpdated { conversation })
}

#[test]
fn the_assignee_arrives_with_the_bootstrap_and_follows_the_events() {
    let (_dir, store) = new_store();
    let open = conversation(2, 2, ConversationStatus::Open, 2);
    store
        .apply_bootstrap_page(&last_page(
            2,
            vec![contact(2, "Eva", 2)],
            vec![handled_by(&open, Some(BEA), 2)],
            vec![],
        ))
        .unwrap();
    store.use_for_user(ANA).unwrap();
    let row = list(&store, Filter::All).remove(0);
    assert_eq!(
        (row.assignee.map(|a| a.name), row.assignee_is_me),
        (Some("Bea".to_string()), false),
        "the row says who handles it, and that it is not the signed-in user"
    );

    store
        .apply_events(&[updated(3, handled_by(&open, Some(ANA), 3))])
        .unwrap();
    let row = list(&store, Filter::All).remove(0);
    assert_eq!(
        (row.assignee.map(|a| a.id), row.assignee_is_me),
        (Some(ANA), true),
        "a take-over reaches the row, which knows it is mine"
    );
    assert_eq!(
        store
            .conversation(2)
            .unwrap()
            .unwrap()
            .conversation
            .assignee,
        Some(Assignee {
            id: ANA,
            name: "Ana".into()
        }),
        "the opened conversation carries the assignee too"
    );

    store
        .apply_events(&[updated(2, handled_by(&open, None, 2))])
        .unwrap();
    assert!(
        list(&store, Filter::All)[0].assignee.is_some(),
        "an older state replayed after the take must not undo it"
    );
    store
        .apply_events(&[updated(4, handled_by(&open, None, 4))])
        .unwrap();
    assert_eq!(
        list(&store, Filter::All)[0].assignee,
        None,
        "a release clears it"
    );
}

#[test]
fn mine_lists_and_counts_only_what_the_signed_in_user_handles() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let mut events = Vec::new();
    for id in 1..=4 {
        events.push(started(id, id, id, &format!("Customer {id}")));
    }
    store.apply_events(&events).unwrap();
    let open = |id| conversation(id, id, ConversationStatus::Open, id);
    let mut transferred_3 = open(3);
    transferred_3.status = ConversationStatus::Transferred;
    store
        .apply_events(&[
            updated(5, handled_by(&open(1), Some(ANA), 5)),
            updated(6, handled_by(&open(2), Some(BEA), 6)),
            updated(7, handled_by(&transferred_3, Some(ANA), 7)),
        ])
        .unwrap();

    assert!(
        list(&store, Filter::Mine).is_empty(),
        "before anyone is signed in, nothing is mine"
    );
    assert_eq!(store.filter_counts().unwrap().mine, 0);

    store.use_for_user(ANA).unwrap();
    let mine: Vec<i64> = list(&store, Filter::Mine).iter().map(|r| r.id).collect();
    assert_eq!(
        mine,
        [3, 1],
        "Mine is what Ana handles, whatever its status, newest activity first"
    );
    assert_eq!(
        store.filter_counts().unwrap().mine,
        2,
        "the count matches the filter"
    );

    store
        .apply_events(&[updated(8, handled_by(&open(1), None, 8))])
        .unwrap();
    assert_eq!(
        store.filter_counts().unwrap().mine,
        1,
        "a release leaves Mine at once"
    );

    store.forget_account().unwrap();
    store
        .apply_bootstrap_page(&last_page(
            1,
            vec![contact(2, "Eva", 1)],
            vec![handled_by(&open(2), Some(ANA), 1)],
            vec![],
        ))
        .unwrap();
    assert_eq!(
        store.filter_counts().unwrap().mine,
        0,
        "signing out forgets who was signed in: the next user's cache shows nothing as theirs until told"
    );
}

#[test]
fn a_taken_transfer_stops_counting_as_waiting_and_gets_no_reminders() {
    let (_dir, store) = new_store();
    let conv = transferred_noah(&store);
    let key = TransferKey {
        conversation_id: 1,
        transferred_at: T0 + 3 * 1000,
    };
    let PendingNotifications::Individual(pending) = store.pending_notifications(5).unwrap() else {
        panic!("a live transfer is notified on its own");
    };
    store.mark_notified(&[pending[0].key]).unwrap();
    let minute = 60_000;
    let later = T0 + 3 * 1000 + 10 * minute;
    assert_eq!(store.waiting_count().unwrap(), 1, "nobody took it yet");
    assert_eq!(store.untaken_since(key).unwrap(), Some(T0 + 3 * 1000));
    assert_eq!(store.due_reminders(later, minute).unwrap().len(), 1);

    store
        .apply_events(&[updated(4, handled_by(&conv, Some(BEA), 4))])
        .unwrap();
    assert_eq!(
        store.waiting_count().unwrap(),
        0,
        "once a colleague took it, nobody else is told it waits"
    );
    assert_eq!(
        store.untaken_since(key).unwrap(),
        None,
        "a taken transfer is not untaken"
    );
    assert!(
        store.due_reminders(later, minute).unwrap().is_empty(),
        "reminders stop for everyone once someone took it"
    );
    let row = list(&store, Filter::Transferred).remove(0);
    assert_eq!(
        row.waiting_since,
        Some(T0 + 3 * 1000),
        "the row still knows the customer has no answer yet, beside who handles it"
    );

    store
        .apply_events(&[updated(5, handled_by(&conv, None, 5))])
        .unwrap();
    assert_eq!(
        store.waiting_count().unwrap(),
        1,
        "released, the customer waits for anyone again"
    );
    assert_eq!(store.due_reminders(later, minute).unwrap().len(), 1);

    store.use_for_user(ANA).unwrap();
    store
        .apply_events(&[updated(6, handled_by(&conv, Some(ANA), 6))])
        .unwrap();
    assert_eq!(
        store.waiting_count().unwrap(),
        1,
        "Ana took it and has not answered: her own waiting customer counts for her"
    );
    assert!(
        store.due_reminders(later, minute).unwrap().is_empty(),
        "taken, even by me: no reminders"
    );
}
