//! The read side of the protocol over a real socket: auth, bootstrap,
//! catch-up, the SSE stream and its resume, retention.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{expect_error, json, start, start_with, take_frames};
use futures::StreamExt;
use reqwest::StatusCode;
use switchboard_backend::{BulkSeed, NewContact};
use switchboard_protocol::{
    error_code, AssistantState, BootstrapPage, Change, EventsPage, Me, Role,
};

#[tokio::test]
async fn me_names_the_tokens_user_and_a_bad_token_is_unauthorized() {
    let t = start().await;
    let me: Me = json(t.get("/v1/me").send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(
        (me.name.as_str(), me.role),
        ("Ana", Role::Agent),
        "the token was made for agent Ana"
    );

    let missing = t.http.get(t.url("/v1/me")).send().await.unwrap();
    expect_error(missing, StatusCode::UNAUTHORIZED, error_code::UNAUTHORIZED).await;
    let wrong = t
        .http
        .get(t.url("/v1/me"))
        .bearer_auth("sb_not-a-token")
        .send()
        .await
        .unwrap();
    expect_error(wrong, StatusCode::UNAUTHORIZED, error_code::UNAUTHORIZED).await;
    let events = t.http.get(t.url("/v1/sync/events")).send().await.unwrap();
    expect_error(events, StatusCode::UNAUTHORIZED, error_code::UNAUTHORIZED).await;
}

#[tokio::test]
async fn bootstrap_pages_cover_every_conversation_once_with_recent_messages() {
    let t = start_with(|c| c.recent_messages_per_conversation = 3).await;
    let control = t.server.control();
    let mut ids = BTreeSet::new();
    for i in 0..7 {
        let c = control
            .start_conversation(NewContact::named(format!("Zoë {i}")), "web")
            .unwrap();
        control
            .customer_message(c.id, "Olá! Qual o preço?")
            .unwrap();
        control.customer_message(c.id, "E o frete? 📦").unwrap();
        ids.insert(c.id);
    }
    let first: BootstrapPage = json(
        t.get("/v1/sync/bootstrap?limit=3").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        first.total_conversations, 7,
        "the first page tells the size of the whole snapshot"
    );
    assert_eq!(
        first.snapshot_seq,
        control.last_seq().unwrap(),
        "the snapshot starts at the log's head"
    );
    assert_eq!(
        first.conversations.len(),
        3,
        "a page holds at most `limit` conversations"
    );
    for c in &first.conversations {
        let msgs = first
            .messages
            .iter()
            .filter(|m| m.conversation_id == c.id)
            .count();
        assert_eq!(
            msgs, 3,
            "each conversation brings its 3 most recent of 4 messages"
        );
        assert!(
            first.contacts.iter().any(|k| k.id == c.contact_id),
            "a page carries its conversations' contacts"
        );
    }

    // Writes between pages do not disturb the paging.
    control
        .start_conversation(NewContact::named("Late"), "web")
        .unwrap();
    let token = first.next_page_token.clone().expect("more pages");
    let mut seen: Vec<i64> = first.conversations.iter().map(|c| c.id).collect();
    let mut next = Some(token.clone());
    while let Some(token) = next {
        let page: BootstrapPage = json(
            t.get("/v1/sync/bootstrap")
                .query(&[("limit", "3"), ("page_token", &token)])
                .send()
                .await
                .unwrap(),
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            page.snapshot_seq, first.snapshot_seq,
            "every page carries the first page's snapshot_seq"
        );
        seen.extend(page.conversations.iter().map(|c| c.id));
        next = page.next_page_token;
    }
    let unique: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no conversation is sent twice");
    assert!(
        ids.is_subset(&unique),
        "every conversation of the snapshot is sent"
    );

    // A page token stays valid: replaying it gives the same page.
    let again: BootstrapPage = json(
        t.get("/v1/sync/bootstrap")
            .query(&[("limit", "3"), ("page_token", &token)])
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        again.conversations.first().map(|c| c.id),
        Some(seen[3]),
        "a resumed bootstrap continues where it stopped"
    );

    let bad = t
        .get("/v1/sync/bootstrap?page_token=garbage")
        .send()
        .await
        .unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
    let bad = t.get("/v1/sync/bootstrap?limit=0").send().await.unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
    let bad = t.get("/v1/sync/bootstrap?limit=many").send().await.unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
}

#[tokio::test]
async fn events_are_gapless_carry_full_state_and_page_by_limit() {
    let t = start().await;
    let control = t.server.control();
    let c = control
        .start_conversation(NewContact::named("María Núñez"), "whatsapp")
        .unwrap();
    control
        .customer_message(c.id, "¿Cuál es el horario?")
        .unwrap();
    control.transfer(c.id, "asked for a human").unwrap();

    let page: EventsPage = json(
        t.get("/v1/sync/events?after=0").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as i64).collect::<Vec<_>>(),
        "seqs start at 1 and have no gap"
    );
    assert_eq!(
        page.last_seq,
        *seqs.last().unwrap(),
        "last_seq is the log's head"
    );
    let types: Vec<&str> = page.events.iter().map(|e| e.change.type_name()).collect();
    assert_eq!(
        types,
        [
            "conversation_started",
            "message_created",
            "message_created",
            "conversation_transferred",
            "message_created"
        ],
        "start, customer message, assistant answer, transfer, then its system message"
    );
    let ids: BTreeSet<&str> = page.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), page.events.len(), "event ids are unique");
    match &page.events[3].change {
        Change::ConversationTransferred { conversation } => {
            assert_eq!(
                conversation.updated_seq, 4,
                "an entity's updated_seq is the seq of the event carrying it"
            );
            assert_eq!(
                conversation.transfer_reason.as_deref(),
                Some("asked for a human")
            );
        }
        other => panic!("expected a transfer, got {other:?}"),
    }

    let limited: EventsPage = json(
        t.get("/v1/sync/events?after=1&limit=2")
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        limited.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [2, 3],
        "after is exclusive, limit caps"
    );
    assert_eq!(
        limited.last_seq, 5,
        "last_seq is the head even when the page stops earlier"
    );

    let bad = t.get("/v1/sync/events?after=abc").send().await.unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
    let bad = t
        .get("/v1/sync/events?after=0&colour=red")
        .send()
        .await
        .unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_cursor_older_than_the_retained_log_is_gone() {
    let t = start().await;
    let control = t.server.control();
    let c = control
        .start_conversation(NewContact::named("Søren"), "web")
        .unwrap();
    for _ in 0..3 {
        control.customer_message(c.id, "hi").unwrap();
    }
    let head = control.last_seq().unwrap();
    control.compact_log_before(head - 1).unwrap();
    let gone = t.get("/v1/sync/events?after=1").send().await.unwrap();
    expect_error(gone, StatusCode::GONE, error_code::CURSOR_EXPIRED).await;
    let gone = t.get("/v1/sync/stream?after=1").send().await.unwrap();
    expect_error(gone, StatusCode::GONE, error_code::CURSOR_EXPIRED).await;
    let ok: EventsPage = json(
        t.get(&format!("/v1/sync/events?after={}", head - 2))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        ok.events.len(),
        2,
        "a cursor right at the retained boundary still catches up"
    );
    let ahead = t
        .get(&format!("/v1/sync/events?after={}", head + 10))
        .send()
        .await
        .unwrap();
    expect_error(ahead, StatusCode::GONE, error_code::CURSOR_EXPIRED).await;
}

#[tokio::test]
async fn retention_keeps_only_the_configured_number_of_events() {
    let t = start_with(|c| c.retained_events = Some(4)).await;
    let control = t.server.control();
    let c = control
        .start_conversation(NewContact::named("Inês"), "web")
        .unwrap();
    for _ in 0..5 {
        control.customer_message(c.id, "olá").unwrap();
    }
    let head = control.last_seq().unwrap();
    let gone = t.get("/v1/sync/events?after=0").send().await.unwrap();
    expect_error(gone, StatusCode::GONE, error_code::CURSOR_EXPIRED).await;
    let page: EventsPage = json(
        t.get(&format!("/v1/sync/events?after={}", head - 4))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.events.len(), 4, "the newest 4 events are retained");
}

#[tokio::test]
async fn stream_delivers_backlog_then_live_events_and_resumes_from_last_event_id() {
    let t = start().await;
    let control = t.server.control().clone();
    let c = control
        .start_conversation(NewContact::named("Chloé"), "web")
        .unwrap();

    let mut stream = t.stream(t.get("/v1/sync/stream?after=0")).await;
    let backlog = take_frames(&mut stream, 1).await;
    assert_eq!(
        (backlog[0].id.as_str(), backlog[0].event.as_str()),
        ("1", "conversation_started"),
        "the backlog comes first"
    );
    assert_eq!(
        backlog[0].decode().seq,
        1,
        "the data is the event as JSON, with the same seq as the id"
    );

    control.customer_message(c.id, "Bonjour !").unwrap();
    let live = take_frames(&mut stream, 2).await;
    assert_eq!(
        live.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["2", "3"],
        "live events follow in order"
    );
    assert!(
        live.iter().all(|f| f.event == "message_created"),
        "the SSE event field is the type"
    );
    drop(stream);

    control.transfer(c.id, "unhappy customer").unwrap();
    let mut resumed = t
        .stream(
            t.get("/v1/sync/stream?after=0")
                .header("Last-Event-ID", "3"),
        )
        .await;
    let frames = take_frames(&mut resumed, 2).await;
    assert_eq!(
        frames[0].id, "4",
        "Last-Event-ID wins over ?after= and resumes right after it"
    );
    assert_eq!(frames[0].event, "conversation_transferred");

    let bad = t
        .get("/v1/sync/stream")
        .header("Last-Event-ID", "x")
        .send()
        .await
        .unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
}

#[tokio::test]
async fn stream_without_cursor_starts_at_the_head_and_sends_heartbeats() {
    let t = start_with(|c| c.heartbeat = Duration::from_millis(200)).await;
    let control = t.server.control().clone();
    let c = control
        .start_conversation(NewContact::named("Wei"), "web")
        .unwrap();
    let response = t.get("/v1/sync/stream").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the stream opens");
    let mut bytes = response.bytes_stream();
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !text.contains(": heartbeat") {
        let chunk = tokio::time::timeout_at(deadline, bytes.next())
            .await
            .expect("a heartbeat within 5 s");
        text.push_str(&String::from_utf8_lossy(&chunk.unwrap().unwrap()));
    }
    assert!(
        !text.contains("id: 1"),
        "without a cursor, old events are not replayed"
    );
    control.customer_message(c.id, "ping").unwrap();
    while !text.contains("id: 2\n") {
        let chunk = tokio::time::timeout_at(deadline, bytes.next())
            .await
            .expect("the live event arrives");
        text.push_str(&String::from_utf8_lossy(&chunk.unwrap().unwrap()));
    }
    assert!(
        text.contains("event: message_created\n"),
        "a frame names the event type: {text}"
    );
}

#[tokio::test]
async fn a_slow_stream_reader_misses_nothing() {
    let t = start().await;
    let control = t.server.control().clone();
    let c = control
        .start_conversation(NewContact::named("Hiroshi"), "web")
        .unwrap();
    control.set_assistant(c.id, AssistantState::Paused).unwrap();
    let head = control.last_seq().unwrap();
    let mut stream = t
        .stream(t.get(&format!("/v1/sync/stream?after={head}")))
        .await;
    // 1200 commits land before the reader looks again: more than the live
    // channel holds, so the server must fall back to reading the log. Then
    // one commit too large to be announced with its events.
    let writer = tokio::task::spawn_blocking(move || {
        for i in 0..1200 {
            control
                .customer_message(c.id, &format!("message {i}"))
                .unwrap();
        }
        control.seed_bulk(&BulkSeed::new(30, 10)).unwrap();
        control.last_seq().unwrap()
    });
    let last = writer.await.unwrap();
    let frames = take_frames(&mut stream, (last - head) as usize).await;
    let seqs: Vec<i64> = frames.iter().map(|f| f.id.parse().unwrap()).collect();
    assert_eq!(
        seqs,
        (head + 1..=last).collect::<Vec<_>>(),
        "every event arrives once, in order"
    );
}

#[tokio::test]
async fn bootstrap_pages_are_bounded_by_bytes_and_still_make_progress() {
    let budget = 300_000;
    let t = start_with(|c| c.bootstrap_page_bytes = budget).await;
    let huge = "€".repeat(100_000); // 300 KB of UTF-8: one message fills a page
    let mut ids = Vec::new();
    for n in 0..5 {
        let c = t.new_conversation(&format!("Customer {n}"));
        t.control().customer_message(c.id, &huge).unwrap();
        ids.push(c.id);
    }
    let small = t.new_conversation("Quiet");
    ids.push(small.id);

    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = match &next {
            Some(token) => format!("/v1/sync/bootstrap?limit=100&page_token={token}"),
            None => "/v1/sync/bootstrap?limit=100".to_owned(),
        };
        let response = t.get(&query).send().await.unwrap();
        let body = response.text().await.unwrap();
        let page: BootstrapPage = serde_json::from_str(&body).unwrap();
        pages += 1;
        assert!(!page.conversations.is_empty(), "every page makes progress");
        assert!(
            page.conversations.len() == 1 || body.len() < 2 * budget,
            "a page passes its budget by at most its last conversation ({} bytes)",
            body.len()
        );
        seen.extend(page.conversations.iter().map(|c| c.id));
        next = page.next_page_token;
        if next.is_none() {
            break;
        }
        assert!(pages < 20, "bootstrap must end");
    }
    assert_eq!(
        seen, ids,
        "every conversation once, in order, despite the byte bound"
    );
    assert!(
        pages >= 5,
        "the count limit (100) alone would send one page; the byte budget splits it ({pages} pages)"
    );
}
