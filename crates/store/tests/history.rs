//! The background download of the whole history: pages stored with their
//! cursor, resumable, and the progress a person sees.

mod common;

use common::*;
use switchboard_protocol::{Author, ConversationStatus, Message};
use switchboard_store::{HistoryDownload, HistoryProgress, Store};

/// Two conversations of 30 messages each (ids 1..=60 interleaved), of
/// which the bootstrap brought the newest 5 of each.
fn cache_with_recent_history(store: &Store) -> Vec<Message> {
    let all: Vec<Message> = (1..=60)
        .map(|id| message(id, 1 + id % 2, Author::Customer, &format!("m{id}"), 1))
        .collect();
    let conversations = [1, 2].map(|id| {
        let mut c = conversation(id, id, ConversationStatus::Open, 10);
        c.message_count = Some(30);
        c
    });
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Ana", 1), contact(2, "Bia", 1)],
            conversations.to_vec(),
            all[50..].to_vec(),
        ))
        .unwrap();
    all
}

#[test]
fn pages_of_the_whole_history_move_a_durable_cursor_and_complete_every_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let all = {
        let store = Store::open(&path).unwrap();
        let all = cache_with_recent_history(&store);
        assert_eq!(
            store.history_download().unwrap(),
            HistoryDownload {
                before: None,
                done: false
            },
            "not started after a bootstrap"
        );
        assert_eq!(
            store.history_progress().unwrap(),
            HistoryProgress {
                cached: 10,
                total: Some(60),
                done: false
            },
            "10 of 60 messages: the progress a person sees"
        );
        // Newest first, as the server pages: 59..=40, then stop (a restart).
        let page: Vec<Message> = all[39..59].iter().rev().cloned().collect();
        store.store_history_page(&page, true).unwrap();
        all
    };

    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.history_download().unwrap(),
        HistoryDownload {
            before: Some(40),
            done: false
        },
        "a restart resumes below the last page stored"
    );
    let page: Vec<Message> = all[..39].iter().rev().cloned().collect();
    store.store_history_page(&page, false).unwrap();
    assert_eq!(
        store.history_progress().unwrap(),
        HistoryProgress {
            cached: 60,
            total: Some(60),
            done: true
        },
        "every message is cached once, the repeated ones too"
    );
    assert!(store.history_download().unwrap().done);
    for id in [1, 2] {
        let history = store.messages(id, None, 100).unwrap();
        assert_eq!(history.messages.len(), 30);
        assert!(
            !history.has_more,
            "conversation {id} is whole: this is its start"
        );
    }
}

#[test]
fn an_empty_cache_before_its_first_bootstrap_is_not_a_whole_history() {
    let (_dir, store) = new_store();
    assert!(
        !store.history_progress().unwrap().done,
        "nothing is known yet, so nothing can be claimed complete"
    );
    bootstrap_empty(&store, 1);
    assert!(
        store.history_progress().unwrap().done,
        "a server with no conversations has no history to download"
    );
}

#[test]
fn a_rebootstrap_starts_the_history_download_over() {
    let (_dir, store) = new_store();
    let all = cache_with_recent_history(&store);
    store.store_history_page(&all[..50], false).unwrap();
    store.reset_cache_for_rebootstrap().unwrap();
    assert_eq!(
        store.history_download().unwrap(),
        HistoryDownload {
            before: None,
            done: false
        },
        "a new snapshot needs its history again"
    );
}

#[test]
fn a_history_page_newest_first_is_searchable_and_indexed_in_one_piece() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let store = Store::open(&path).unwrap();
    let all = cache_with_recent_history(&store);
    let page: Vec<Message> = all[..50].iter().rev().cloned().collect();
    store.store_history_page(&page, false).unwrap();

    let hits = store.search("m17", 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.row.id).collect::<Vec<_>>(),
        vec![2],
        "a message of the downloaded history is found by its text"
    );
    // FTS5 starts a new segment of its index whenever a rowid is not above
    // the last one written: a page indexed newest first, as the server
    // sends it, was one segment per message to merge, which made most of
    // the time to download the whole history.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let segments: i64 = conn
        .query_row(
            "SELECT count(DISTINCT segid) FROM message_fts_idx",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        segments <= 2,
        "the bootstrap's page and the history page are one index segment each, \
         not one per message ({segments} segments)"
    );
}

#[test]
fn the_first_question_is_the_one_older_history_brings_once_the_start_is_cached() {
    let (_dir, store) = new_store();
    let mut conv = conversation(1, 1, ConversationStatus::Open, 10);
    conv.message_count = Some(3);
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Eva", 1)],
            vec![conv],
            vec![
                message(2, 1, Author::Assistant, "Sorry, I don't know.", 2),
                message(3, 1, Author::Customer, "And on holidays?", 3),
            ],
        ))
        .unwrap();
    let first_question = |store: &Store| {
        store.contact_detail(1).unwrap().unwrap().conversations[0]
            .first_question
            .clone()
    };
    assert_eq!(
        first_question(&store),
        None,
        "the cache lacks the start: no question is passed off as the first"
    );

    let oldest = message(1, 1, Author::Customer, "Do you open on Sundays?", 1);
    store.store_older_messages(1, &[oldest], true).unwrap();
    assert_eq!(
        first_question(&store).as_deref(),
        Some("Do you open on Sundays?"),
        "the start downloaded: its question is the first, not the one the bootstrap brought"
    );
}
