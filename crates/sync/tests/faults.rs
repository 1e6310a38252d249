//! The engine under faults, against the real backend: the backend killed
//! and restarted (same database, same port) during a bootstrap and during
//! the live stream; a proxy that drops, stalls and truncates connections;
//! a stream that repeats and reorders events; malformed and unknown events.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use support::proxy::FaultProxy;
use support::testbed::Testbed;
use support::{test_config, wait_for, Backend, Client};
use switchboard_backend::{BulkSeed, NewContact};
use switchboard_protocol::{AssistantState, Event, Seq};
use switchboard_store::{OutboxAction, OutboxState};
use switchboard_sync::{SyncChange, SyncProblem, SyncStatus};

/// A catch-up page claiming nothing happened after `cursor`, so that
/// everything arrives through the scripted stream that follows it.
fn nothing_to_catch_up(cursor: Seq) -> String {
    format!(r#"{{"events":[],"last_seq":{cursor}}}"#)
}

fn sse(event: &Event) -> String {
    format!(
        "id: {}\nevent: {}\ndata: {}\n\n",
        event.seq,
        event.change.type_name(),
        serde_json::to_string(event).unwrap()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backend_killed_mid_bootstrap_resumes_after_restart() {
    let mut bed = Testbed::with_history(0, 0).await;
    bed.backend
        .control()
        .seed_bulk(&BulkSeed::new(300, 4))
        .expect("seed");
    bed.config.bootstrap_page_limit = 10;
    bed.start_client();
    wait_for("a few bootstrap pages stored", || {
        bed.client
            .store
            .sync_position()
            .unwrap()
            .bootstrap
            .is_some_and(|b| b.pages_done >= 3)
    })
    .await;
    // Freeze the client where it is, kill the backend under it, let go.
    bed.proxy.set_stalled(true);
    let pages_before = bed
        .client
        .store
        .sync_position()
        .unwrap()
        .bootstrap
        .unwrap()
        .pages_done;
    bed.backend.stop().await;
    bed.proxy.drop_all();
    bed.proxy.set_stalled(false);
    bed.client.wait_offline().await;
    let position = bed.client.store.sync_position().unwrap();
    assert!(
        position.applied_seq.is_none()
            && position
                .bootstrap
                .as_ref()
                .is_some_and(|b| b.pages_done >= pages_before),
        "a failed bootstrap keeps the pages it stored: {position:?}"
    );
    bed.client.take_changes();
    bed.backend.restart().await;
    bed.assert_converged().await;
    let resumed_at = bed.client.statuses().into_iter().find_map(|s| match s {
        SyncStatus::Bootstrapping { pages_done, .. } => Some(pages_done),
        _ => None,
    });
    assert!(
        resumed_at.is_some_and(|p| p >= pages_before),
        "after the restart the bootstrap must resume at page {pages_before}, not start over: {resumed_at:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backend_killed_mid_stream_is_caught_up_after_restart() {
    let mut bed = Testbed::with_history(7, 40).await.direct();
    bed.start_synced().await;
    for round in 0..3 {
        bed.traffic(20);
        bed.backend.stop().await;
        bed.client.wait_offline().await;
        bed.backend.restart().await;
        // Changes the client has not seen, made before it reconnects.
        bed.traffic(20);
        bed.assert_converged().await;
        bed.client.wait_live().await;
        tracing::info!(round, "restart survived");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connections_reconnect_from_the_stored_cursor() {
    let mut bed = Testbed::with_history(11, 30).await;
    bed.start_synced().await;
    for _ in 0..15 {
        bed.traffic(5);
        let before = bed.proxy.connections();
        bed.proxy.drop_all();
        bed.traffic(5);
        // Every drop kills pooled connections too: a new one means a reconnect.
        wait_for("reconnected after the drop", || {
            bed.proxy.connections() > before
        })
        .await;
    }
    bed.assert_converged().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_stream_is_abandoned_after_the_silence_timeout() {
    let mut bed = Testbed::with_history(13, 10).await;
    bed.start_synced().await;
    // Heartbeats every 100 ms keep a healthy stream alive well past the
    // 800 ms silence timeout.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        bed.client.handle().status(),
        SyncStatus::Live,
        "heartbeat comments alone must keep a quiet stream alive"
    );
    bed.proxy.set_stalled(true);
    bed.traffic(10);
    wait_for("the engine noticed the silence", || {
        bed.client.handle().status() != SyncStatus::Live
    })
    .await;
    bed.proxy.set_stalled(false);
    bed.assert_converged().await;
    bed.client.wait_live().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_responses_are_retried_until_the_cache_is_whole() {
    let mut bed = Testbed::with_history(17, 150).await;
    // Every connection is cut after a random number of response bytes:
    // bootstrap pages, catch-up pages and SSE events end mid-way.
    bed.proxy.chaos(5, Some(300..20_000));
    bed.config.bootstrap_page_limit = 5;
    bed.start_client();
    for _ in 0..20 {
        bed.traffic(5);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    wait_for("bootstrap finished through the cuts", || {
        bed.client.applied_seq().is_some()
    })
    .await;
    let cuts = bed.proxy.connections();
    bed.proxy.chaos(0, None);
    bed.assert_converged().await;
    assert!(
        cuts > 5,
        "the proxy must actually have cut connections ({cuts})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_and_reordered_events_are_applied_once_in_order() {
    let mut bed = Testbed::with_history(19, 20).await;
    bed.start_synced().await;
    let (cursor, events) = bed.stop_client_and_miss(30).await;
    assert!(events.len() >= 10, "the traffic must have produced events");
    // Deliver them out of order, several twice, and some from the past.
    let mut body = String::new();
    let order: Vec<usize> = (0..events.len())
        .flat_map(|i| match i % 4 {
            0 => vec![i],
            1 => vec![i + 1, i], // swapped with the next
            2 => vec![],         // (sent by the swap above)
            _ => vec![i, i, 0],  // twice, then an old one
        })
        .filter(|&i| i < events.len())
        .collect();
    for i in order {
        body.push_str(&sse(&events[i]));
    }
    bed.proxy
        .script_next_json("/v1/sync/events", nothing_to_catch_up(cursor));
    bed.proxy.script_next_stream(body);
    bed.restart_client_on_scripts().await;

    let mut reported: BTreeMap<i64, usize> = BTreeMap::new();
    for change in bed.client.take_changes() {
        if let SyncChange::MessagesAdded { message_ids, .. } = change {
            for id in message_ids {
                *reported.entry(id).or_default() += 1;
            }
        }
    }
    let new_messages: Vec<i64> = events
        .iter()
        .filter_map(|e| match &e.change {
            switchboard_protocol::Change::MessageCreated { message, .. } => Some(message.id),
            _ => None,
        })
        .collect();
    for id in new_messages {
        assert_eq!(
            reported.get(&id).copied(),
            Some(1),
            "message {id} must be reported to the shell exactly once despite duplicates"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_unknown_events_resync_through_catch_up() {
    let mut bed = Testbed::with_history(23, 20).await;
    bed.start_synced().await;
    let (cursor, events) = bed.stop_client_and_miss(20).await;

    let mut body = String::new();
    // A known type without its payload, text that is not JSON, an id that
    // disagrees with the payload, and a type from a newer server.
    body.push_str(&format!(
        "id: {s}\nevent: message_created\ndata: {{\"seq\":{s},\"id\":\"x\",\"occurred_at\":0,\"type\":\"message_created\"}}\n\n",
        s = cursor + 1
    ));
    body.push_str(&format!("id: {}\ndata: {{not json at all\n\n", cursor + 1));
    body.push_str(&format!(
        "id: {}\ndata: {}\n\n",
        cursor + 5,
        serde_json::to_string(&events[0]).unwrap()
    ));
    body.push_str(&format!(
        "id: {s}\nevent: weather_changed\ndata: {{\"seq\":{s},\"id\":\"y\",\"occurred_at\":0,\"type\":\"weather_changed\"}}\n\n",
        s = cursor + 2
    ));
    for event in &events[1..] {
        body.push_str(&sse(event));
    }
    bed.proxy
        .script_next_json("/v1/sync/events", nothing_to_catch_up(cursor));
    bed.proxy.script_next_stream(body);
    bed.restart_client_on_scripts().await;
    assert!(
        bed.client.statuses().contains(&SyncStatus::CatchingUp),
        "bad events must be repaired through catch-up"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_event_in_catch_up_stops_with_a_visible_error_not_a_wrong_cache() {
    let mut bed = Testbed::with_history(29, 10).await;
    bed.start_synced().await;
    let (cursor, _) = bed.stop_client_and_miss(10).await;

    // The log itself claims an event this client cannot understand.
    bed.proxy.script_next_json(
        "/v1/sync/events",
        format!(
            r#"{{"events":[{{"seq":{s},"id":"z","occurred_at":0,"type":"weather_changed"}}],"last_seq":{s}}}"#,
            s = cursor + 1
        ),
    );
    bed.restart_client_on_scripts().await;
    let error = bed.client.statuses().into_iter().find_map(|s| match s {
        SyncStatus::Error { reason, .. } => Some(reason),
        _ => None,
    });
    assert!(
        error
            .as_deref()
            .is_some_and(|r| r.contains("weather_changed")),
        "an event the client cannot apply must be shown, with its type: {error:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_backend_is_retried_with_growing_pauses_not_a_storm() {
    let mut bed = Testbed::with_history(31, 5).await;
    bed.config.min_backoff = Duration::from_millis(50);
    bed.config.max_backoff = Duration::from_millis(400);
    bed.start_synced().await;

    bed.backend.stop().await;
    bed.client.wait_offline().await;
    let attempts_before = bed.proxy.connections();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let attempts = bed.proxy.connections() - attempts_before;
    // 50, 100, 200, 400, 400, … ms (with jitter) fit at most ~8 attempts in
    // 1.5 s; a retry loop without backoff would make hundreds.
    assert!(
        (1..=12).contains(&attempts),
        "an unreachable server must be retried, with pauses that grow: {attempts} attempts in 1.5 s"
    );
    let offline_since = match bed.client.handle().status() {
        SyncStatus::Offline { since, .. } => since,
        other => panic!("still offline expected, got {other:?}"),
    };
    let first_offline = bed.client.statuses().into_iter().find_map(|s| match s {
        SyncStatus::Offline { since, .. } => Some(since),
        _ => None,
    });
    assert_eq!(
        Some(offline_since),
        first_offline,
        "\"offline since\" must keep the time of the first failure across retries"
    );
    bed.backend.restart().await;
    bed.assert_converged().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_told_as_such_and_the_sync_resumes_once_there_is_room() {
    let mut bed = Testbed::with_history(0, 0).await;
    bed.backend
        .control()
        .seed_bulk(&BulkSeed::new(300, 4))
        .expect("seed");
    // No room to grow: SQLite caps the file at its present size.
    bed.client.store.limit_size_in_pages(1).unwrap();
    bed.start_client();
    wait_for("the full disk told as such", || {
        bed.client.statuses().iter().any(|s| {
            matches!(
                s,
                SyncStatus::Error {
                    problem: SyncProblem::DiskFull,
                    ..
                }
            )
        })
    })
    .await;
    // Space is freed: the engine's own retry finishes the sync.
    bed.client.store.limit_size_in_pages(1 << 30).unwrap();
    bed.assert_converged().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_garbled_bootstrap_page_is_shown_as_an_error_and_retried() {
    let mut bed = Testbed::with_history(37, 10).await;
    bed.proxy.script_next_json(
        "/v1/sync/bootstrap",
        r#"{"snapshot_seq": "not a number""#.into(),
    );
    bed.start_synced().await;
    assert!(
        bed.client
            .statuses()
            .iter()
            .any(|s| matches!(s, SyncStatus::Error { reason, problem: SyncProblem::BadServerAnswer } if reason.contains("bad response"))),
        "a page that does not decode must be visible as an error (told as the server's answer) before the retry succeeds"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_too_large_for_the_stream_arrives_through_catch_up() {
    let mut bed = Testbed::with_history(31, 10).await.direct();
    bed.config.max_event_bytes = 64 * 1024;
    bed.start_synced().await;
    bed.client.wait_live().await;

    // A customer pastes 100 KiB: more than this client takes as one event
    // on the stream (a stand-in for a stream that never ends its event).
    let control = bed.backend.control();
    let conversation = control
        .start_conversation(NewContact::named("Long Paste"), "web")
        .unwrap();
    let pasted = "a pasted log line\n".repeat(100 * 1024 / 18);
    control.customer_message(conversation.id, &pasted).unwrap();
    bed.traffic(5);

    // Converged: the long message is in the cache, whole, with everything
    // after it.
    bed.assert_converged().await;
    let refused = bed.client.statuses().into_iter().any(|status| {
        matches!(status, SyncStatus::Error { reason, .. } if reason.contains("over 65536 bytes"))
    });
    assert!(
        refused,
        "the oversized event must be refused on the stream, visibly: {:?}",
        bed.client.statuses()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_sends_error_headers_then_stalls_does_not_hang_sync() {
    let mut bed = Testbed::with_history(41, 10).await;
    bed.start_synced().await;
    bed.stop_client_and_miss(5).await;

    // Headers of a 503 promising a body that never comes, socket left open.
    bed.proxy.script_next_then_stall(
        "GET /v1/sync/stream",
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 4000\r\n\r\n{\"code\":",
    );
    bed.restart_client_on_scripts().await;
    bed.client.wait_live().await;
    assert!(
        bed.client
            .statuses()
            .iter()
            .any(|s| matches!(s, SyncStatus::Offline { reason, .. } if reason.contains("503"))),
        "the stalled 503 must end in a time limit and count as the server failing, then retried: {:?}",
        bed.client.statuses()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_larger_than_the_limit_is_refused_not_read_into_memory() {
    let mut bed = Testbed::with_history(43, 10).await;
    bed.config.max_body_bytes = 256 * 1024;
    let huge = format!(r#"{{"padding":"{}"}}"#, "x".repeat(512 * 1024));
    bed.proxy.script_next_json("/v1/sync/bootstrap", huge);
    bed.start_synced().await;
    assert!(
        bed.client.statuses().iter().any(
            |s| matches!(s, SyncStatus::Error { reason, .. } if reason.contains("over 262144 bytes"))
        ),
        "a page over the limit must be refused with a visible error, then retried: {:?}",
        bed.client.statuses()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catch_up_that_brings_nothing_new_is_an_error_with_backoff_not_a_spin() {
    let mut bed = Testbed::with_history(47, 10).await;
    bed.config.min_backoff = Duration::from_millis(100);
    bed.start_synced().await;
    let (cursor, _) = bed.stop_client_and_miss(5).await;

    // Pages that claim more is to come but hold only events already applied.
    let old: Vec<Event> = bed
        .events_after(cursor - 3)
        .await
        .into_iter()
        .filter(|e| e.seq <= cursor)
        .collect();
    assert!(
        !old.is_empty(),
        "the test needs events at or below the cursor"
    );
    let page = serde_json::json!({"events": old, "last_seq": bed.backend.last_seq()}).to_string();
    for _ in 0..3 {
        bed.proxy.script_next_json("/v1/sync/events", page.clone());
    }
    let started = tokio::time::Instant::now();
    bed.restart_client_on_scripts().await;
    let no_progress = bed
        .client
        .statuses()
        .iter()
        .filter(|s| matches!(s, SyncStatus::Error { reason, .. } if reason.contains("no progress")))
        .count();
    assert!(
        no_progress >= 1,
        "a page with nothing past the cursor must be an error the user can see: {:?}",
        bed.client.statuses()
    );
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "the three useless pages must be asked for with pauses between them, not in a loop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_the_role_may_not_do_fails_once_with_the_servers_reason() {
    let mut bed = Testbed::with_history(53, 10).await.direct();
    bed.config.token = bed
        .backend
        .control()
        .create_token(switchboard_protocol::Role::Agent, "Rui")
        .unwrap();
    bed.start_synced().await;
    let conversation = bed.backend.control().recent_conversations(1).unwrap()[0].id;
    let item = bed
        .client
        .store
        .enqueue(
            conversation,
            OutboxAction::SetAssistant {
                state: AssistantState::Blocked,
            },
            "block-1",
            support::now_ms(),
        )
        .unwrap();
    bed.client.handle().outbox_changed();
    wait_for("the block is refused", || {
        bed.client
            .store
            .outbox_item(item.id)
            .unwrap()
            .is_some_and(|i| i.state == OutboxState::Failed)
    })
    .await;
    bed.client.handle().reconnect_now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let failed = bed.client.store.outbox_item(item.id).unwrap().unwrap();
    assert_eq!(
        failed.attempts, 1,
        "403 forbidden is final: it must never be sent again by itself"
    );
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| !e.is_empty() && e != "forbidden"),
        "the server's message must be shown: {:?}",
        failed.error
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_refused_for_too_many_streams_is_retried_with_pauses() {
    let backend = Backend::start_with(|config| config.max_streams_per_token = 1).await;
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut config = test_config(&proxy.url(), &backend.token);
    config.min_backoff = Duration::from_millis(50);
    config.max_backoff = Duration::from_millis(400);
    let mut first = Client::new();
    first.start(config.clone());
    first.wait_live().await;

    // A second client on the same token, over the server's cap of one.
    let mut second = Client::new();
    second.start(config);
    wait_for("the second stream is refused", || {
        second.statuses().iter().any(
            |s| matches!(s, SyncStatus::Offline { reason, .. } if reason.contains("too_many_streams")),
        )
    })
    .await;
    let before = proxy.requests();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let requests = proxy.requests() - before;
    // 50, 100, 200, 400, 400, … ms fit a handful of attempts (each a
    // catch-up and a stream request); no pause at all would make hundreds.
    assert!(
        requests <= 30,
        "429 too_many_streams must back off, not hammer the server: {requests} requests in 1.5 s"
    );
    assert_eq!(
        first.handle().status(),
        SyncStatus::Live,
        "the stream already open keeps flowing"
    );
    second.stop().await;
    first.stop().await;
}
