//! The HTTP side of the protocol: one method per endpoint, bearer auth, and
//! every non-2xx answer turned into a classified [`SyncError`]. It is the
//! [`Source`] of the Switchboard protocol: a gapless server log, writes
//! made safe to retry by their idempotency key.

use std::time::Duration;

use futures::future::BoxFuture;
use futures::StreamExt;
use reqwest::header::{HeaderValue, AUTHORIZATION};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use switchboard_protocol::{
    BootstrapPage, Me, MessagesPage, SendMessageRequest, Seq, SetAssistantRequest, TakeRequest,
    WriteResult, IDEMPOTENCY_KEY_HEADER,
};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::config::SyncConfig;
use crate::decode::decode_event_value;
use crate::error::SyncError;
use crate::live::{read_stream, StreamItem, StreamLimits};
use crate::source::{ChangesPage, LiveConnection, Source, Write, WriteIdentity};

/// The most of an error body read: `{code, message}` is a few hundred
/// bytes; anything longer is a proxy's page or a hostile server.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub(crate) struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    auth: HeaderValue,
    request_timeout: Duration,
    max_body_bytes: usize,
}

impl ApiClient {
    pub fn new(config: &SyncConfig) -> Result<ApiClient, SyncError> {
        let mut auth =
            HeaderValue::from_str(&format!("Bearer {}", config.token)).map_err(|_| {
                SyncError::SignedOut {
                    message: "the token contains characters not allowed in a header".into(),
                }
            })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            // The live stream has no overall timeout (it is meant to last);
            // ordinary requests get `request_timeout` one by one.
            .tcp_nodelay(true)
            .build()
            .map_err(|e| SyncError::Transient(format!("cannot build the HTTP client: {e}")))?;
        Ok(ApiClient {
            http,
            base_url: config.base_url.trim_end_matches('/').to_owned(),
            auth,
            request_timeout: config.request_timeout,
            max_body_bytes: config.max_body_bytes,
        })
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base_url))
            .header(AUTHORIZATION, self.auth.clone())
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, SyncError> {
        // One deadline for the headers and the whole body: a server that
        // answers and then stalls is a timeout, not a hang.
        let deadline = Instant::now() + self.request_timeout;
        let response = tokio::time::timeout_at(deadline, request.send())
            .await
            .map_err(|_| SyncError::Transient("timed out waiting for the server".into()))??;
        let response = self.check_status(response, deadline).await?;
        let bytes = read_body(response, self.max_body_bytes, deadline).await?;
        serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(e.to_string()))
    }

    pub async fn me(&self) -> Result<Me, SyncError> {
        self.send_json(self.get("/v1/me")).await
    }

    pub async fn bootstrap_page(
        &self,
        page_token: Option<&str>,
        limit: u32,
    ) -> Result<BootstrapPage, SyncError> {
        let mut query = vec![("limit", limit.to_string())];
        if let Some(token) = page_token {
            query.push(("page_token", token.to_owned()));
        }
        self.send_json(self.get("/v1/sync/bootstrap").query(&query))
            .await
    }

    pub async fn events_after(&self, after: Seq, limit: u32) -> Result<ChangesPage, SyncError> {
        #[derive(Deserialize)]
        struct RawPage {
            events: Vec<serde_json::Value>,
            last_seq: Seq,
        }
        let raw: RawPage = self
            .send_json(
                self.get("/v1/sync/events")
                    .query(&[("after", after), ("limit", limit.into())]),
            )
            .await?;
        Ok(ChangesPage {
            events: raw.events.into_iter().map(decode_event_value).collect(),
            last_seq: raw.last_seq,
        })
    }

    /// Opens the live stream after `after`. The response is checked for its
    /// status; its body is the SSE byte stream.
    pub async fn open_stream(&self, after: Seq) -> Result<reqwest::Response, SyncError> {
        let request = self
            .get("/v1/sync/stream")
            .query(&[("after", after)])
            .header("Last-Event-ID", after.to_string())
            .header(reqwest::header::ACCEPT, "text/event-stream");
        // The wait for the headers (and an error body) is bounded; a
        // stream's body is watched by the silence timeout instead.
        let deadline = Instant::now() + self.request_timeout;
        let response = tokio::time::timeout_at(deadline, request.send())
            .await
            .map_err(|_| SyncError::Transient("timed out opening the event stream".into()))??;
        self.check_status(response, deadline).await
    }

    pub async fn write(
        &self,
        conversation_id: i64,
        write: Write<'_>,
        idempotency_key: &str,
    ) -> Result<WriteResult, SyncError> {
        let base = &self.base_url;
        let request = match write {
            Write::Reply { text } => self
                .http
                .post(format!(
                    "{base}/v1/conversations/{conversation_id}/messages"
                ))
                .json(&SendMessageRequest {
                    text: text.to_owned(),
                }),
            Write::SetAssistant { state } => self
                .http
                .put(format!(
                    "{base}/v1/conversations/{conversation_id}/assistant"
                ))
                .json(&SetAssistantRequest { state }),
            Write::Close => self
                .http
                .post(format!("{base}/v1/conversations/{conversation_id}/close")),
            Write::Take { take_over } => self
                .http
                .post(format!("{base}/v1/conversations/{conversation_id}/take"))
                .json(&TakeRequest { take_over }),
            Write::Release => self
                .http
                .post(format!("{base}/v1/conversations/{conversation_id}/release")),
        };
        let request = request
            .header(AUTHORIZATION, self.auth.clone())
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key);
        self.send_json(request).await
    }

    pub async fn older_messages(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> Result<MessagesPage, SyncError> {
        self.messages_page(
            &format!("/v1/conversations/{conversation_id}/messages"),
            before,
            limit,
        )
        .await
    }

    /// A `MessagesPage` endpoint: messages older than `before`, newest first.
    async fn messages_page(
        &self,
        path: &str,
        before: Option<i64>,
        limit: u32,
    ) -> Result<MessagesPage, SyncError> {
        let mut query = vec![("limit", i64::from(limit))];
        if let Some(before) = before {
            query.push(("before", before));
        }
        self.send_json(self.get(path).query(&query)).await
    }
}

impl ApiClient {
    /// `GET /v1/sync/history`: messages of every conversation older than
    /// `before`, newest first.
    pub async fn history_page(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<MessagesPage, SyncError> {
        self.messages_page("/v1/sync/history", before, limit).await
    }
}

impl ApiClient {
    /// Passes a success through; turns anything else into its error, read
    /// from at most `MAX_ERROR_BODY_BYTES` of its body before `deadline`.
    async fn check_status(
        &self,
        response: reqwest::Response,
        deadline: Instant,
    ) -> Result<reqwest::Response, SyncError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        // An error body cut short, too long or too slow: the status alone decides.
        let body = read_body(response, MAX_ERROR_BODY_BYTES, deadline)
            .await
            .unwrap_or_default();
        Err(SyncError::from_status(status, &body))
    }
}

/// Reads a whole body, refusing one over `max_bytes` (before it fills
/// memory) or one not finished by `deadline` (a server that sends headers
/// and then stalls).
async fn read_body(
    response: reqwest::Response,
    max_bytes: usize,
    deadline: Instant,
) -> Result<Vec<u8>, SyncError> {
    if response
        .content_length()
        .is_some_and(|length| length > max_bytes as u64)
    {
        return Err(body_too_large(max_bytes));
    }
    let read = async {
        let mut body = Vec::new();
        let mut chunks = response.bytes_stream();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > max_bytes {
                return Err(body_too_large(max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout_at(deadline, read)
        .await
        .map_err(|_| SyncError::Transient("timed out reading the server's answer".into()))?
}

fn body_too_large(max_bytes: usize) -> SyncError {
    SyncError::Protocol(format!("the server's answer is over {max_bytes} bytes"))
}

/// The Switchboard protocol as the engine's source: the server's own log
/// and idempotency keys, so each method is one endpoint.
impl Source for ApiClient {
    fn me(&self) -> BoxFuture<'_, Result<Me, SyncError>> {
        Box::pin(ApiClient::me(self))
    }

    fn first_sync_page<'a>(
        &'a self,
        page_token: Option<&'a str>,
        limit: u32,
    ) -> BoxFuture<'a, Result<BootstrapPage, SyncError>> {
        Box::pin(self.bootstrap_page(page_token, limit))
    }

    fn changes_after(
        &self,
        applied: Seq,
        limit: u32,
    ) -> BoxFuture<'_, Result<ChangesPage, SyncError>> {
        Box::pin(self.events_after(applied, limit))
    }

    fn open_live(
        &self,
        applied: Seq,
        limits: StreamLimits,
        items: mpsc::Sender<StreamItem>,
    ) -> BoxFuture<'_, Result<LiveConnection, SyncError>> {
        Box::pin(async move {
            let response = self.open_stream(applied).await?;
            let connection: LiveConnection =
                Box::pin(read_stream(response, applied, limits, items));
            Ok(connection)
        })
    }

    fn older_messages(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> BoxFuture<'_, Result<MessagesPage, SyncError>> {
        Box::pin(ApiClient::older_messages(
            self,
            conversation_id,
            before,
            limit,
        ))
    }

    fn history_page(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> BoxFuture<'_, Result<Option<MessagesPage>, SyncError>> {
        Box::pin(async move { ApiClient::history_page(self, before, limit).await.map(Some) })
    }

    fn write<'a>(
        &'a self,
        conversation_id: i64,
        write: Write<'a>,
        identity: WriteIdentity<'a>,
    ) -> BoxFuture<'a, Result<WriteResult, SyncError>> {
        // The key alone makes a retry safe: no need to look first.
        Box::pin(ApiClient::write(self, conversation_id, write, identity.key))
    }
}
