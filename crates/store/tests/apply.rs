//! Applying bootstrap pages and event batches: idempotent, gapless, atomic.

mod common;

use common::*;
use switchboard_protocol::{Author, BootstrapPage, Change, ConversationStatus};
use switchboard_store::{Filter, ListQuery, OutboxAction, StoreError};

fn all(limit: u32) -> ListQuery {
    ListQuery {
        filter: Filter::All,
        selected: None,
        after: None,
        limit,
    }
}

#[test]
fn applying_a_batch_twice_changes_nothing() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    let conv = conversation(1, 1, ConversationStatus::Open, 11);
    let batch = vec![
        started(11, 1, 1, "Ana"),
        message_created(12, 100, &conv, Author::Customer, "hello"),
    ];
    let first = store.apply_events(&batch).unwrap();
    assert_eq!(
        first.messages,
        vec![(1, 100)],
        "the first apply stores the message"
    );
    let second = store.apply_events(&batch).unwrap();
    assert_eq!(
        second.applied_seq,
        Some(12),
        "the cursor stays where it was"
    );
    assert!(
        second.messages.is_empty() && second.conversations.is_empty(),
        "a batch already applied must report no change, got {second:?}"
    );
    assert_eq!(
        store.messages(1, None, 50).unwrap().messages.len(),
        1,
        "the message must be stored once"
    );
    assert_eq!(
        store.filter_counts().unwrap().all,
        1,
        "the conversation is counted once"
    );
}

#[test]
fn a_gap_applies_nothing_and_reports_the_expected_seq() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    let batch = vec![started(11, 1, 1, "Ana"), started(13, 2, 2, "Bia")];
    match store.apply_events(&batch) {
        Err(StoreError::Gap { expected, got }) => {
            assert_eq!(
                (expected, got),
                (12, 13),
                "the gap is after 11, so 12 is expected"
            )
        }
        other => panic!("a hole in the batch must be a gap error, got {other:?}"),
    }
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        Some(10),
        "nothing of a batch with a gap is applied, not even the events before the hole"
    );
    assert!(
        store.conversation(1).unwrap().is_none(),
        "conversation 1 came before the hole and must not be stored either"
    );

    let late = vec![started(12, 3, 3, "Caio")];
    assert!(
        matches!(
            store.apply_events(&late),
            Err(StoreError::Gap {
                expected: 11,
                got: 12
            })
        ),
        "a batch that starts after applied_seq + 1 is a gap"
    );
}

#[test]
fn events_already_applied_are_skipped_and_the_rest_applied() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    store.apply_events(&[started(11, 1, 1, "Ana")]).unwrap();
    let overlapping = vec![started(11, 1, 1, "Ana"), started(12, 2, 2, "Bia")];
    let report = store.apply_events(&overlapping).unwrap();
    assert_eq!(
        report.applied_seq,
        Some(12),
        "the overlap is skipped, the new event applied"
    );
    assert_eq!(
        report.conversations,
        vec![2],
        "only the new conversation changed"
    );
}

#[test]
fn an_older_entity_never_overwrites_a_newer_one() {
    let (_dir, store) = new_store();
    let mut newer = conversation(1, 1, ConversationStatus::Closed, 20);
    newer.last_message_preview = Some("bye".into());
    let older = conversation(1, 1, ConversationStatus::Open, 5);
    store
        .apply_bootstrap_page(&last_page(
            20,
            vec![contact(1, "Ana", 20)],
            vec![newer],
            vec![],
        ))
        .unwrap();
    bootstrap_empty(&store, 20);
    // A late page of an older snapshot, then an old event replayed by the server.
    let report = store
        .apply_bootstrap_page(&last_page(
            4,
            vec![contact(1, "Old name", 4)],
            vec![older],
            vec![],
        ))
        .unwrap();
    assert!(
        report.conversations.is_empty(),
        "nothing newer arrived: {report:?}"
    );
    let detail = store.conversation(1).unwrap().unwrap();
    assert_eq!(
        detail.conversation.status,
        ConversationStatus::Closed,
        "the stored state (seq 20) is newer than the incoming one (seq 5) and must stay"
    );
    assert_eq!(
        detail.contact.unwrap().name,
        "Ana",
        "the contact keeps its newer name"
    );
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        Some(20),
        "a bootstrap never moves the cursor backwards"
    );
}

#[test]
fn events_before_any_bootstrap_are_refused() {
    let (_dir, store) = new_store();
    assert!(
        matches!(
            store.apply_events(&[started(1, 1, 1, "Ana")]),
            Err(StoreError::NotBootstrapped)
        ),
        "without a finished bootstrap there is no cursor to continue"
    );
}

#[test]
fn an_interrupted_bootstrap_resumes_from_its_stored_page_token() {
    let (dir, store) = new_store();
    let page1 = BootstrapPage {
        snapshot_seq: 50,
        conversations: vec![conversation(1, 1, ConversationStatus::Open, 40)],
        contacts: vec![contact(1, "Ana", 40)],
        messages: vec![message(1, 1, Author::Customer, "hi", 40)],
        next_page_token: Some("page-2".into()),
        total_conversations: 2,
    };
    let report = store.apply_bootstrap_page(&page1).unwrap();
    assert_eq!(
        report.applied_seq, None,
        "a page that is not the last sets no cursor"
    );
    drop(store);

    let store = switchboard_store::Store::open(&dir.path().join("cache.db")).unwrap();
    let position = store.sync_position().unwrap();
    assert_eq!(position.applied_seq, None, "the bootstrap has not finished");
    let resume = position
        .bootstrap
        .expect("a bootstrap under way must be resumable");
    assert_eq!(
        resume.next_page_token.as_deref(),
        Some("page-2"),
        "resume from the stored token"
    );
    assert_eq!(
        (
            resume.snapshot_seq,
            resume.pages_done,
            resume.conversations_done,
            resume.total_conversations
        ),
        (50, 1, 1, 2),
        "progress is stored with the page"
    );

    let page2 = BootstrapPage {
        snapshot_seq: 50,
        conversations: vec![conversation(2, 2, ConversationStatus::Open, 45)],
        contacts: vec![contact(2, "Bia", 45)],
        messages: vec![],
        next_page_token: None,
        total_conversations: 2,
    };
    let report = store.apply_bootstrap_page(&page2).unwrap();
    assert_eq!(
        report.applied_seq,
        Some(50),
        "the last page sets the cursor to the snapshot"
    );
    let position = store.sync_position().unwrap();
    assert_eq!(position.applied_seq, Some(50), "the cursor is stored");
    assert!(
        position.bootstrap.is_none(),
        "no bootstrap is under way any more"
    );
    assert_eq!(
        store.filter_counts().unwrap().all,
        2,
        "both pages are in the cache"
    );
}

#[test]
fn reset_for_rebootstrap_empties_the_cache_and_keeps_local_state() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    let conv = conversation(1, 1, ConversationStatus::Open, 11);
    store
        .apply_events(&[
            started(11, 1, 1, "Ana"),
            message_created(12, 100, &conv, Author::Customer, "where is my order"),
        ])
        .unwrap();
    store
        .enqueue(
            1,
            OutboxAction::Reply {
                text: "on its way".into(),
            },
            "key-1",
            T0,
        )
        .unwrap();
    store.set_setting("theme", "dark").unwrap();

    store.reset_cache_for_rebootstrap().unwrap();

    assert_eq!(store.filter_counts().unwrap().all, 0, "the cache is empty");
    assert!(
        store.list_conversations(&all(50)).unwrap().rows.is_empty(),
        "no rows listed"
    );
    assert!(
        store.search("order", 10).unwrap().is_empty(),
        "the search indexes are emptied too"
    );
    assert!(
        store.search("Ana", 10).unwrap().is_empty(),
        "contact search emptied too"
    );
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        None,
        "a new bootstrap must run"
    );
    assert_eq!(
        store.outbox_for_conversation(1).unwrap().len(),
        1,
        "an unsent agent write must survive a re-bootstrap"
    );
    assert_eq!(
        store.setting::<String>("theme").unwrap().as_deref(),
        Some("dark"),
        "settings survive a re-bootstrap"
    );

    // The cache fills again from the new bootstrap.
    store
        .apply_bootstrap_page(&last_page(
            30,
            vec![contact(1, "Ana", 11)],
            vec![conv.clone()],
            vec![message(100, 1, Author::Customer, "where is my order", 12)],
        ))
        .unwrap();
    assert_eq!(
        store.search("order", 10).unwrap().len(),
        1,
        "search works after the rebuild"
    );
}

#[test]
fn the_report_names_what_changed() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 0);
    let conv = conversation(7, 3, ConversationStatus::Open, 1);
    let report = store
        .apply_events(&[
            started(1, 7, 3, "Ana"),
            message_created(2, 70, &conv, Author::Customer, "hi"),
            message_created(3, 71, &conv, Author::Assistant, "hello!"),
            transferred(4, &conv),
            event(
                5,
                Change::ContactUpserted {
                    contact: contact(3, "Ana Maria", 5),
                },
            ),
        ])
        .unwrap();
    assert_eq!(report.applied_seq, Some(5), "the cursor is the last event");
    assert_eq!(
        report.conversations,
        vec![7],
        "one conversation changed, listed once"
    );
    assert_eq!(report.contacts, vec![3], "the contact changed");
    assert_eq!(
        report.messages,
        vec![(7, 70), (7, 71)],
        "both messages, in order"
    );
    assert_eq!(report.transfers, 1, "the transfer was detected");
    let row = &store.list_conversations(&all(10)).unwrap().rows[0];
    assert_eq!(
        row.contact_name, "Ana Maria",
        "the list shows the contact's new name"
    );
}
