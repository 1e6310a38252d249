//! The reads behind the screen: list, counts, history, contact, waiting.

mod common;

use common::*;
use switchboard_protocol::{Author, Change, ConversationStatus};
use switchboard_store::{Filter, ListQuery, OutboxAction, Store};

fn query(filter: Filter, limit: u32) -> ListQuery {
    ListQuery {
        filter,
        selected: None,
        after: None,
        limit,
    }
}

/// Ten conversations: ids 1..=10, activity growing with the id; 3, 6, 9
/// transferred; 4 and 8 closed.
fn ten_conversations(store: &Store) {
    let contacts = (1..=10)
        .map(|i| contact(i, &format!("Contact {i}"), i))
        .collect();
    let conversations = (1..=10)
        .map(|i| {
            let status = match i {
                3 | 6 | 9 => ConversationStatus::Transferred,
                4 | 8 => ConversationStatus::Closed,
                _ => ConversationStatus::Open,
            };
            conversation(i, i, status, i)
        })
        .collect();
    store
        .apply_bootstrap_page(&last_page(10, contacts, conversations, vec![]))
        .unwrap();
}

fn ids(store: &Store, q: &ListQuery) -> Vec<i64> {
    store
        .list_conversations(q)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn each_filter_lists_its_conversations_newest_activity_first() {
    let (_dir, store) = new_store();
    ten_conversations(&store);
    assert_eq!(
        ids(&store, &query(Filter::All, 50)),
        (1..=10).rev().collect::<Vec<_>>(),
        "all, newest first"
    );
    assert_eq!(
        ids(&store, &query(Filter::Open, 50)),
        vec![10, 7, 5, 2, 1],
        "open only"
    );
    assert_eq!(
        ids(&store, &query(Filter::Closed, 50)),
        vec![8, 4],
        "closed only"
    );
    assert_eq!(
        ids(&store, &query(Filter::Transferred, 50)),
        vec![9, 6, 3],
        "transferred only"
    );
    let selected = ListQuery {
        selected: Some(6),
        ..query(Filter::Selected, 50)
    };
    assert_eq!(
        ids(&store, &selected),
        vec![6],
        "selected shows only the open conversation"
    );
    assert!(
        ids(&store, &query(Filter::Selected, 50)).is_empty(),
        "selected with nothing selected shows nothing"
    );
    let row = &store
        .list_conversations(&query(Filter::Transferred, 1))
        .unwrap()
        .rows[0];
    assert_eq!(
        row.waiting_since,
        Some(T0 + 9 * 1000),
        "a transferred row says since when it waits"
    );
    assert_eq!(
        row.contact_name, "Contact 9",
        "the row carries the contact's name"
    );
}

#[test]
fn keyset_pages_cover_every_row_once_even_with_equal_times() {
    let (_dir, store) = new_store();
    // Equal activity times: the id breaks the tie.
    let contacts = (1..=7).map(|i| contact(i, "Same", 1)).collect();
    let conversations = (1..=7)
        .map(|i| {
            let mut c = conversation(i, i, ConversationStatus::Open, 1);
            c.last_activity_at = T0;
            c
        })
        .collect();
    store
        .apply_bootstrap_page(&last_page(1, contacts, conversations, vec![]))
        .unwrap();

    let mut seen = Vec::new();
    let mut q = query(Filter::All, 3);
    loop {
        let page = store.list_conversations(&q).unwrap();
        seen.extend(page.rows.iter().map(|r| r.id));
        match page.next {
            Some(cursor) => q.after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(
        seen,
        vec![7, 6, 5, 4, 3, 2, 1],
        "pages must neither skip nor repeat rows"
    );
}

#[test]
fn filter_counts_follow_status_changes() {
    let (_dir, store) = new_store();
    ten_conversations(&store);
    let counts = store.filter_counts().unwrap();
    assert_eq!(
        (counts.all, counts.open, counts.closed, counts.transferred),
        (10, 5, 2, 3),
        "counts per status after the bootstrap"
    );
    let mut closed = conversation(1, 1, ConversationStatus::Closed, 11);
    closed.last_activity_at = T0 + 11_000;
    store
        .apply_events(&[event(
            11,
            Change::ConversationUpdated {
                conversation: closed,
            },
        )])
        .unwrap();
    let counts = store.filter_counts().unwrap();
    assert_eq!(
        (counts.all, counts.open, counts.closed),
        (10, 4, 3),
        "closing a conversation moves it from open to closed"
    );
}

/// Conversation 1 with Ana, holding customer messages "m0".."m{n-1}"
/// (ids 100.., oldest first).
fn ana_with_customer_messages(store: &Store, n: i64) {
    bootstrap_empty(store, 0);
    let mut conv = conversation(1, 1, ConversationStatus::Open, 1);
    conv.message_count = Some(n);
    let mut events = vec![started(1, 1, 1, "Ana")];
    for i in 0..n {
        events.push(message_created(
            2 + i,
            100 + i,
            &conv,
            Author::Customer,
            &format!("m{i}"),
        ));
    }
    store.apply_events(&events).unwrap();
}

#[test]
fn messages_page_backwards_from_the_newest() {
    let (_dir, store) = new_store();
    ana_with_customer_messages(&store, 5);

    let newest = store.messages(1, None, 2).unwrap();
    let texts: Vec<&str> = newest.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, vec!["m3", "m4"], "the newest two, oldest first");
    assert!(newest.has_more, "three older messages remain");
    let older = store.messages(1, Some(newest.messages[0].id), 10).unwrap();
    let texts: Vec<&str> = older.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["m0", "m1", "m2"],
        "the rest, before the first shown"
    );
    assert!(!older.has_more, "nothing is older");
}

#[test]
fn older_history_fetched_on_demand_is_stored_once() {
    let (_dir, store) = new_store();
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Ana", 1)],
            vec![conversation(1, 1, ConversationStatus::Open, 10)],
            vec![message(50, 1, Author::Customer, "recent", 10)],
        ))
        .unwrap();
    let older = vec![
        message(10, 1, Author::Customer, "old question", 2),
        message(11, 1, Author::Assistant, "old answer", 3),
        message(12, 999, Author::Customer, "of a conversation not cached", 3),
    ];
    store.store_older_messages(1, &older, true).unwrap();
    store.store_older_messages(1, &older, true).unwrap();
    let page = store.messages(1, None, 50).unwrap();
    let ids: Vec<i64> = page.messages.iter().map(|m| m.id).collect();
    assert_eq!(
        ids,
        vec![10, 11, 50],
        "older messages join the history once, in order"
    );
    assert!(
        store.messages(999, None, 50).unwrap().messages.is_empty(),
        "orphans are skipped"
    );
    assert_eq!(
        store.search("old answer", 10).unwrap().len(),
        1,
        "older history is searchable"
    );
}

#[test]
fn history_arriving_in_any_order_pages_back_newest_first() {
    use rand::seq::SliceRandom;
    use rand::{rngs::StdRng, SeedableRng};

    let mut rng = StdRng::seed_from_u64(5);
    for round in 0..20 {
        let (_dir, store) = new_store();
        // Two conversations whose message ids interleave, as in a stream.
        let ids_of = |conv: i64| -> Vec<i64> { (1..=60).filter(|id| id % 2 == conv % 2).collect() };
        let mut all: Vec<(i64, i64)> = [1, 2]
            .iter()
            .flat_map(|&conv| ids_of(conv).into_iter().map(move |id| (conv, id)))
            .collect();
        all.shuffle(&mut rng);
        // Some arrive with the bootstrap, the rest as older history in
        // chunks, each in no particular order, some twice.
        let (first, rest) = all.split_at(all.len() / 3);
        let as_messages = |part: &[(i64, i64)]| -> Vec<_> {
            part.iter()
                .map(|&(conv, id)| message(id, conv, Author::Customer, &format!("m{id}"), 1))
                .collect()
        };
        store
            .apply_bootstrap_page(&last_page(
                10,
                vec![contact(1, "Ana", 1), contact(2, "Bia", 1)],
                [1, 2]
                    .map(|id| {
                        let mut c = conversation(id, id, ConversationStatus::Open, 10);
                        c.message_count = Some(ids_of(id).len() as i64);
                        c
                    })
                    .to_vec(),
                as_messages(first),
            ))
            .unwrap();
        // Each conversation's part of a chunk, as the history endpoint
        // serves one conversation at a time; the server's count, not the
        // order of arrival, tells when a history is whole.
        let store_chunk = |chunk: &[(i64, i64)]| {
            for conv in [1, 2] {
                store
                    .store_older_messages(conv, &as_messages(chunk), false)
                    .unwrap();
            }
        };
        for chunk in rest.chunks(7) {
            store_chunk(chunk);
        }
        store_chunk(&rest[..5]);

        for conv in [1, 2] {
            let mut seen = Vec::new();
            let mut before = None;
            loop {
                let page = store.messages(conv, before, 8).unwrap();
                let ids: Vec<i64> = page.messages.iter().map(|m| m.id).collect();
                assert!(
                    ids.windows(2).all(|w| w[0] < w[1]),
                    "round {round}: a page is oldest first: {ids:?}"
                );
                seen.splice(0..0, ids);
                before = page.messages.first().map(|m| m.id);
                if !page.has_more {
                    break;
                }
            }
            assert_eq!(
                seen,
                ids_of(conv),
                "round {round}: conversation {conv}'s whole history, once, in order"
            );
        }
    }
}

#[test]
fn a_contact_comes_with_all_its_conversations() {
    let (_dir, store) = new_store();
    let mut ana = contact(1, "Ana", 3);
    ana.phone = Some("+55 11 98765-4321".into());
    ana.attributes.insert("plan".into(), "gold".into());
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![ana.clone(), contact(2, "Bia", 1)],
            vec![
                conversation(1, 1, ConversationStatus::Closed, 1),
                conversation(2, 2, ConversationStatus::Open, 2),
                conversation(3, 1, ConversationStatus::Open, 3),
            ],
            vec![],
        ))
        .unwrap();
    let detail = store
        .contact_detail(1)
        .unwrap()
        .expect("contact 1 is cached");
    assert_eq!(
        detail.contact, ana,
        "the contact round-trips, attributes included"
    );
    let ids: Vec<i64> = detail.conversations.iter().map(|c| c.row.id).collect();
    assert_eq!(
        ids,
        vec![3, 1],
        "both of Ana's conversations, newest first, none of Bia's"
    );
    assert!(
        store.contact_detail(42).unwrap().is_none(),
        "an unknown contact is None"
    );
    let conv = store.conversation(3).unwrap().unwrap();
    assert_eq!(
        conv.contact.map(|c| c.name),
        Some("Ana".into()),
        "a conversation comes with its contact"
    );
}

#[test]
fn rows_count_the_writes_not_yet_confirmed() {
    let (_dir, store) = new_store();
    ten_conversations(&store);
    let item = store
        .enqueue(
            5,
            OutboxAction::Reply {
                text: "hello".into(),
            },
            "k1",
            T0,
        )
        .unwrap();
    let pending = |store: &Store| {
        store
            .list_conversations(&ListQuery {
                selected: Some(5),
                ..query(Filter::Selected, 1)
            })
            .unwrap()
            .rows[0]
            .pending_writes
    };
    assert_eq!(
        pending(&store),
        1,
        "an enqueued write shows as pending on its row"
    );
    store.mark_sending(item.id).unwrap();
    store.mark_sent(item.id, 11).unwrap();
    assert_eq!(
        pending(&store),
        1,
        "sent but not yet back from the stream: still pending"
    );
    let conv = conversation(5, 5, ConversationStatus::Open, 5);
    store
        .apply_events(&[message_created(11, 500, &conv, Author::Agent, "hello")])
        .unwrap();
    assert_eq!(
        pending(&store),
        0,
        "once the stream delivers the write, it is the message itself"
    );
}

#[test]
fn opening_a_conversation_reads_it_its_contact_newest_history_and_unsent_writes() {
    let (_dir, store) = new_store();
    ana_with_customer_messages(&store, 4);
    store
        .enqueue(
            1,
            OutboxAction::Reply {
                text: "on its way".into(),
            },
            "k1",
            T0,
        )
        .unwrap();

    let opened = store
        .open_conversation(1, 3)
        .unwrap()
        .expect("a cached conversation opens");
    assert_eq!(opened.conversation.id, 1);
    assert_eq!(
        opened.contact.map(|c| c.name),
        Some("Ana".to_owned()),
        "the contact panel needs the contact"
    );
    let texts: Vec<&str> = opened
        .messages
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(texts, ["m1", "m2", "m3"], "the newest page, oldest first");
    assert_eq!(opened.outbox.len(), 1, "the queued reply shows as pending");
    assert_eq!(
        store.open_conversation(99, 3).unwrap(),
        None,
        "a conversation the cache does not hold is None, not an error"
    );
}

#[test]
fn a_history_cut_by_the_first_sync_is_not_the_start_of_the_conversation() {
    let (_dir, store) = new_store();
    let mut conv = conversation(1, 1, ConversationStatus::Open, 10);
    conv.message_count = Some(60);
    let text = |id: i64| format!("m{id}");
    let recent: Vec<_> = (41..=60)
        .map(|id| message(id, 1, Author::Customer, &text(id), 10))
        .collect();
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Ana", 1)],
            vec![conv],
            recent,
        ))
        .unwrap();

    let first = store.messages(1, None, 50).unwrap();
    assert_eq!(first.messages.len(), 20, "the cache holds the recent 20");
    assert!(
        first.has_more && first.older_not_downloaded,
        "40 older messages exist on the server only: never the start of the conversation"
    );

    let older: Vec<_> = (1..=40)
        .map(|id| message(id, 1, Author::Customer, &text(id), 2))
        .collect();
    store.store_older_messages(1, &older[20..], false).unwrap();
    let middle = store.messages(1, Some(41), 50).unwrap();
    assert_eq!(middle.messages.len(), 20, "21..40 are cached now");
    assert!(
        middle.older_not_downloaded,
        "1..20 are still on the server only"
    );
    store.store_older_messages(1, &older[..20], false).unwrap();
    let rest = store.messages(1, Some(41), 50).unwrap();
    assert_eq!(
        rest.messages.first().map(|m| m.id),
        Some(1),
        "the whole history, down to the first message"
    );
    assert!(
        !rest.has_more && !rest.older_not_downloaded,
        "60 of 60 messages cached: this is the start"
    );
}

#[test]
fn without_a_count_a_history_is_whole_only_once_the_server_says_nothing_is_older() {
    let (_dir, store) = new_store();
    let conv = conversation(1, 1, ConversationStatus::Open, 10); // no count
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Ana", 1)],
            vec![conv],
            vec![message(50, 1, Author::Customer, "recent", 10)],
        ))
        .unwrap();
    assert!(
        store.messages(1, None, 50).unwrap().older_not_downloaded,
        "a server that does not count may have more"
    );
    store
        .store_older_messages(1, &[message(10, 1, Author::Customer, "first", 2)], true)
        .unwrap();
    let page = store.messages(1, None, 50).unwrap();
    assert!(
        !page.has_more && !page.older_not_downloaded,
        "the server said nothing is older than its last page"
    );
}

#[test]
fn a_conversation_seen_from_its_start_holds_its_whole_history() {
    let (_dir, store) = new_store();
    ana_with_customer_messages(&store, 3);
    let page = store.messages(1, None, 50).unwrap();
    assert_eq!(page.messages.len(), 3);
    assert!(
        !page.has_more,
        "every message arrived live and the server counts 3: this is the start"
    );
}
