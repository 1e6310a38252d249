//! The HTTP side of the protocol: one method per endpoint, bearer auth, and
//! every non-2xx answer turned into a classified [`SyncError`].

use reqwest::header::{HeaderValue, AUTHORIZATION};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use switchboard_protocol::{
    AssistantState, BootstrapPage, Event, Me, MessagesPage, SendMessageRequest, Seq,
    SetAssistantRequest, WriteResult, IDEMPOTENCY_KEY_HEADER,
};

use crate::config::SyncConfig;
use crate::decode::{decode_event_value, BadEvent};
use crate::error::SyncError;

/// A catch-up page whose events were decoded one by one, so that one bad
/// event is reported with its seq instead of failing the whole page.
#[derive(Debug)]
pub(crate) struct CatchUpPage {
    pub events: Vec<Result<Event, BadEvent>>,
    pub last_seq: Seq,
}

/// An agent write, as the outbox asks for it.
#[derive(Debug, Clone)]
pub(crate) enum Write<'a> {
    Reply { text: &'a str },
    SetAssistant { state: AssistantState },
    Close,
}

#[derive(Clone)]
pub(crate) struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    auth: HeaderValue,
    request_timeout: std::time::Duration,
}

impl ApiClient {
    pub fn new(config: &SyncConfig) -> Result<ApiClient, SyncError> {
        Self::build(
            &config.base_url,
            &config.token,
            config.connect_timeout,
            config.request_timeout,
        )
    }

    pub fn build(
        base_url: &str,
        token: &str,
        connect_timeout: std::time::Duration,
        request_timeout: std::time::Duration,
    ) -> Result<ApiClient, SyncError> {
        let mut auth = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            SyncError::SignedOut {
                message: "the token contains characters not allowed in a header".into(),
            }
        })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            // The live stream has no overall timeout (it is meant to last);
            // ordinary requests get `request_timeout` one by one.
            .tcp_nodelay(true)
            .build()
            .map_err(|e| SyncError::Transient(format!("cannot build the HTTP client: {e}")))?;
        Ok(ApiClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            auth,
            request_timeout,
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
        let response = request.timeout(self.request_timeout).send().await?;
        let response = check_status(response).await?;
        let bytes = response.bytes().await?;
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

    pub async fn events_after(&self, after: Seq, limit: u32) -> Result<CatchUpPage, SyncError> {
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
        Ok(CatchUpPage {
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
        // Only the wait for the headers is bounded; the body is watched by
        // the silence timeout instead.
        let response = tokio::time::timeout(self.request_timeout, request.send())
            .await
            .map_err(|_| SyncError::Transient("timed out opening the event stream".into()))??;
        check_status(response).await
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

async fn check_status(response: reqwest::Response) -> Result<reqwest::Response, SyncError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    // The error body is small; if reading it fails, the status alone decides.
    let body = response.bytes().await.unwrap_or_default();
    Err(SyncError::from_status(status, &body))
}
