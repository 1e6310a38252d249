//! Shared helpers of the integration tests: a real server on loopback with
//! a real database file in a temporary directory, and a small client.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::{Stream, StreamExt};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use switchboard_backend::{serve, RunningServer, ServerConfig};
use switchboard_protocol::{ApiError, Event, Role};
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
    let dir = tempfile::tempdir().expect("a temporary directory");
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
