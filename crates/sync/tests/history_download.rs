//! The background download of the whole history, against the real
//! reference backend on loopback.

mod support;

use support::{now_ms, seed_conversations, test_config, wait_for, Backend, Client};
use switchboard_sync::SyncChange;

/// 12 conversations of 15 messages on a backend whose bootstrap carries
/// only the newest 3 of each.
async fn backend_with_long_histories() -> (Backend, Vec<i64>) {
    let backend = Backend::start_with(|c| c.recent_messages_per_conversation = 3).await;
    let ids = seed_conversations(&backend, 12);
    for &id in &ids {
        for i in 0..15 {
            backend
                .control()
                .customer_message(id, &format!("older line {i}"))
                .unwrap();
        }
    }
    (backend, ids)
}

fn server_total(backend: &Backend, ids: &[i64]) -> i64 {
    ids.iter()
        .map(|&id| {
            backend
                .control()
                .conversation(id)
                .unwrap()
                .unwrap()
                .message_count
                .unwrap()
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_live_the_whole_history_downloads_in_pages_and_says_how_far_it_is() {
    let (backend, ids) = backend_with_long_histories().await;
    let total = server_total(&backend, &ids);
    let mut config = test_config(&backend.url(), &backend.token);
    config.download_history = true;
    config.history_page_limit = 20;
    let mut client = Client::new();
    client.start(config);

    wait_for("the whole history is cached", || {
        client.store.history_progress().unwrap().done
    })
    .await;
    let progress = client.store.history_progress().unwrap();
    assert_eq!(
        (progress.cached, progress.total),
        (total, Some(total)),
        "every message of every conversation, once"
    );
    for &id in &ids {
        assert!(
            !client.store.messages(id, None, 500).unwrap().has_more,
            "conversation {id}: the start is known, offline too"
        );
    }
    wait_for("the page is told it is done", || {
        client.take_changes().iter().any(
            |change| matches!(change, SyncChange::HistoryProgress { progress } if progress.done),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_resumes_the_history_download_where_it_stopped() {
    let (backend, ids) = backend_with_long_histories().await;
    let total = server_total(&backend, &ids);
    let mut config = test_config(&backend.url(), &backend.token);
    config.download_history = true;
    config.history_page_limit = 7;
    let mut client = Client::new();
    client.start(config.clone());
    wait_for("some pages stored", || {
        client.store.history_download().unwrap().before.is_some()
    })
    .await;
    client.stop().await;
    let stopped_at = client.store.history_download().unwrap();
    assert!(!stopped_at.done || client.store.history_progress().unwrap().done);

    client.restart(config).await;
    wait_for("the rest of the history is cached", || {
        client.store.history_progress().unwrap().done
    })
    .await;
    assert_eq!(
        client.store.history_progress().unwrap().cached,
        total,
        "nothing missed and nothing twice across the restart"
    );
}

/// What the cache holds after the bulk download stopped anywhere: every
/// message from the stored cursor up, none of the older ones it fetched
/// ahead but had not stored.
fn assert_stored_in_order(client: &Client, older: &[(i64, i64)], recent_per_conversation: usize) {
    let before = client.store.history_download().unwrap().before;
    for &(conversation_id, id) in older {
        let cached: Vec<i64> = client
            .store
            .messages(conversation_id, None, 500)
            .unwrap()
            .messages
            .iter()
            .map(|m| m.id)
            .collect();
        // The bootstrap carried each conversation's newest few (of any
        // author): those may be cached whatever the cursor.
        let maybe_from_bootstrap = older
            .iter()
            .filter(|&&(c, other)| c == conversation_id && other > id)
            .count()
            < recent_per_conversation;
        if maybe_from_bootstrap {
            continue;
        }
        let stored_by_now = before.is_none_or(|before| id >= before);
        assert_eq!(
            cached.contains(&id),
            stored_by_now,
            "message {id} of conversation {conversation_id} with the cursor at {before:?}: \
             pages are stored in order, each with its cursor, whatever was fetched ahead"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fetched_ahead_are_stored_in_order_and_a_restart_fetches_again_what_was_not_stored() {
    let backend = Backend::start_with(|c| c.recent_messages_per_conversation = 3).await;
    let ids = seed_conversations(&backend, 12);
    let mut older = Vec::new();
    for i in 0..15 {
        for &id in &ids {
            let message = backend
                .control()
                .customer_message(id, &format!("older line {i}"))
                .unwrap();
            older.push((id, message.id));
        }
    }
    let total = server_total(&backend, &ids);
    let mut config = test_config(&backend.url(), &backend.token);
    config.download_history = true;
    config.history_page_limit = 5;
    let mut client = Client::new();
    client.start(config.clone());
    for stop in 1..=2 {
        wait_for("some pages stored", || {
            client.store.history_download().unwrap().before.is_some()
        })
        .await;
        client.stop().await;
        assert_stored_in_order(&client, &older, 3);
        if stop == 1 {
            client.restart(config.clone()).await;
        }
    }
    client.restart(config).await;
    wait_for("the rest of the history is cached", || {
        client.store.history_progress().unwrap().done
    })
    .await;
    assert_stored_in_order(&client, &older, 3);
    assert_eq!(
        client.store.history_progress().unwrap().cached,
        total,
        "nothing missed and nothing twice across two restarts"
    );
}

/// 6 conversations, each with 10 messages before the returned cut-off and
/// 5 after, on a backend whose bootstrap carries the newest 3 of each.
/// Also returns the id of the first old message.
async fn backend_with_old_and_recent_history() -> (Backend, Vec<i64>, i64, i64) {
    let backend = Backend::start_with(|c| c.recent_messages_per_conversation = 3).await;
    let ids = seed_conversations(&backend, 6);
    let mut first_old = None;
    for &id in &ids {
        for i in 0..10 {
            let m = backend
                .control()
                .customer_message(id, &format!("old line {i}"))
                .unwrap();
            first_old.get_or_insert(m.id);
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let cutoff = now_ms();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    for &id in &ids {
        for i in 0..5 {
            backend
                .control()
                .customer_message(id, &format!("new line {i}"))
                .unwrap();
        }
    }
    (backend, ids, cutoff, first_old.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_download_stops_at_the_cutoff_of_history_kept() {
    let (backend, ids, cutoff, first_old) = backend_with_old_and_recent_history().await;
    let mut config = test_config(&backend.url(), &backend.token);
    config.download_history = true;
    config.history_page_limit = 7;
    let mut client = Client::new();
    client.store.set_keep_since(Some(cutoff)).unwrap();
    client.start(config);

    wait_for("all the history kept is cached", || {
        client.store.history_progress().unwrap().done
    })
    .await;
    let progress = client.store.history_progress().unwrap();
    assert_eq!(
        progress.total,
        Some(progress.cached),
        "progress counts only what is kept"
    );
    for &id in &ids {
        let page = client.store.messages(id, None, 500).unwrap();
        let lines = |prefix: &str| {
            page.messages
                .iter()
                .filter(|m| m.text.starts_with(prefix))
                .count()
        };
        assert_eq!(
            (lines("new line"), lines("old line")),
            (5, 0),
            "conversation {id}: the recent lines are kept, the old ones are not"
        );
        assert!(
            page.messages.iter().all(|m| m.created_at >= cutoff),
            "conversation {id}: nothing older than the cut-off is stored"
        );
        assert!(
            page.older_not_kept && !page.has_more,
            "conversation {id}: the screen says older messages are not kept: {page:?}"
        );
    }
    assert!(
        client.store.history_download().unwrap().before.unwrap() > first_old + 7,
        "the download stopped at the cut-off instead of paging down to the oldest message"
    );
}

/// Whether the cache holds the whole history (as far as it is kept).
fn complete(client: &Client, id: i64) -> bool {
    client.store.missing_history(id).unwrap().is_none()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_open_conversation_and_a_review_period_jump_the_history_queue() {
    let backend = Backend::start_with(|c| c.recent_messages_per_conversation = 3).await;
    let ids = seed_conversations(&backend, 12);
    // Each conversation's history written in turn: the first ones are the
    // oldest, which the bulk download (newest first) would reach last.
    let mut period = (0, 0);
    for (n, &id) in ids.iter().enumerate() {
        if n == 1 {
            period.0 = now_ms();
        }
        for i in 0..15 {
            backend
                .control()
                .customer_message(id, &format!("older line {i}"))
                .unwrap();
        }
        if n == 2 {
            period.1 = now_ms();
        }
    }
    let mut config = test_config(&backend.url(), &backend.token);
    config.download_history = true;
    config.history_page_limit = 2;
    let mut client = Client::new();
    client.start(config);
    client.handle().prioritise_period(period.0, period.1);
    client.handle().prioritise_conversation(ids[0]);

    // Watched closely: the order in which conversations become complete.
    let mut order = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while order.len() < ids.len() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out; completed so far: {order:?}"
        );
        for &id in &ids {
            if !order.contains(&id) && complete(&client, id) {
                order.push(id);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    assert_eq!(
        order[0], ids[0],
        "the open conversation is complete first, though the bulk download would reach it last: {order:?}"
    );
    let mut reviewed = order[1..3].to_vec();
    reviewed.sort();
    assert_eq!(
        reviewed,
        vec![ids[1], ids[2]],
        "then the conversations active in the review period, before the rest: {order:?}"
    );
}
