//! A conversation a person put off until later (Chatwoot's `snoozed`), as
//! the cache holds it: kept with its time, on the row and in the open
//! conversation, gone when it wakes up. On real SQLite.

mod common;

use common::*;
use switchboard_protocol::{Change, Conversation, ConversationStatus, Snooze};
use switchboard_store::{Filter, Store};

fn snoozed(conv: &Conversation, until: Option<i64>, seq: i64) -> Conversation {
    let mut conv = conv.clone();
    conv.snooze = Some(Snooze { until });
    conv.updated_seq = seq;
    conv
}

fn row(store: &Store) -> switchboard_store::ConversationRow {
    list(store, Filter::All).remove(0)
}

#[test]
fn a_snooze_is_kept_with_its_time_and_cleared_when_the_conversation_wakes_up() {
    let (_dir, store) = new_store();
    let open = conversation(1, 1, ConversationStatus::Open, 1);
    let until = T0 + 3_600_000;
    store
        .apply_bootstrap_page(&last_page(
            1,
            vec![contact(1, "Sara", 1)],
            vec![snoozed(&open, Some(until), 1)],
            vec![],
        ))
        .unwrap();
    assert_eq!(
        store.conversation(1).unwrap().unwrap().conversation.snooze,
        Some(Snooze { until: Some(until) }),
        "the open conversation says until when it is snoozed"
    );
    assert_eq!(
        row(&store).snooze,
        Some(Snooze { until: Some(until) }),
        "so does its row"
    );

    store
        .apply_events(&[event(
            2,
            Change::ConversationUpdated {
                conversation: snoozed(&open, None, 2),
            },
        )])
        .unwrap();
    assert_eq!(
        row(&store).snooze,
        Some(Snooze { until: None }),
        "snoozed until the customer's next message: snoozed, with no time"
    );

    let mut awake = open.clone();
    awake.updated_seq = 3;
    store
        .apply_events(&[event(
            3,
            Change::ConversationUpdated {
                conversation: awake,
            },
        )])
        .unwrap();
    assert_eq!(row(&store).snooze, None, "awake again: no longer snoozed");
}
