//! What "waiting" means, and what the Open filter means, on real SQLite.

mod common;

use common::*;
use switchboard_protocol::{AssistantState, Author, Change, ConversationStatus};
use switchboard_store::{Filter, ListQuery, Store};

fn noah_row(store: &Store) -> switchboard_store::ConversationRow {
    list(store, Filter::Transferred).remove(0)
}

#[test]
fn a_transferred_customer_waits_until_a_human_replies_and_again_after_writing_again() {
    let (_dir, store) = new_store();
    let conv = transferred_noah(&store);
    let row = noah_row(&store);
    assert_eq!(
        row.waiting_since,
        Some(T0 + 3 * 1000),
        "waiting from the transfer"
    );
    assert_eq!(store.waiting_count().unwrap(), 1);

    store.apply_events(&[agent_reply(4, 11, &conv)]).unwrap();
    let row = noah_row(&store);
    assert_eq!(
        row.waiting_since, None,
        "a human answered: not waiting, though still transferred"
    );
    assert_eq!(
        (row.replied_by.as_deref(), row.replied_at),
        (Some("Ana"), Some(T0 + 4 * 1000)),
        "the row can say 'Ana replied 3m ago'"
    );
    assert_eq!(
        store.waiting_count().unwrap(),
        0,
        "an answered customer is not counted"
    );
    assert_eq!(
        store.filter_counts().unwrap().transferred,
        1,
        "the Transferred filter still lists it"
    );

    store
        .apply_events(&[message_created(
            5,
            12,
            &conv,
            Author::Customer,
            "Still there?",
        )])
        .unwrap();
    assert_eq!(
        noah_row(&store).waiting_since,
        Some(T0 + 5 * 1000),
        "writing again after the reply waits again, from that message"
    );
    assert_eq!(store.waiting_count().unwrap(), 1);
}

#[test]
fn reminders_stop_once_a_human_replied_and_resume_from_the_customers_next_message() {
    let (_dir, store) = new_store();
    let conv = transferred_noah(&store);
    let key = switchboard_store::TransferKey {
        conversation_id: 1,
        transferred_at: T0 + 3 * 1000,
    };
    store.mark_notified(&[key]).unwrap();
    let minute = 60_000;
    assert_eq!(
        store
            .due_reminders(T0 + 10 * minute, 5 * minute)
            .unwrap()
            .len(),
        1,
        "unanswered for longer than the interval: remind"
    );

    store.apply_events(&[agent_reply(4, 11, &conv)]).unwrap();
    assert!(
        store
            .due_reminders(T0 + 10 * minute, 5 * minute)
            .unwrap()
            .is_empty(),
        "answered: no reminder, however long ago the transfer was"
    );

    store
        .apply_events(&[message_created(5, 12, &conv, Author::Customer, "Hello??")])
        .unwrap();
    let wrote_again = T0 + 5 * 1000;
    assert!(
        store
            .due_reminders(wrote_again + minute, 5 * minute)
            .unwrap()
            .is_empty(),
        "the new wait is a minute old: not yet"
    );
    assert_eq!(
        store
            .due_reminders(wrote_again + 6 * minute, 5 * minute)
            .unwrap()
            .len(),
        1,
        "waiting again for longer than the interval: remind again"
    );
}

#[test]
fn a_human_reply_that_arrives_with_older_history_ends_the_wait_it_was_missing_from() {
    let (_dir, store) = new_store();
    // The first sync brought the transfer and the customer's newest
    // message, not the agent's reply between them.
    let mut conv = conversation(1, 1, ConversationStatus::Transferred, 3);
    conv.message_count = Some(3);
    conv.updated_seq = 6;
    let mut reply = message(11, 1, Author::Agent, "Hi Noah, Ana here", 4);
    reply.agent_name = Some("Ana".into());
    store
        .apply_bootstrap_page(&last_page(
            6,
            vec![contact(1, "Noah", 1)],
            vec![conv],
            vec![message(12, 1, Author::Customer, "Still there?", 5)],
        ))
        .unwrap();
    assert_eq!(
        noah_row(&store).waiting_since,
        Some(T0 + 3 * 1000),
        "as far as the cache knows, nobody answered since the transfer"
    );

    store.store_older_messages(1, &[reply], false).unwrap();
    let row = noah_row(&store);
    assert_eq!(
        (row.waiting_since, row.replied_by.as_deref()),
        (Some(T0 + 5 * 1000), Some("Ana")),
        "Ana's reply, once downloaded, moves the wait to the customer's next message"
    );
    assert_eq!(store.waiting_count().unwrap(), 1);
}

#[test]
fn a_reply_pruned_from_the_cache_still_counts_when_the_wait_is_read_again() {
    let (_dir, store) = new_store();
    let conv = transferred_noah(&store);
    store
        .apply_events(&[
            agent_reply(4, 11, &conv),
            message_created(5, 12, &conv, Author::Customer, "Still there?"),
            message_created(6, 20, &conv, Author::System, "Tagged billing"),
        ])
        .unwrap();
    let answered_then_waiting = |row: switchboard_store::ConversationRow| {
        (row.waiting_since, row.replied_by, row.replied_at)
    };
    let truth = (
        Some(T0 + 5 * 1000),
        Some("Ana".to_string()),
        Some(T0 + 4 * 1000),
    );
    assert_eq!(answered_then_waiting(noah_row(&store)), truth);

    // "Keep history for" a period that ends between the customer's message
    // and the note: the transfer, Ana's reply and "Still there?" go.
    store.set_keep_since(Some(T0 + 5_500)).unwrap();
    while store.prune_history(100).unwrap().more {}
    assert_eq!(answered_then_waiting(noah_row(&store)), truth);

    // A customer's message delivered late (its id is below the newest)
    // makes the store walk the conversation again, through what is left.
    store
        .apply_events(&[message_created(7, 13, &conv, Author::Customer, "Hello??")])
        .unwrap();
    assert_eq!(
        answered_then_waiting(noah_row(&store)),
        truth,
        "Ana's reply and the wait after it were pruned, not undone: the row must not \
         fall back to 'nobody replied, waiting since the transfer'"
    );
    assert_eq!(store.waiting_count().unwrap(), 1);
}

#[test]
fn closing_ends_the_wait_and_a_new_transfer_waits_from_its_own_time() {
    let (_dir, store) = new_store();
    let conv = transferred_noah(&store);
    store.apply_events(&[agent_reply(4, 11, &conv)]).unwrap();
    let mut closed = conv.clone();
    closed.status = ConversationStatus::Closed;
    closed.updated_seq = 5;
    store
        .apply_events(&[event(
            5,
            Change::ConversationUpdated {
                conversation: closed.clone(),
            },
        )])
        .unwrap();
    assert_eq!(store.waiting_count().unwrap(), 0, "closed: nobody waits");
    let row = list(&store, Filter::All).remove(0);
    assert_eq!(
        (row.waiting_since, row.replied_by),
        (None, None),
        "a closed conversation's row says nothing of waiting or replies"
    );

    store
        .apply_events(&[
            message_created(6, 12, &closed, Author::Customer, "One more thing"),
            transferred(7, &closed),
        ])
        .unwrap();
    let row = noah_row(&store);
    assert_eq!(
        (row.waiting_since, row.replied_by),
        (Some(T0 + 7 * 1000), None),
        "transferred again: waiting from the new transfer; Ana's reply was to the old one"
    );
    assert_eq!(store.waiting_count().unwrap(), 1);
}

#[test]
fn the_open_filter_lists_only_conversations_the_assistant_is_answering() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let mut paused = conversation(2, 2, ConversationStatus::Open, 2);
    paused.assistant_state = AssistantState::Paused;
    paused.updated_seq = 3;
    store
        .apply_events(&[
            started(1, 1, 1, "Active Ana"),
            started(2, 2, 2, "Paused Paulo"),
            event(
                3,
                Change::ConversationUpdated {
                    conversation: paused.clone(),
                },
            ),
        ])
        .unwrap();
    let open = store
        .list_conversations(&ListQuery {
            filter: Filter::Open,
            selected: None,
            after: None,
            limit: 10,
        })
        .unwrap();
    let names: Vec<&str> = open.rows.iter().map(|r| r.contact_name.as_str()).collect();
    assert_eq!(
        names,
        ["Active Ana"],
        "a paused conversation is a human's, not the assistant's"
    );
    let counts = store.filter_counts().unwrap();
    assert_eq!((counts.open, counts.all), (1, 2), "counts follow");

    paused.assistant_state = AssistantState::Active;
    paused.updated_seq = 4;
    store
        .apply_events(&[event(
            4,
            Change::ConversationUpdated {
                conversation: paused,
            },
        )])
        .unwrap();
    assert_eq!(
        store.filter_counts().unwrap().open,
        2,
        "reactivating the assistant counts it as open again"
    );
}
