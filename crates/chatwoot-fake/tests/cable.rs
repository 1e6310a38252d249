//! ActionCable at /cable over a real websocket: the frames, the
//! subscription, and the events each change broadcasts.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{
    assert_matches_schema, cable, closes_within, events_within, next_frame, room_identifier,
    subscribe, subscribed_cable, Api,
};
use switchboard_chatwoot_fake::FakeChatwoot;

const QUIET: Duration = Duration::from_millis(500);

#[tokio::test]
async fn the_cable_welcomes_confirms_with_the_same_identifier_and_pings_every_3_seconds() {
    let fake = FakeChatwoot::start().await;
    let (_, profile) = Api::new(&fake).get("/api/v1/profile").await;
    let mut socket = cable(&fake).await;
    let welcome = next_frame(&mut socket, Duration::from_secs(2)).await;
    assert_eq!(
        welcome,
        Some(json!({"type": "welcome"})),
        "ActionCable greets first"
    );

    let identifier = room_identifier(profile["pubsub_token"].as_str().unwrap(), 1);
    subscribe(&mut socket, &identifier).await;
    let confirm = next_frame(&mut socket, Duration::from_secs(2)).await;
    assert_eq!(
        confirm,
        Some(json!({"identifier": identifier, "type": "confirm_subscription"})),
        "the identifier string is echoed verbatim"
    );

    let started = std::time::Instant::now();
    loop {
        let frame = next_frame(&mut socket, Duration::from_secs(5))
            .await
            .expect("a ping within 5 seconds");
        if frame["type"] == "ping" {
            let secs = frame["message"]
                .as_i64()
                .expect("the ping carries unix seconds");
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64;
            assert!(
                (now - secs).abs() <= 2,
                "the ping's message is the server's clock"
            );
            break;
        }
    }
    assert!(
        started.elapsed() <= Duration::from_millis(3500),
        "ActionCable's beat is every 3 seconds"
    );
}

#[tokio::test]
async fn after_unsubscribing_no_events_arrive() {
    let fake = FakeChatwoot::start().await;
    let mut socket = subscribed_cable(&fake).await;
    let (_, profile) = Api::new(&fake).get("/api/v1/profile").await;
    let identifier = room_identifier(profile["pubsub_token"].as_str().unwrap(), 1);
    let command = json!({"command": "unsubscribe", "identifier": identifier});
    futures::SinkExt::send(&mut socket, command.to_string().into())
        .await
        .expect("sending unsubscribe");
    tokio::time::sleep(Duration::from_millis(100)).await;
    fake.customer_starts("Tom", None, "Hi").await;
    let events = events_within(&mut socket, QUIET).await;
    assert!(
        events.is_empty(),
        "an unsubscribed identifier gets nothing: {events:?}"
    );
}

#[tokio::test]
async fn a_subscription_with_a_wrong_pubsub_token_is_never_confirmed_nor_fed() {
    let fake = FakeChatwoot::start().await;
    let mut socket = cable(&fake).await;
    next_frame(&mut socket, Duration::from_secs(2)).await;
    subscribe(&mut socket, &room_identifier("not-a-token", 1)).await;
    fake.customer_starts("Tom", None, "Hi").await;
    let frames = events_within(&mut socket, QUIET).await;
    assert!(
        frames.is_empty(),
        "RoomChannel finds no user, so nothing streams: {frames:?}"
    );
}

#[tokio::test]
async fn a_new_conversation_broadcasts_contact_conversation_and_message_events() {
    let fake = FakeChatwoot::start().await;
    let mut socket = subscribed_cable(&fake).await;
    let id = fake.customer_starts("Maria", None, "Hello?").await;
    let events = events_within(&mut socket, QUIET).await;
    assert_eq!(
        names(&events),
        ["contact.created", "conversation.created", "message.created"],
        "ActionCableListener's events, in commit order"
    );
    let (_, conversation) = &events[1];
    assert_eq!(conversation["id"], id);
    assert_eq!(conversation["status"], "pending");
    assert_eq!(
        conversation["account_id"], 1,
        "every broadcast carries the account id"
    );
    let (_, message) = &events[2];
    assert_matches_schema("message", message);
    assert_eq!(message["conversation_id"], id, "the display id");
    assert_eq!(message["message_type"], 0, "incoming");
    assert_eq!(message["sender"]["type"], "contact");
}

#[tokio::test]
async fn a_bot_handoff_broadcasts_pending_to_open_and_nothing_assigns_it() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Tom", None, "I need a human").await;
    let mut socket = subscribed_cable(&fake).await;
    fake.bot_hands_off(id).await;
    let events = events_within(&mut socket, QUIET).await;
    assert_eq!(
        names(&events),
        [
            "conversation.status_changed",
            "message.created",
            "conversation.updated"
        ],
        "status change, the activity message, then the update"
    );
    assert_eq!(events[0].1["status"], "open");
    assert!(
        events[2].1.get("changed_attributes").is_none(),
        "cable payloads carry no previous status: a client tells pending → open from what it holds"
    );
    assert_eq!(events[1].1["message_type"], 2, "an activity message");
    assert!(
        events[0].1["meta"]["assignee"].is_null(),
        "a bot's handoff leaves it unassigned for a human to take"
    );
}

#[tokio::test]
async fn an_agent_opening_a_conversation_broadcasts_the_status_then_the_self_assignment() {
    let events = events_after_agent_action("toggle_status", json!({"status": "open"})).await;
    assert_eq!(
        names(&events),
        [
            "conversation.status_changed",
            "message.created",
            "conversation.updated",
            "assignee.changed",
            "message.created",
            "conversation.updated"
        ],
        "the status save commits before handle_human_open's assignment save"
    );
    assert_eq!(events[3].1["meta"]["assignee"]["id"], 1, "Ana took it");
}

#[tokio::test]
async fn mute_broadcasts_the_resolution_and_the_blocked_contact() {
    let events = events_after_agent_action("mute", json!({})).await;
    let contact = events
        .iter()
        .find(|(n, _)| n == "contact.updated")
        .expect("contact.updated for the blocked flag");
    assert_eq!(contact.1["blocked"], true);
    let status = events
        .iter()
        .find(|(n, _)| n == "conversation.status_changed")
        .expect("the resolution is broadcast");
    assert_eq!(status.1["status"], "resolved");
}

#[tokio::test]
async fn a_reply_is_broadcast_with_its_echo_id_even_when_its_response_is_lost() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Tom", None, "Hi").await;
    let mut socket = subscribed_cable(&fake).await;
    fake.lose_next_reply_response();
    let _ = Api::new(&fake)
        .try_post(
            &format!("/api/v1/accounts/1/conversations/{id}/messages"),
            json!({"content": "Sent?", "echo_id": "e-7"}),
        )
        .await;
    let events = events_within(&mut socket, QUIET).await;
    let (name, data) = events.first().expect("the stored reply is broadcast");
    assert_eq!(name, "message.created");
    assert_eq!(
        data["echo_id"], "e-7",
        "the echo id lets the sender recognise it"
    );
}

#[tokio::test]
async fn dropping_cable_connections_and_going_down_close_the_sockets() {
    let fake = FakeChatwoot::start().await;
    let mut socket = subscribed_cable(&fake).await;
    fake.drop_cable_connections().await;
    assert!(
        closes_within(&mut socket, Duration::from_secs(2)).await,
        "closed now"
    );

    let mut socket = subscribed_cable(&fake).await;
    fake.set_unreachable(true);
    assert!(
        closes_within(&mut socket, Duration::from_secs(2)).await,
        "a down server cuts it"
    );
    let url = format!("{}/cable", fake.base_url().replace("http://", "ws://"));
    assert!(
        tokio_tungstenite::connect_async(url).await.is_err(),
        "and accepts no new cable while down"
    );
    fake.set_unreachable(false);
    let _reconnected = subscribed_cable(&fake).await;
}

/// The events Ana's cable receives when she calls `action` on a fresh
/// pending conversation.
async fn events_after_agent_action(action: &str, body: Value) -> Vec<(String, Value)> {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Tom", None, "Hi").await;
    let mut socket = subscribed_cable(&fake).await;
    Api::new(&fake)
        .post(
            &format!("/api/v1/accounts/1/conversations/{id}/{action}"),
            body,
        )
        .await;
    events_within(&mut socket, QUIET).await
}

fn names(events: &[(String, Value)]) -> Vec<&str> {
    events.iter().map(|(n, _)| n.as_str()).collect()
}
