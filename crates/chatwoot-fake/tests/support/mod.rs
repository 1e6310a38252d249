//! What the fake's tests share: HTTP calls over real loopback, schema
//! checks against the swagger subset, and an ActionCable client.

#![allow(dead_code)]

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use switchboard_chatwoot_fake::FakeChatwoot;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const SWAGGER_SUBSET: &str = include_str!("../../fixtures/chatwoot-swagger-subset.json");

/// Checks `value` against a schema of Chatwoot's published OpenAPI document
/// (the fixture's `components.schemas.<name>`).
pub fn assert_matches_schema(name: &str, value: &Value) {
    let fixture: Value = serde_json::from_str(SWAGGER_SUBSET).expect("the fixture is JSON");
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": fixture["components"],
        "$ref": format!("#/components/schemas/{name}"),
    });
    let validator = jsonschema::validator_for(&schema).expect("the fixture's schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the fake's answer must fit Chatwoot's published `{name}` schema: {errors:#?}\n{value:#}"
    );
}

/// The property names a schema lists (following one level of `allOf`), for
/// checks that the fake renders every field Chatwoot documents.
pub fn schema_properties(name: &str) -> Vec<String> {
    let fixture: Value = serde_json::from_str(SWAGGER_SUBSET).expect("the fixture is JSON");
    let schema = &fixture["components"]["schemas"][name];
    let mut names: Vec<String> = schema["properties"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    if let Some(parts) = schema["allOf"].as_array() {
        for part in parts {
            let part = match part["$ref"].as_str() {
                Some(r) => {
                    &fixture["components"]["schemas"][r.rsplit('/').next().unwrap_or_default()]
                }
                None => part,
            };
            if let Some(o) = part["properties"].as_object() {
                names.extend(o.keys().cloned());
            }
        }
    }
    names
}

pub struct Api {
    pub base: String,
    pub token: String,
    client: reqwest::Client,
}

impl Api {
    pub fn new(fake: &FakeChatwoot) -> Api {
        Api::with_token(fake, &fake.access_token())
    }

    pub fn with_token(fake: &FakeChatwoot, token: &str) -> Api {
        Api {
            base: fake.base_url(),
            token: token.to_owned(),
            client: reqwest::Client::new(),
        }
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("api_access_token", &self.token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        read(response).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .try_post(path, body)
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        read(response).await
    }

    pub async fn try_post(&self, path: &str, body: Value) -> reqwest::Result<reqwest::Response> {
        self.client
            .post(format!("{}{path}", self.base))
            .header("api_access_token", &self.token)
            .json(&body)
            .send()
            .await
    }
}

async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, value)
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens `/cable` as Chatwoot's dashboard does (subprotocol
/// `actioncable-v1-json`).
pub async fn cable(fake: &FakeChatwoot) -> Socket {
    let url = format!("{}/cable", fake.base_url().replace("http://", "ws://"));
    let mut request = url.into_client_request().expect("a websocket request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "actioncable-v1-json, actioncable-unsupported"
            .parse()
            .expect("a header"),
    );
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the cable accepts a websocket");
    socket
}

/// The identifier Chatwoot's dashboard subscribes with.
pub fn room_identifier(pubsub_token: &str, user_id: u64) -> String {
    json!({"channel": "RoomChannel", "pubsub_token": pubsub_token, "account_id": 1, "user_id": user_id})
        .to_string()
}

pub async fn subscribe(socket: &mut Socket, identifier: &str) {
    let command = json!({"command": "subscribe", "identifier": identifier});
    socket
        .send(Message::Text(command.to_string().into()))
        .await
        .expect("sending the subscribe command");
}

/// The next JSON frame, or `None` when the socket closes or nothing comes
/// within `wait`.
pub async fn next_frame(socket: &mut Socket, wait: Duration) -> Option<Value> {
    loop {
        let frame = tokio::time::timeout(wait, socket.next()).await.ok()??;
        match frame {
            Ok(Message::Text(text)) => return serde_json::from_str(text.as_str()).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// Connects and subscribes as Ana, and waits for the confirmation.
pub async fn subscribed_cable(fake: &FakeChatwoot) -> Socket {
    let api = Api::new(fake);
    let (_, profile) = api.get("/api/v1/profile").await;
    let mut socket = cable(fake).await;
    let identifier = room_identifier(profile["pubsub_token"].as_str().expect("a pubsub token"), 1);
    subscribe(&mut socket, &identifier).await;
    loop {
        let frame = next_frame(&mut socket, Duration::from_secs(5))
            .await
            .expect("a confirmation before the socket goes quiet");
        if frame["type"] == "confirm_subscription" {
            return socket;
        }
    }
}

/// The broadcast events (`message.event`, `message.data`) that arrive within
/// `wait`, skipping pings and presence updates.
pub async fn events_within(socket: &mut Socket, wait: Duration) -> Vec<(String, Value)> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut events = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            return events;
        }
        let Some(frame) = next_frame(socket, left).await else {
            return events;
        };
        let event = frame["message"]["event"].as_str().unwrap_or_default();
        if !event.is_empty() && event != "presence.update" {
            events.push((event.to_owned(), frame["message"]["data"].clone()));
        }
    }
}

/// Whether the server closes the socket within `wait` (frames already on
/// the way are read and ignored).
pub async fn closes_within(socket: &mut Socket, wait: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, socket.next()).await {
            Err(_) => return false,
            Ok(None) | Ok(Some(Err(_))) | Ok(Some(Ok(Message::Close(_)))) => return true,
            Ok(Some(Ok(_))) => continue,
        }
    }
}
