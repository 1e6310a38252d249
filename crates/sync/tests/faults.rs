//! The engine under faults, against the real backend: the backend killed
//! and restarted (same database, same port) during a bootstrap and during
//! the live stream; a proxy that drops, stalls and truncates connections;
//! a stream that repeats and reorders events; malformed and unknown events.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use support::proxy::FaultProxy;
use support::traffic::Traffic;
use support::{assert_converged, test_config, wait_for, Backend, Client};
use switchboard_backend::{BulkSeed, NewContact};
use switchboard_protocol::{Event, EventsPage};
use switchboard_sync::{SyncChange, SyncStatus};

fn traffic(backend: &Backend, traffic: &mut Traffic, steps: usize) {
    for _ in 0..steps {
        traffic.step(backend.control());
    }
}

/// Events the server logged after `after`, read through its API.
async fn events_after(backend: &Backend, after: i64) -> Vec<Event> {
    let page: EventsPage = reqwest::Client::new()
        .get(format!("{}/v1/sync/events", backend.url()))
        .bearer_auth(&backend.token)
        .query(&[("after", after), ("limit", 1000)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page.events
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
    let mut backend = Backend::start().await;
    backend
        .control()
        .seed_bulk(&BulkSeed::new(300, 4))
        .expect("seed");
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut config = test_config(&proxy.url(), &backend.token);
    config.bootstrap_page_limit = 10;
    let mut client = Client::new();
    client.start(config);
    wait_for("a few bootstrap pages stored", || {
        client
            .store
            .sync_position()
            .unwrap()
            .bootstrap
            .is_some_and(|b| b.pages_done >= 3)
    })
    .await;
    // Freeze the client where it is, kill the backend under it, let go.
    proxy.set_stalled(true);
    let pages_before = client
        .store
        .sync_position()
        .unwrap()
        .bootstrap
        .unwrap()
        .pages_done;
    backend.stop().await;
    proxy.drop_all();
    proxy.set_stalled(false);
    wait_for("offline while the backend is down", || {
        matches!(client.handle().status(), SyncStatus::Offline { .. })
    })
    .await;
    let position = client.store.sync_position().unwrap();
    assert!(
        position.applied_seq.is_none()
            && position
                .bootstrap
                .as_ref()
                .is_some_and(|b| b.pages_done >= pages_before),
        "a failed bootstrap keeps the pages it stored: {position:?}"
    );
    client.take_changes();
    backend.restart().await;
    assert_converged(&client, &backend).await;
    let resumed_at = client.statuses().into_iter().find_map(|s| match s {
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
    let mut backend = Backend::start().await;
    let mut random = Traffic::new(7);
    traffic(&backend, &mut random, 40);
    let mut client = Client::new();
    client.start(test_config(&backend.url(), &backend.token));
    assert_converged(&client, &backend).await;
    for round in 0..3 {
        traffic(&backend, &mut random, 20);
        backend.stop().await;
        wait_for("offline", || {
            matches!(client.handle().status(), SyncStatus::Offline { .. })
        })
        .await;
        backend.restart().await;
        // Changes the client has not seen, made before it reconnects.
        traffic(&backend, &mut random, 20);
        assert_converged(&client, &backend).await;
        wait_for("live again", || {
            client.handle().status() == SyncStatus::Live
        })
        .await;
        tracing::info!(round, "restart survived");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connections_reconnect_from_the_stored_cursor() {
    let backend = Backend::start().await;
    let mut random = Traffic::new(11);
    traffic(&backend, &mut random, 30);
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut client = Client::new();
    client.start(test_config(&proxy.url(), &backend.token));
    assert_converged(&client, &backend).await;
    for _ in 0..15 {
        traffic(&backend, &mut random, 5);
        let before = proxy.connections();
        proxy.drop_all();
        traffic(&backend, &mut random, 5);
        // Every drop kills pooled connections too: a new one means a reconnect.
        wait_for("reconnected after the drop", || {
            proxy.connections() > before
        })
        .await;
    }
    assert_converged(&client, &backend).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_stream_is_abandoned_after_the_silence_timeout() {
    let backend = Backend::start().await;
    let mut random = Traffic::new(13);
    traffic(&backend, &mut random, 10);
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut client = Client::new();
    client.start(test_config(&proxy.url(), &backend.token));
    assert_converged(&client, &backend).await;
    // Heartbeats every 100 ms keep a healthy stream alive well past the
    // 800 ms silence timeout.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        client.handle().status(),
        SyncStatus::Live,
        "heartbeat comments alone must keep a quiet stream alive"
    );
    proxy.set_stalled(true);
    traffic(&backend, &mut random, 10);
    wait_for("the engine noticed the silence", || {
        client.handle().status() != SyncStatus::Live
    })
    .await;
    proxy.set_stalled(false);
    assert_converged(&client, &backend).await;
    wait_for("live again", || {
        client.handle().status() == SyncStatus::Live
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_responses_are_retried_until_the_cache_is_whole() {
    let backend = Backend::start().await;
    let mut random = Traffic::new(17);
    traffic(&backend, &mut random, 150);
    let proxy = FaultProxy::start(backend.addr()).await;
    // Every connection is cut after a random number of response bytes:
    // bootstrap pages, catch-up pages and SSE events end mid-way.
    proxy.chaos(5, Some(300..20_000));
    let mut config = test_config(&proxy.url(), &backend.token);
    config.bootstrap_page_limit = 5;
    let mut client = Client::new();
    client.start(config);
    for _ in 0..20 {
        traffic(&backend, &mut random, 5);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    wait_for("bootstrap finished through the cuts", || {
        client.applied_seq().is_some()
    })
    .await;
    let cuts = proxy.connections();
    proxy.chaos(0, None);
    assert_converged(&client, &backend).await;
    assert!(
        cuts > 5,
        "the proxy must actually have cut connections ({cuts})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_and_reordered_events_are_applied_once_in_order() {
    let backend = Backend::start().await;
    let mut random = Traffic::new(19);
    traffic(&backend, &mut random, 20);
    let proxy = FaultProxy::start(backend.addr()).await;
    let config = test_config(&proxy.url(), &backend.token);
    let mut client = Client::new();
    client.start(config.clone());
    assert_converged(&client, &backend).await;
    client.stop().await;
    let cursor = client.applied_seq().unwrap();

    traffic(&backend, &mut random, 30);
    let events = events_after(&backend, cursor).await;
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
    // The catch-up before the stream claims there is nothing new, so that
    // everything arrives through the scripted stream.
    proxy.script_next_json(
        "/v1/sync/events",
        format!(r#"{{"events":[],"last_seq":{cursor}}}"#),
    );
    proxy.script_next_stream(body);
    client.take_changes();
    client.start(config);
    wait_for("scripts served", || proxy.scripts_left() == 0).await;
    assert_converged(&client, &backend).await;

    let mut reported: BTreeMap<i64, usize> = BTreeMap::new();
    for change in client.take_changes() {
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
    let backend = Backend::start().await;
    let mut random = Traffic::new(23);
    traffic(&backend, &mut random, 20);
    let proxy = FaultProxy::start(backend.addr()).await;
    let config = test_config(&proxy.url(), &backend.token);
    let mut client = Client::new();
    client.start(config.clone());
    assert_converged(&client, &backend).await;
    client.stop().await;
    let cursor = client.applied_seq().unwrap();
    traffic(&backend, &mut random, 20);
    let events = events_after(&backend, cursor).await;

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
    proxy.script_next_json(
        "/v1/sync/events",
        format!(r#"{{"events":[],"last_seq":{cursor}}}"#),
    );
    proxy.script_next_stream(body);
    client.take_changes();
    client.start(config);
    wait_for("scripts served", || proxy.scripts_left() == 0).await;
    assert_converged(&client, &backend).await;
    assert!(
        client.statuses().contains(&SyncStatus::CatchingUp),
        "bad events must be repaired through catch-up"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_event_in_catch_up_stops_with_a_visible_error_not_a_wrong_cache() {
    let backend = Backend::start().await;
    let mut random = Traffic::new(29);
    traffic(&backend, &mut random, 10);
    let proxy = FaultProxy::start(backend.addr()).await;
    let config = test_config(&proxy.url(), &backend.token);
    let mut client = Client::new();
    client.start(config.clone());
    assert_converged(&client, &backend).await;
    client.stop().await;
    let cursor = client.applied_seq().unwrap();
    traffic(&backend, &mut random, 10);

    // The log itself claims an event this client cannot understand.
    proxy.script_next_json(
        "/v1/sync/events",
        format!(
            r#"{{"events":[{{"seq":{s},"id":"z","occurred_at":0,"type":"weather_changed"}}],"last_seq":{s}}}"#,
            s = cursor + 1
        ),
    );
    client.take_changes();
    client.start(config);
    wait_for("scripts served", || proxy.scripts_left() == 0).await;
    assert_converged(&client, &backend).await;
    let error = client.statuses().into_iter().find_map(|s| match s {
        SyncStatus::Error { reason } => Some(reason),
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
    let mut backend = Backend::start().await;
    traffic(&backend, &mut Traffic::new(31), 5);
    let proxy = FaultProxy::start(backend.addr()).await;
    let mut config = test_config(&proxy.url(), &backend.token);
    config.min_backoff = Duration::from_millis(50);
    config.max_backoff = Duration::from_millis(400);
    let mut client = Client::new();
    client.start(config);
    assert_converged(&client, &backend).await;

    backend.stop().await;
    wait_for("offline", || {
        matches!(client.handle().status(), SyncStatus::Offline { .. })
    })
    .await;
    let attempts_before = proxy.connections();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let attempts = proxy.connections() - attempts_before;
    // 50, 100, 200, 400, 400, … ms (with jitter) fit at most ~8 attempts in
    // 1.5 s; a retry loop without backoff would make hundreds.
    assert!(
        (1..=12).contains(&attempts),
        "an unreachable server must be retried, with pauses that grow: {attempts} attempts in 1.5 s"
    );
    let offline_since = match client.handle().status() {
        SyncStatus::Offline { since, .. } => since,
        other => panic!("still offline expected, got {other:?}"),
    };
    let first_offline = client.statuses().into_iter().find_map(|s| match s {
        SyncStatus::Offline { since, .. } => Some(since),
        _ => None,
    });
    assert_eq!(
        Some(offline_since),
        first_offline,
        "\"offline since\" must keep the time of the first failure across retries"
    );
    backend.restart().await;
    assert_converged(&client, &backend).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_garbled_bootstrap_page_is_shown_as_an_error_and_retried() {
    let backend = Backend::start().await;
    traffic(&backend, &mut Traffic::new(37), 10);
    let proxy = FaultProxy::start(backend.addr()).await;
    proxy.script_next_json(
        "/v1/sync/bootstrap",
        r#"{"snapshot_seq": "not a number""#.into(),
    );
    let mut client = Client::new();
    client.start(test_config(&proxy.url(), &backend.token));
    assert_converged(&client, &backend).await;
    assert!(
        client
            .statuses()
            .iter()
            .any(|s| matches!(s, SyncStatus::Error { reason } if reason.contains("bad response"))),
        "a page that does not decode must be visible as an error before the retry succeeds"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_too_large_for_the_stream_arrives_through_catch_up() {
    let backend = Backend::start().await;
    let mut random = Traffic::new(31);
    traffic(&backend, &mut random, 10);
    let mut config = test_config(&backend.url(), &backend.token);
    config.max_event_bytes = 64 * 1024;
    let mut client = Client::new();
    client.start(config);
    assert_converged(&client, &backend).await;
    wait_for("live", || client.handle().status() == SyncStatus::Live).await;

    // A customer pastes 100 KiB: more than this client takes as one event
    // on the stream (a stand-in for a stream that never ends its event).
    let control = backend.control();
    let conversation = control
        .start_conversation(NewContact::named("Long Paste"), "web")
        .unwrap();
    let pasted = "a pasted log line\n".repeat(100 * 1024 / 18);
    control.customer_message(conversation.id, &pasted).unwrap();
    traffic(&backend, &mut random, 5);

    // Converged: the long message is in the cache, whole, with everything
    // after it.
    assert_converged(&client, &backend).await;
    let refused = client.statuses().into_iter().any(|status| {
        matches!(status, SyncStatus::Error { reason } if reason.contains("over 65536 bytes"))
    });
    assert!(
        refused,
        "the oversized event must be refused on the stream, visibly: {:?}",
        client.statuses()
    );
}
