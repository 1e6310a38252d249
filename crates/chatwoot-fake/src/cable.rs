//! ActionCable at `/cable`, as Rails' ActionCable server speaks it
//! (subprotocol `actioncable-v1-json`) with Chatwoot's one channel,
//! `RoomChannel` (app/channels/room_channel.rb).
//!
//! Frames: `{"type":"welcome"}` on connect; `{"type":"ping","message":<unix
//! secs>}` every 3 seconds; a `subscribe` command answered with
//! `{"identifier":…,"type":"confirm_subscription"}`; broadcasts as
//! `{"identifier":…,"message":{"event":…,"data":…}}`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::broadcast::error::RecvError;

use crate::model::{now, ACCOUNT_ID};
use crate::shared::Shared;

/// ActionCable's `ActionCable::Server::Connections::BEAT_INTERVAL`.
const PING_EVERY: Duration = Duration::from_secs(3);

pub async fn upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.protocols(["actioncable-v1-json"])
        .on_upgrade(move |socket| serve(socket, shared))
}

/// One subscription of this socket: the identifier string exactly as the
/// client sent it (ActionCable echoes it verbatim) and its pubsub token.
struct Subscription {
    identifier: String,
    pubsub_token: String,
}

async fn serve(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut closing = shared.cable_generation.subscribe();
    closing.borrow_and_update();
    let mut events = shared.events.subscribe();
    if send(&mut socket, json!({"type": "welcome"})).await.is_err() {
        return;
    }
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    let mut subscriptions: Vec<Subscription> = Vec::new();
    loop {
        tokio::select! {
            // Dropping the socket closes the TCP connection without a close
            // frame, as a network drop or a killed server would.
            _ = closing.changed() => return,
            _ = ping.tick() => {
                let frame = json!({"type": "ping", "message": now() as i64});
                if send(&mut socket, frame).await.is_err() {
                    return;
                }
            }
            event = events.recv() => {
                let event = match event {
                    Ok(event) => event,
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                };
                let tokens = member_tokens(&shared);
                for sub in subscriptions.iter().filter(|s| tokens.contains(&s.pubsub_token)) {
                    let frame = json!({
                        "identifier": sub.identifier,
                        "message": {"event": event.name, "data": event.data},
                    });
                    if send(&mut socket, frame).await.is_err() {
                        return;
                    }
                }
            }
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                    Some(Ok(_)) => continue,
                };
                if let Some(identifier) = unsubscribe_command(text.as_str()) {
                    // ActionCable's `unsubscribe` command: no reply frame.
                    subscriptions.retain(|s| s.identifier != identifier);
                    continue;
                }
                if let Some(sub) = subscribe(&shared, text.as_str()) {
                    let confirm = json!({"identifier": sub.identifier, "type": "confirm_subscription"});
                    // RoomChannel#subscribed → broadcast_presence
                    let presence = json!({
                        "identifier": sub.identifier,
                        "message": {"event": "presence.update",
                                    "data": {"account_id": ACCOUNT_ID, "users": {}, "contacts": {}}},
                    });
                    if send(&mut socket, confirm).await.is_err()
                        || send(&mut socket, presence).await.is_err()
                    {
                        return;
                    }
                    subscriptions.push(sub);
                }
            }
        }
    }
}

/// Inbox members' pubsub tokens: who app/listeners/action_cable_listener.rb
/// broadcasts conversation and message events to. Every fake user is a
/// member of the one inbox.
fn member_tokens(shared: &Shared) -> Vec<String> {
    let world = shared.world.lock().expect("world lock");
    world.users.iter().map(|u| u.pubsub_token.clone()).collect()
}

/// A `subscribe` command for `RoomChannel` whose `pubsub_token` belongs to
/// `user_id` in this account. RoomChannel finds the user with
/// `User.find_by!(pubsub_token:, id: user_id)` and the account with
/// `accounts.find(account_id)`; when either fails the exception ends
/// `subscribed`, so no confirmation is sent (and none is here).
fn subscribe(shared: &Shared, text: &str) -> Option<Subscription> {
    let command: Value = serde_json::from_str(text).ok()?;
    if command["command"] != "subscribe" {
        return None;
    }
    let identifier = command["identifier"].as_str()?.to_owned();
    let params: Value = serde_json::from_str(&identifier).ok()?;
    if params["channel"] != "RoomChannel" {
        return None;
    }
    let pubsub_token = params["pubsub_token"].as_str()?.to_owned();
    let as_id = |v: &Value| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    };
    let user_id = as_id(&params["user_id"])?;
    let account_id = as_id(&params["account_id"])?;
    let world = shared.world.lock().expect("world lock");
    let known = world
        .users
        .iter()
        .any(|u| u.id == user_id && u.pubsub_token == pubsub_token);
    (known && account_id == ACCOUNT_ID).then_some(Subscription {
        identifier,
        pubsub_token,
    })
}

/// The identifier of an `unsubscribe` command.
fn unsubscribe_command(text: &str) -> Option<String> {
    let command: Value = serde_json::from_str(text).ok()?;
    (command["command"] == "unsubscribe")
        .then(|| command["identifier"].as_str().map(str::to_owned))?
}

async fn send(socket: &mut WebSocket, frame: Value) -> Result<(), axum::Error> {
    socket
        .send(Message::Text(Utf8Bytes::from(frame.to_string())))
        .await
}
