//! Shared fixtures of the integration tests: a real server on loopback with
//! a real database file in a temporary directory, a small client, and the
//! agent's writes as one call each, so that a test reads as the behaviour it
//! specifies.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::{Stream, StreamExt};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use switchboard_backend::{serve, Control, NewContact, RunningServer, ServerConfig};
use switchboard_protocol::{
    ApiError, Conversation, Event, EventsPage, Message, MessagesPage, Role, Seq, WriteResult,
};
use tempfile::TempDir;

pub struct TestServer {
    pub server: RunningServer,
    pub dir: TempDir,
    pub token: String,
    pub http: reqwest::Client,
}

pub fn config(dir: &TempDir) -> ServerConfig {
    ServerConfig::new(
        dir.path().join("backend.db"),
        "127.0.0.1:0".parse().unwrap(),
    )
}

pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

pub async fn start_with(adjust: impl FnOnce(&mut ServerConfig)) -> TestServer {
    start_in(tempfile::tempdir().expect("a temporary directory"), adjust).await
}

/// Serves the database `backend.db` in `dir` (made beforehand, or new),
/// with an agent token for Ana.
pub async fn start_in(dir: TempDir, adjust: impl FnOnce(&mut ServerConfig)) -> TestServer {
    let mut config = config(&dir);
    adjust(&mut config);
    let server = serve(config).await.expect("the server starts");
    let token = server
        .control()
        .create_token(Role::Agent, "Ana")
        .expect("a token");
    TestServer {
        server,
        dir,
        token,
        http: reqwest::Client::new(),
    }
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(&self.token)
    }

    pub fn post(&self, path: &str, key: &str) -> RequestBuilder {
        self.http
            .post(self.url(path))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
    }

    pub fn put(&self, path: &str, key: &str) -> RequestBuilder {
        self.http
            .put(self.url(path))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
    }

    /// Scripted customers and assistant.
    pub fn control(&self) -> &Control {
        self.server.control()
    }

    /// A new contact known only by name starts a conversation on the web.
    pub fn new_conversation(&self, contact: &str) -> Conversation {
        self.control()
            .start_conversation(NewContact::named(contact), "web")
            .expect("a conversation starts")
    }

    /// The newest committed seq.
    pub fn last_seq(&self) -> Seq {
        self.control().last_seq().expect("the log is readable")
    }

    /// The agent replies: `POST /v1/conversations/{id}/messages`.
    pub async fn reply(&self, id: i64, key: &str, text: &str) -> Response {
        self.reply_as(&self.token, id, key, text).await
    }

    /// Another user (by token) replies.
    pub async fn reply_as(&self, token: &str, id: i64, key: &str, text: &str) -> Response {
        self.http
            .post(self.url(&format!("/v1/conversations/{id}/messages")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&json!({ "text": text }))
            .send()
            .await
            .expect("the reply is answered")
    }

    /// The agent sets the assistant's state: `PUT /v1/conversations/{id}/assistant`.
    /// `state` is an `AssistantState`, or any JSON to test rejections.
    pub async fn set_assistant(&self, id: i64, key: &str, state: impl Serialize) -> Response {
        self.set_assistant_as(&self.token, id, key, state).await
    }

    /// Another user (by token) sets the assistant's state.
    pub async fn set_assistant_as(
        &self,
        token: &str,
        id: i64,
        key: &str,
        state: impl Serialize,
    ) -> Response {
        self.http
            .put(self.url(&format!("/v1/conversations/{id}/assistant")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&json!({ "state": state }))
            .send()
            .await
            .expect("the state change is answered")
    }

    /// A new user's token.
    pub fn token_for(&self, role: Role, name: &str) -> String {
        self.control()
            .create_token(role, name)
            .expect("a token is made")
    }

    /// The agent closes: `POST /v1/conversations/{id}/close`.
    pub async fn close(&self, id: i64, key: &str) -> Response {
        self.post(&format!("/v1/conversations/{id}/close"), key)
            .send()
            .await
            .expect("the close is answered")
    }

    /// A user (by token) takes the conversation: `POST /v1/conversations/{id}/take`.
    pub async fn take_as(&self, token: &str, id: i64, key: &str, take_over: bool) -> Response {
        self.http
            .post(self.url(&format!("/v1/conversations/{id}/take")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&json!({ "take_over": take_over }))
            .send()
            .await
            .expect("the take is answered")
    }

    /// A user (by token) releases the conversation: `POST /v1/conversations/{id}/release`.
    pub async fn release_as(&self, token: &str, id: i64, key: &str) -> Response {
        self.http
            .post(self.url(&format!("/v1/conversations/{id}/release")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .send()
            .await
            .expect("the release is answered")
    }

    /// The events after `after`, as catch-up serves them.
    pub async fn events_after(&self, after: Seq) -> Vec<Event> {
        let response = self
            .get(&format!("/v1/sync/events?after={after}"))
            .send()
            .await
            .expect("catch-up is answered");
        json::<EventsPage>(response, StatusCode::OK).await.events
    }

    /// The newest messages of a conversation, newest first.
    pub async fn history(&self, id: i64) -> MessagesPage {
        self.history_page(id, "").await
    }

    /// `GET /v1/conversations/{id}/messages?{query}`.
    pub async fn history_page(&self, id: i64, query: &str) -> MessagesPage {
        let response = self
            .get(&format!("/v1/conversations/{id}/messages?{query}"))
            .send()
            .await
            .expect("the history is answered");
        json(response, StatusCode::OK).await
    }

    /// Opens the SSE stream with extra headers/query already on `request`.
    pub async fn stream(&self, request: RequestBuilder) -> impl Stream<Item = SseFrame> + Unpin {
        let response = request
            .send()
            .await
            .expect("the stream request is answered");
        assert_eq!(response.status(), StatusCode::OK, "the stream must open");
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream",
            "the stream is Server-Sent Events"
        );
        Box::pin(response.bytes_stream().eventsource().map(|frame| {
            let frame = frame.expect("a well-formed SSE frame");
            SseFrame {
                id: frame.id,
                event: frame.event,
                data: frame.data,
            }
        }))
    }
}

/// One SSE message as received.
#[derive(Debug, Clone)]
pub struct SseFrame {
    pub id: String,
    pub event: String,
    pub data: String,
}

impl SseFrame {
    pub fn decode(&self) -> Event {
        serde_json::from_str(&self.data).expect("SSE data is an Event as JSON")
    }
}

/// The next `n` frames, failing the test after a few seconds.
pub async fn take_frames(
    stream: &mut (impl Stream<Item = SseFrame> + Unpin),
    n: usize,
) -> Vec<SseFrame> {
    let mut frames = Vec::new();
    while frames.len() < n {
        let frame = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "timed out waiting for SSE frame {} of {n}",
                    frames.len() + 1
                )
            })
            .expect("the stream must stay open");
        frames.push(frame);
    }
    frames
}

pub async fn json<T: DeserializeOwned>(response: Response, expected: StatusCode) -> T {
    let status = response.status();
    let body = response.text().await.expect("a body");
    assert_eq!(status, expected, "unexpected status; body: {body}");
    serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("body is not the expected JSON ({e}): {body}"))
}

/// The result of a write that must succeed.
pub async fn written(response: Response) -> WriteResult {
    json(response, StatusCode::OK).await
}

/// The texts of `messages`, in their order.
pub fn texts(messages: &[Message]) -> Vec<&str> {
    messages.iter().map(|m| m.text.as_str()).collect()
}

/// Asserts an error response: its status and `code`.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> ApiError {
    let error: ApiError = json(response, status).await;
    assert_eq!(
        error.code, code,
        "error code of a {status} response: {}",
        error.message
    );
    error
}
