//! Chatwoot's real-time feed: ActionCable over a WebSocket at `/cable`.
//!
//! The frames are ActionCable's (the actioncable gem's protocol): the
//! server greets with `{"type":"welcome"}`, pings every 3 s with
//! `{"type":"ping","message":<time>}`, answers a subscribe with
//! `{"identifier":…,"type":"confirm_subscription"}` (or
//! `reject_subscription`), and delivers `{"identifier":…,"message":{…}}`.
//! Chatwoot's `RoomChannel` is subscribed with the user's `pubsub_token`,
//! `user_id` and `account_id` (app/channels/room_channel.rb: the user is
//! found by token and id, the account among the user's); each message is
//! `{event, data}` with the full current object
//! (app/listeners/action_cable_listener.rb: `broadcast`).

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use switchboard_sync::SyncError;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// One event of the room: `message.created`, `conversation.status_changed`, …
#[derive(Debug, Clone, Deserialize)]
pub struct CableEvent {
    pub event: String,
    #[serde(default)]
    pub data: serde_json::Value,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    message: Option<serde_json::Value>,
    #[serde(default)]
    reason: Option<String>,
}

/// A subscribed connection to the room.
pub struct Cable {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// `http://host` → `ws://host/cable`, `https://…` → `wss://…/cable`.
pub fn cable_url(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let ws = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_owned()
    };
    format!("{ws}/cable")
}

impl Cable {
    /// Connects, waits for the welcome, subscribes to `RoomChannel` and
    /// waits for the confirmation, all within `timeout`.
    pub async fn connect(
        base_url: &str,
        pubsub_token: &str,
        account_id: u64,
        user_id: i64,
        timeout: Duration,
    ) -> Result<Cable, SyncError> {
        let open = async {
            let mut request = cable_url(base_url)
                .into_client_request()
                .map_err(|e| SyncError::Protocol(format!("cable address: {e}")))?;
            // Rails checks the origin of a cable connection against the
            // app's own address.
            if let Ok(origin) = base_url.trim_end_matches('/').parse() {
                request.headers_mut().insert("Origin", origin);
            }
            let (socket, _) = tokio_tungstenite::connect_async(request)
                .await
                .map_err(|e| SyncError::Transient(format!("cable connection: {e}")))?;
            let mut cable = Cable { socket };
            cable.expect("welcome").await?;
            let identifier = serde_json::json!({
                "channel": "RoomChannel",
                "pubsub_token": pubsub_token,
                "account_id": account_id,
                "user_id": user_id,
            })
            .to_string();
            let subscribe = serde_json::json!({"command": "subscribe", "identifier": identifier});
            cable
                .socket
                .send(Frame::text(subscribe.to_string()))
                .await
                .map_err(|e| SyncError::Transient(format!("cable subscribe: {e}")))?;
            cable.expect("confirm_subscription").await?;
            Ok(cable)
        };
        tokio::time::timeout(timeout, open)
            .await
            .map_err(|_| SyncError::Transient("timed out opening Chatwoot's cable".into()))?
    }

    /// Reads until a frame of type `kind`; pings on the way are fine.
    async fn expect(&mut self, kind: &str) -> Result<(), SyncError> {
        loop {
            let envelope = self.frame().await?;
            match envelope.kind.as_deref() {
                Some(k) if k == kind => return Ok(()),
                Some("reject_subscription") => {
                    return Err(SyncError::SignedOut {
                        message: "Chatwoot refused the subscription to the room".into(),
                    })
                }
                _ => continue,
            }
        }
    }

    /// The next ActionCable frame, parsed.
    async fn frame(&mut self) -> Result<Envelope, SyncError> {
        loop {
            let frame = self
                .socket
                .next()
                .await
                .ok_or_else(|| SyncError::Transient("Chatwoot closed the cable".into()))?
                .map_err(|e| SyncError::Transient(format!("cable broken: {e}")))?;
            let text = match frame {
                Frame::Text(text) => text,
                Frame::Close(_) => {
                    return Err(SyncError::Transient("Chatwoot closed the cable".into()))
                }
                // Pings and pongs of the WebSocket itself are answered by
                // tungstenite; binary frames are not ActionCable's.
                _ => continue,
            };
            let envelope: Envelope = serde_json::from_str(text.as_str())
                .map_err(|e| SyncError::Protocol(format!("cable frame: {e}")))?;
            if envelope.kind.as_deref() == Some("disconnect") {
                let reason = envelope.reason.unwrap_or_default();
                return Err(if reason == "unauthorized" {
                    SyncError::SignedOut {
                        message: "Chatwoot closed the cable: unauthorized".into(),
                    }
                } else {
                    SyncError::Transient(format!("Chatwoot closed the cable: {reason}"))
                });
            }
            return Ok(envelope);
        }
    }

    /// The next room event. Nothing at all (not even a ping, every 3 s)
    /// for `silence` means the connection is dead.
    pub async fn next_event(&mut self, silence: Duration) -> Result<CableEvent, SyncError> {
        loop {
            let envelope = tokio::time::timeout(silence, self.frame())
                .await
                .map_err(|_| {
                    SyncError::Transient(format!(
                        "no frame on Chatwoot's cable for {} ms",
                        silence.as_millis()
                    ))
                })??;
            if envelope.kind.is_some() {
                continue; // ping, welcome again, confirm
            }
            let Some(message) = envelope.message else {
                continue;
            };
            match serde_json::from_value::<CableEvent>(message) {
                Ok(event) => return Ok(event),
                Err(error) => {
                    // Not `{event, data}`: nothing this client knows.
                    tracing::debug!(%error, "cable message skipped");
                    continue;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cable_lives_at_slash_cable_on_the_same_host() {
        assert_eq!(
            cable_url("http://127.0.0.1:3000/"),
            "ws://127.0.0.1:3000/cable"
        );
        assert_eq!(
            cable_url("https://chat.example.com"),
            "wss://chat.example.com/cable"
        );
    }
}
