//! The engine against the real backend on loopback, on the happy paths and
//! the ones a user meets every day: first run, live changes, agent writes,
//! a refused write, a refused token, an expired cursor, waking from sleep,
//! older history.

mod support;

use std::time::Duration;

use support::proxy::FaultProxy;
use support::{assert_converged, seed_conversations, test_config, wait_for, Backend, Client};
use switchboard_protocol::{AssistantState, Author, ConversationStatus};
use switchboard_store::{OutboxAction, OutboxState, PendingNotifications};
use switchboard_sync::{fetch_me, SyncChange, SyncError, SyncStatus};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_bootstraps_with_progress_then_follows_live_changes() {
    let backend = Backend::start().await;
    let ids = seed_conversations(&backend, 60);
    let mut client = Client::new();
    client.start(test_config(&backend.url(), &backend.token));
    assert_converged(&client, &backend).await;

    let progress: Vec<_> = client
        .statuses()
        .into_iter()
        .filter_map(|s| match s {
            SyncStatus::Bootstrapping {
                pages_done, total, ..
            } => Some((pages_done, total)),
            _ => None,
        })
        .collect();
    assert!(
        progress.len() >= 3,
        "60 conversations in pages of 25 must report progress page by page, got {progress:?}"
    );
    assert_eq!(
        progress.last().and_then(|p| p.1),
        Some(60),
        "the progress bar must know the total once the first page arrived"
    );
    wait_for("status live", || {
        client.handle().status() == SyncStatus::Live
    })
    .await;

    // Live: a customer writes, another conversation is transferred.
    client.take_changes();
    let message = backend
        .control()
        .customer_message(ids[3], "is anyone there?")
        .expect("customer message");
    backend
        .control()
        .transfer(ids[7], "asked for a human")
        .expect("transfer");
    assert_converged(&client, &backend).await;
    let changes = client.take_changes();
    assert!(
        changes.iter().any(|c| matches!(c,
            SyncChange::MessagesAdded { conversation_id, message_ids }
                if *conversation_id == ids[3] && message_ids.contains(&message.id))),
        "the shell must be told about the new message, got {changes:?}"
    );
    assert!(
        changes.iter().any(|c| matches!(c,
            SyncChange::ConversationsChanged { ids: changed } if changed.contains(&ids[7]))),
        "the shell must be told the transferred conversation changed"
    );
    assert!(
        changes.contains(&SyncChange::TransfersDetected),
        "a live transfer must be announced for notification"
    );
    match client.store.pending_notifications(5).expect("ledger") {
        PendingNotifications::Individual(notices) => assert_eq!(
            notices
                .iter()
                .map(|n| n.key.conversation_id)
                .collect::<Vec<_>>(),
            vec![ids[7]],
            "exactly the live transfer must be offered for notification"
        ),
        other => panic!("one live transfer must be notified individually, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupted_bootstrap_resumes_from_the_stored_page_token() {
    let backend = Backend::start().await;
    seed_conversations(&backend, 120);
    // Slow the download down so that the test can stop it half way.
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut config = test_config(&proxy.url(), &backend.token);
    config.bootstrap_page_limit = 10;
    let mut client = Client::new();
    client.start(config.clone());
    wait_for("a few bootstrap pages stored", || {
        client
            .store
            .sync_position()
            .unwrap()
            .bootstrap
            .is_some_and(|b| b.pages_done >= 3)
    })
    .await;
    client.stop().await;
    let stored = client
        .store
        .sync_position()
        .unwrap()
        .bootstrap
        .expect("bootstrap under way");
    assert!(
        stored.next_page_token.is_some(),
        "an interrupted bootstrap must have stored where to resume"
    );

    client.take_changes();
    client.restart(config).await;
    assert_converged(&client, &backend).await;
    let first_progress = client.statuses().into_iter().find_map(|s| match s {
        SyncStatus::Bootstrapping { pages_done, .. } => Some(pages_done),
        _ => None,
    });
    assert!(
        first_progress.is_some_and(|p| p >= stored.pages_done),
        "the restarted bootstrap must resume at page {} rather than start over, got {first_progress:?}",
        stored.pages_done
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_writes_are_sent_once_and_confirmed_by_the_stream() {
    let backend = Backend::start().await;
    let ids = seed_conversations(&backend, 3);
    let mut client = Client::new();
    client.start(test_config(&backend.url(), &backend.token));
    assert_converged(&client, &backend).await;

    let reply = client
        .store
        .enqueue(
            ids[0],
            OutboxAction::Reply {
                text: "Hi, Ana here".into(),
            },
            "key-reply-1",
            support::now_ms(),
        )
        .expect("enqueue reply");
    let pause = client
        .store
        .enqueue(
            ids[1],
            OutboxAction::SetAssistant {
                state: AssistantState::Paused,
            },
            "key-pause-1",
            support::now_ms(),
        )
        .expect("enqueue pause");
    let close = client
        .store
        .enqueue(
            ids[2],
            OutboxAction::Close,
            "key-close-1",
            support::now_ms(),
        )
        .expect("enqueue close");
    client.handle().outbox_changed();

    for item in [&reply, &pause, &close] {
        wait_for("write sent", || {
            client
                .store
                .outbox_item(item.id)
                .unwrap()
                .is_none_or(|i| i.state == OutboxState::Sent)
        })
        .await;
    }
    assert_converged(&client, &backend).await;
    let detail = |id| client.store.conversation(id).unwrap().unwrap().conversation;
    assert_eq!(
        detail(ids[1]).assistant_state,
        AssistantState::Paused,
        "the pause must reach the server and come back"
    );
    assert_eq!(
        detail(ids[2]).status,
        ConversationStatus::Closed,
        "the close must reach the server and come back"
    );
    let agent_messages: Vec<_> = client
        .store
        .messages(ids[0], None, 100)
        .unwrap()
        .messages
        .into_iter()
        .filter(|m| m.author == Author::Agent)
        .collect();
    assert_eq!(agent_messages.len(), 1, "the reply must exist exactly once");
    assert_eq!(agent_messages[0].text, "Hi, Ana here");
    assert!(
        client
            .store
            .outbox_for_conversation(ids[0])
            .unwrap()
            .is_empty(),
        "once the stream confirmed the reply, it is no longer shown as pending"
    );
    let changes = client.take_changes();
    assert!(
        changes.iter().any(|c| matches!(c,
            SyncChange::OutboxChanged { item_id, state: OutboxState::Sent, .. } if *item_id == reply.id)),
        "the shell must be told the reply was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_write_fails_with_the_server_reason_and_other_conversations_go_on() {
    let backend = Backend::start().await;
    let ids = seed_conversations(&backend, 2);
    backend.control().close(ids[0]).expect("close");
    let mut client = Client::new();
    client.start(test_config(&backend.url(), &backend.token));
    assert_converged(&client, &backend).await;

    let refused = client
        .store
        .enqueue(
            ids[0],
            OutboxAction::Reply {
                text: "too late".into(),
            },
            "k-refused",
            support::now_ms(),
        )
        .unwrap();
    let behind_refused = client
        .store
        .enqueue(
            ids[0],
            OutboxAction::Reply {
                text: "still too late".into(),
            },
            "k-behind",
            support::now_ms(),
        )
        .unwrap();
    let other = client
        .store
        .enqueue(
            ids[1],
            OutboxAction::Reply {
                text: "hello".into(),
            },
            "k-other",
            support::now_ms(),
        )
        .unwrap();
    client.handle().outbox_changed();
    wait_for("refused write failed", || {
        client.store.outbox_item(refused.id).unwrap().unwrap().state == OutboxState::Failed
    })
    .await;
    wait_for("other conversation's write sent", || {
        client
            .store
            .outbox_item(other.id)
            .unwrap()
            .is_none_or(|i| i.state == OutboxState::Sent)
    })
    .await;
    let failed = client.store.outbox_item(refused.id).unwrap().unwrap();
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| e.contains("closed")),
        "the user must see the server's reason, got {:?}",
        failed.error
    );
    assert_eq!(
        failed.error_code.as_deref(),
        Some("invalid_transition"),
        "and the screen its code, to say it in the user's language"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        client
            .store
            .outbox_item(behind_refused.id)
            .unwrap()
            .unwrap()
            .state,
        OutboxState::Pending,
        "a write queued behind a failed one must wait for the user, not jump the queue"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_sync_as_signed_out_without_retrying() {
    let backend = Backend::start().await;
    seed_conversations(&backend, 2);
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut client = Client::new();
    client.start(test_config(&proxy.url(), "not-a-real-token"));
    wait_for("signed out", || {
        client.handle().status() == SyncStatus::SignedOut
    })
    .await;
    let requests = proxy.requests();
    client.handle().reconnect_now();
    client.handle().outbox_changed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        proxy.requests(),
        requests,
        "after a 401 the engine must send nothing more, even when asked to reconnect"
    );
    assert_eq!(
        client.handle().status(),
        SyncStatus::SignedOut,
        "signed out is final"
    );

    let me = fetch_me(&backend.url(), &backend.token)
        .await
        .expect("valid token");
    assert_eq!(
        me.name, "Ana",
        "fetch_me must say whom the token belongs to"
    );
    assert!(
        matches!(
            fetch_me(&backend.url(), "nope").await,
            Err(SyncError::SignedOut { .. })
        ),
        "the sign-in screen must be able to tell a refused token apart"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_cursor_rebuilds_the_cache_keeping_outbox_and_ledger() {
    let backend = Backend::start().await;
    let ids = seed_conversations(&backend, 5);
    let mut client = Client::new();
    let config = test_config(&backend.url(), &backend.token);
    client.start(config.clone());
    assert_converged(&client, &backend).await;
    backend.control().transfer(ids[0], "needs a human").unwrap();
    client.wait_caught_up(&backend).await;
    let notified = match client.store.pending_notifications(5).unwrap() {
        PendingNotifications::Individual(n) => n.into_iter().map(|n| n.key).collect::<Vec<_>>(),
        other => panic!("expected one live transfer, got {other:?}"),
    };
    client.store.mark_notified(&notified).unwrap();
    client.stop().await;

    // While the client is away, the server moves on and forgets its log.
    backend
        .control()
        .customer_message(ids[1], "anyone?")
        .unwrap();
    backend
        .control()
        .transfer(ids[2], "angry customer")
        .unwrap();
    let last = backend.last_seq();
    backend.control().compact_log_before(last).unwrap();
    let offline_reply = client
        .store
        .enqueue(
            ids[3],
            OutboxAction::Reply {
                text: "written offline".into(),
            },
            "k-offline",
            support::now_ms(),
        )
        .unwrap();

    client.start(config);
    assert_converged(&client, &backend).await;
    wait_for("offline reply delivered", || {
        client
            .store
            .outbox_item(offline_reply.id)
            .unwrap()
            .is_none_or(|i| i.state == OutboxState::Sent)
    })
    .await;
    assert_converged(&client, &backend).await;
    let offered: Vec<_> = match client.store.pending_notifications(5).unwrap() {
        PendingNotifications::Individual(n) => {
            n.into_iter().map(|n| n.key.conversation_id).collect()
        }
        PendingNotifications::Summary { keys, .. } => {
            keys.into_iter().map(|k| k.conversation_id).collect()
        }
        PendingNotifications::Nothing => vec![],
    };
    assert!(
        !offered.contains(&ids[0]),
        "a transfer notified before the re-bootstrap must not be offered again"
    );
    assert!(
        offered.contains(&ids[2]),
        "the transfer that happened while away must be offered, got {offered:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_now_skips_the_backoff_after_waking_from_sleep() {
    let mut backend = Backend::start().await;
    seed_conversations(&backend, 2);
    let mut client = Client::new();
    let mut config = test_config(&backend.url(), &backend.token);
    // A backoff far longer than the test's patience: only reconnect_now can
    // bring the engine back in time.
    config.min_backoff = Duration::from_secs(120);
    config.max_backoff = Duration::from_secs(120);
    client.start(config);
    assert_converged(&client, &backend).await;

    backend.stop().await;
    client.wait_offline().await;
    backend.restart().await;
    backend
        .control()
        .customer_message(1, "back online")
        .unwrap();
    client.handle().reconnect_now();
    // Converging (and going live) within the test's patience, far shorter
    // than the 120 s backoff, proves that reconnect_now cut the wait.
    assert_converged(&client, &backend).await;
    wait_for("live again long before the backoff ends", || {
        client.handle().status() == SyncStatus::Live
    })
    .await;
}

/// A conversation of 11 messages on a backend whose bootstrap carries only
/// the newest 4, and a client that has applied that bootstrap.
async fn long_conversation_cached_in_part() -> (Backend, Client, i64) {
    let backend = Backend::start_with(|c| c.recent_messages_per_conversation = 4).await;
    let id = seed_conversations(&backend, 1)[0];
    for i in 0..10 {
        backend
            .control()
            .customer_message(id, &format!("message {i}"))
            .unwrap();
    }
    let mut client = Client::new();
    client.start(test_config(&backend.url(), &backend.token));
    client.wait_caught_up(&backend).await;
    assert_eq!(
        client.store.messages(id, None, 100).unwrap().messages.len(),
        4,
        "the bootstrap carries only the newest messages"
    );
    (backend, client, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_history_comes_from_the_server_and_is_stored() {
    let (_backend, client, id) = long_conversation_cached_in_part().await;
    let cached = client.store.messages(id, None, 100).unwrap().messages;
    let oldest = cached[0].id;

    let page = client
        .handle()
        .older_messages(id, oldest, 5)
        .await
        .expect("older messages");
    assert_eq!(
        page.messages.len(),
        5,
        "the server holds what the cache never did: a full page of the size asked for"
    );
    assert!(page.has_more, "the server said older messages remain");
    assert!(
        page.messages.windows(2).all(|w| w[0].id < w[1].id)
            && page.messages.last().unwrap().id < oldest,
        "older history comes oldest first, all before the given message"
    );
    let cached = client.store.messages(id, None, 100).unwrap().messages;
    assert_eq!(
        cached.len(),
        9,
        "the fetched history must be stored in the cache"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_history_comes_from_the_cache_when_the_server_is_down() {
    let (mut backend, client, id) = long_conversation_cached_in_part().await;
    let cached = client.store.messages(id, None, 100).unwrap().messages;
    let newest = cached.last().unwrap().id;
    backend.stop().await;

    let page = client
        .handle()
        .older_messages(id, newest, 5)
        .await
        .expect("an unreachable server is no error: the cache answers");
    assert_eq!(
        page.messages,
        cached[..3],
        "the page is what the cache holds before the message (the server would have sent 5)"
    );
    assert!(
        page.has_more && page.older_not_downloaded,
        "the server holds older messages the cache never did: not the start of the conversation"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_history_is_reachable_page_by_page_and_ends_at_its_start() {
    let (backend, client, id) = long_conversation_cached_in_part().await;
    let on_server = backend
        .control()
        .conversation(id)
        .unwrap()
        .unwrap()
        .message_count
        .expect("the reference backend counts messages");
    let first = client.store.messages(id, None, 100).unwrap();
    assert!(
        first.older_not_downloaded,
        "a bootstrap of the newest 4 is not the start of a {on_server}-message history"
    );

    let mut seen: Vec<i64> = first.messages.iter().map(|m| m.id).collect();
    while let Some(&oldest) = seen.first() {
        let page = client
            .handle()
            .older_messages(id, oldest, 3)
            .await
            .expect("older messages");
        seen.splice(0..0, page.messages.iter().map(|m| m.id));
        if !page.has_more {
            assert!(!page.older_not_downloaded);
            break;
        }
        assert!(
            !page.messages.is_empty(),
            "a page with more must make progress"
        );
    }
    assert_eq!(
        seen.len() as i64,
        on_server,
        "every message of the conversation, and the start only after the first"
    );
    let cached = client.store.messages(id, None, 500).unwrap();
    assert!(
        !cached.has_more,
        "once downloaded, the start is known offline too"
    );
}
