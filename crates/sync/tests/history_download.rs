//! The background download of the whole history, against the real
//! reference backend on loopback.

mod support;

use support::{seed_conversations, test_config, wait_for, Backend, Client};
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
