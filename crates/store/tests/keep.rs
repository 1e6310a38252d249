//! Keeping history for a period: the cache pruned to the cut-off, in
//! bounded batches, with its search index and the truth the screen shows.

mod common;

use common::*;
use switchboard_protocol::{Author, ConversationStatus, Message};
use switchboard_store::{HistoryDownload, HistoryProgress, OutboxAction, Store};

const CUTOFF: i64 = T0 + 50_000;

fn at(id: i64, conversation_id: i64, text: &str, second: i64) -> Message {
    let mut m = message(id, conversation_id, Author::Customer, text, second);
    m.created_at = T0 + second * 1000;
    m
}

/// 1: closed, every message old. 2: open, 6 old and 4 recent messages.
/// 3: closed and old, with a write in the outbox. 4: transferred and old.
fn cache_with_old_and_recent_history(store: &Store) {
    let mut messages: Vec<Message> = (1..=3).map(|id| at(id, 1, "apple pie", id)).collect();
    messages.extend((4..=9).map(|id| at(id, 2, "banana split", id)));
    messages.extend((60..=63).map(|id| at(id, 2, "cherry tart", id)));
    messages.push(at(10, 3, "damson jam", 10));
    messages.push(at(11, 4, "elderflower", 11));
    let mut recent = conversation(2, 2, ConversationStatus::Open, 63);
    recent.message_count = Some(10);
    store
        .apply_bootstrap_page(&last_page(
            100,
            (1..=4)
                .map(|id| contact(id, &format!("Person {id}"), 1))
                .collect(),
            vec![
                conversation(1, 1, ConversationStatus::Closed, 3),
                recent,
                conversation(3, 3, ConversationStatus::Closed, 10),
                conversation(4, 4, ConversationStatus::Transferred, 11),
            ],
            messages,
        ))
        .unwrap();
}

fn found(store: &Store, query: &str) -> Vec<i64> {
    store
        .search(query, 10)
        .unwrap()
        .into_iter()
        .map(|hit| hit.row.id)
        .collect()
}

#[test]
fn pruning_deletes_what_is_older_than_the_cutoff_in_bounded_batches() {
    let (_dir, store) = new_store();
    cache_with_old_and_recent_history(&store);
    store
        .enqueue(3, OutboxAction::Close, "close-3", T0)
        .unwrap();
    assert_eq!(found(&store, "banana"), vec![2], "indexed before the prune");

    assert!(
        !store.set_keep_since(Some(CUTOFF)).unwrap(),
        "keeping less than all is no reason to download more"
    );
    let first = store.prune_history(4).unwrap();
    assert_eq!(
        (first.messages, first.more),
        (4, true),
        "one call deletes at most its limit, and says more is to do"
    );
    let mut calls = 1;
    while store.prune_history(4).unwrap().more {
        calls += 1;
        assert!(calls < 10, "pruning ends");
    }
    assert_eq!(
        store.prune_history(4).unwrap(),
        Default::default(),
        "nothing is left to prune"
    );

    assert!(
        store.conversation(1).unwrap().is_none(),
        "a conversation whose whole activity is older than the cut-off is gone"
    );
    assert!(
        store.conversation(3).unwrap().is_some(),
        "a conversation with a write in the outbox stays"
    );
    assert_eq!(
        store.outbox_for_conversation(3).unwrap().len(),
        1,
        "the outbox is durable state: never pruned"
    );
    assert!(
        store.conversation(4).unwrap().is_some(),
        "a transferred conversation may hold a customer waiting for a human: it stays"
    );
    assert_eq!(store.filter_counts().unwrap().all, 3, "the counts follow");

    assert!(
        found(&store, "apple").is_empty(),
        "a pruned conversation is not found by its messages"
    );
    assert!(
        found(&store, "banana").is_empty(),
        "pruned messages leave the search index"
    );
    assert_eq!(
        found(&store, "cherry"),
        vec![2],
        "kept messages are still found"
    );

    let page = store.messages(2, None, 50).unwrap();
    assert_eq!(
        page.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![60, 61, 62, 63],
        "the recent messages are kept"
    );
    assert!(
        page.older_not_kept && !page.has_more && !page.older_not_downloaded,
        "the screen says older messages are not kept, neither the start nor a download: {page:?}"
    );
    assert_eq!(
        store.history_progress().unwrap(),
        HistoryProgress {
            cached: 4,
            total: Some(4),
            done: true
        },
        "progress counts only what is to be kept"
    );
    assert!(
        store.missing_history(2).unwrap().is_none(),
        "nothing the setting keeps is missing"
    );
}

#[test]
fn history_wanted_again_after_a_prune_links_below_the_messages_kept() {
    let (_dir, store) = new_store();
    cache_with_old_and_recent_history(&store);
    store.set_keep_since(Some(CUTOFF)).unwrap();
    while store.prune_history(100).unwrap().more {}

    assert!(
        store.set_keep_since(None).unwrap(),
        "keeping all again wants older history back"
    );
    let page = store.messages(2, None, 50).unwrap();
    assert!(
        page.older_not_downloaded && page.has_more && !page.older_not_kept,
        "with all history kept, what was pruned is to download again: {page:?}"
    );
    assert_eq!(
        store.missing_history(2).unwrap().map(|m| m.before),
        Some(Some(60)),
        "missing below the oldest message kept"
    );
    let older: Vec<Message> = (4..=9)
        .rev()
        .map(|id| at(id, 2, "banana split", id))
        .collect();
    store.store_older_messages(2, &older, true).unwrap();
    let page = store.messages(2, None, 50).unwrap();
    assert_eq!(
        page.messages.len(),
        10,
        "messages downloaded again are linked below the oldest one kept, not lost behind a pruned link"
    );
    assert!(
        !page.has_more && !page.older_not_kept,
        "the whole history again"
    );
    assert_eq!(found(&store, "banana"), vec![2], "and searchable again");
}

#[test]
fn downloads_stop_at_the_cutoff_and_resume_when_more_is_kept() {
    let (_dir, store) = new_store();
    let mut recent = conversation(2, 2, ConversationStatus::Open, 63);
    recent.message_count = Some(10);
    store
        .apply_bootstrap_page(&last_page(
            100,
            vec![contact(2, "Bia", 1)],
            vec![recent],
            vec![at(63, 2, "cherry tart", 63)],
        ))
        .unwrap();
    store.set_keep_since(Some(CUTOFF)).unwrap();
    assert_eq!(
        store
            .conversations_missing_history(T0, T0 + 100_000, 10)
            .unwrap(),
        vec![2],
        "a conversation active in the period is missing history"
    );

    // Newest first, as the server pages: 62..60 are kept, 9 and 8 are older.
    let page: Vec<Message> = [62, 61, 60, 9, 8]
        .into_iter()
        .map(|id| at(id, 2, "fig", id))
        .collect();
    store.store_history_page(&page, true).unwrap();
    assert_eq!(
        store.history_download().unwrap(),
        HistoryDownload {
            before: Some(8),
            done: true
        },
        "a page that reaches the cut-off ends the download"
    );
    let held = store.messages(2, None, 50).unwrap();
    assert_eq!(
        held.messages.len(),
        4,
        "messages older than the cut-off are not stored"
    );
    assert!(held.older_not_kept, "and the screen says so: {held:?}");
    assert!(
        store
            .conversations_missing_history(T0, T0 + 100_000, 10)
            .unwrap()
            .is_empty(),
        "nothing the setting keeps is missing"
    );

    assert!(
        store.set_keep_since(Some(T0)).unwrap(),
        "a year instead of 90 days"
    );
    assert!(
        !store.history_download().unwrap().done,
        "keeping more resumes the download where it stopped"
    );
}
