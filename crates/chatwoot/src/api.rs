//! Chatwoot's REST API, the subset Switchboard uses: one method per
//! endpoint, the `api_access_token` header, answers read with a size and a
//! time limit, and 429 (rack-attack's throttle) waited out with backoff.

use std::sync::Arc;
use std::time::Duration;

use backon::BackoffBuilder;
use futures::StreamExt;
use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use switchboard_sync::SyncError;
use tokio::time::Instant;

use crate::mapping::{CwContact, CwConversation, CwMessage};
use crate::ChatwootConfig;

/// The header Chatwoot reads a user's access token from
/// (app/controllers/concerns/access_token_auth_helper.rb).
const TOKEN_HEADER: &str = "api_access_token";

/// Conversations per list page (conversation_finder.rb:
/// `CONVERSATION_RESULTS_PER_PAGE`, default 25).
pub const PAGE_SIZE: usize = 25;

/// The most of an error body read.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// `GET /api/v1/profile` (app/views/api/v1/profiles/show.json.jbuilder,
/// which renders app/views/api/v1/models/_user.json.jbuilder): the user,
/// the token for ActionCable, and the accounts with the role in each.
#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub available_name: Option<String>,
    pub pubsub_token: String,
    #[serde(default)]
    pub accounts: Vec<ProfileAccount>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProfileAccount {
    pub id: u64,
    /// `agent` or `administrator` (app/models/account_user.rb: `enum role`).
    #[serde(default)]
    pub role: Option<String>,
}

/// The conversations list (app/views/api/v1/accounts/conversations/index.json.jbuilder):
/// `{data: {meta: {…counts}, payload: [...]}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct ConversationList {
    pub data: ConversationListData,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConversationListData {
    #[serde(default)]
    pub meta: ListCounts,
    pub payload: Vec<CwConversation>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListCounts {
    #[serde(default)]
    pub all_count: Option<i64>,
}

#[derive(Deserialize)]
struct Payload<T> {
    payload: T,
}

#[derive(Serialize)]
struct NewMessage<'a> {
    content: &'a str,
    message_type: &'static str,
    private: bool,
    echo_id: &'a str,
}

/// The HTTP client of one Chatwoot account.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base_url: String,
    account_id: u64,
    token: HeaderValue,
    request_timeout: Duration,
    max_body_bytes: usize,
    min_backoff: Duration,
    max_backoff: Duration,
    rate_limit_retries: usize,
    min_request_interval: Duration,
    /// When the next request may start (shared by every clone).
    next_slot: Arc<tokio::sync::Mutex<Instant>>,
}

impl Api {
    pub fn new(config: &ChatwootConfig) -> Result<Api, SyncError> {
        let mut token = HeaderValue::from_str(&config.token).map_err(|_| SyncError::SignedOut {
            message: "the access token contains characters not allowed in a header".into(),
        })?;
        token.set_sensitive(true);
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| SyncError::Transient(format!("cannot build the HTTP client: {e}")))?;
        Ok(Api {
            http,
            base_url: config.base_url.trim_end_matches('/').to_owned(),
            account_id: config.account_id,
            token,
            request_timeout: config.request_timeout,
            max_body_bytes: config.max_body_bytes,
            min_backoff: config.min_backoff,
            max_backoff: config.max_backoff,
            rate_limit_retries: config.rate_limit_retries,
            min_request_interval: config.min_request_interval,
            next_slot: Arc::new(tokio::sync::Mutex::new(Instant::now())),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn account_id(&self) -> u64 {
        self.account_id
    }

    fn account_path(&self, rest: &str) -> String {
        format!("/api/v1/accounts/{}{rest}", self.account_id)
    }

    /// `GET` of a path inside the account.
    async fn get<T: DeserializeOwned>(
        &self,
        rest: &str,
        query: &[(&str, String)],
    ) -> Result<T, SyncError> {
        self.call(Method::GET, &self.account_path(rest), query, None)
            .await
    }

    /// `POST` to a path inside the account whose answer is not needed.
    async fn post(&self, rest: &str, body: Option<serde_json::Value>) -> Result<(), SyncError> {
        self.call_raw(Method::POST, &self.account_path(rest), &[], body)
            .await
            .map(drop)
    }

    /// Sends a request, waiting out 429s with jittered exponential backoff
    /// (a `Retry-After` the server sends is honoured when longer), and
    /// decodes the answer.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<serde_json::Value>,
    ) -> Result<T, SyncError> {
        let bytes = self.call_raw(method, path, query, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(format!("{path}: {e}")))
    }

    async fn call_raw(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<serde_json::Value>,
    ) -> Result<Vec<u8>, SyncError> {
        let mut delays = backon::ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(self.min_backoff)
            .with_max_delay(self.max_backoff)
            .with_max_times(self.rate_limit_retries)
            .build();
        loop {
            self.wait_for_slot().await;
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base_url))
                .header(TOKEN_HEADER, self.token.clone())
                .query(query);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let deadline = Instant::now() + self.request_timeout;
            let response = tokio::time::timeout_at(deadline, request.send())
                .await
                .map_err(|_| SyncError::Transient("timed out waiting for Chatwoot".into()))?
                .map_err(transport)?;
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS {
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                match delays.next() {
                    Some(delay) => {
                        let delay = retry_after
                            .map_or(delay, |r| r.max(delay))
                            .min(self.max_backoff * 4);
                        tracing::info!(?delay, path, "Chatwoot asks to slow down (429)");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    None => {
                        return Err(SyncError::Transient(
                            "429: Chatwoot's rate limit; trying again later".into(),
                        ))
                    }
                }
            }
            let limit = if status.is_success() {
                self.max_body_bytes
            } else {
                MAX_ERROR_BODY_BYTES
            };
            let body = read_body(response, limit, deadline).await;
            if status.is_success() {
                return body;
            }
            return Err(classify(status, &body.unwrap_or_default()));
        }
    }

    /// Spaces requests at least `min_request_interval` apart, whichever
    /// task sends them.
    async fn wait_for_slot(&self) {
        let start = {
            let mut next = self.next_slot.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + self.min_request_interval;
            start
        };
        tokio::time::sleep_until(start).await;
    }

    /// `GET /api/v1/profile`.
    pub async fn profile(&self) -> Result<Profile, SyncError> {
        self.call(Method::GET, "/api/v1/profile", &[], None).await
    }

    /// One page (of 25) of the conversations list, newest activity first.
    /// `status`: `all` for every status (conversation_finder.rb:
    /// `filter_by_status`); `assignee_type=all`: not only the user's own.
    pub async fn conversations_page(
        &self,
        status: &str,
        page: u32,
    ) -> Result<ConversationListData, SyncError> {
        let query = [
            ("status", status.to_owned()),
            ("assignee_type", "all".to_owned()),
            ("page", page.to_string()),
        ];
        let list: ConversationList = self.get("/conversations", &query).await?;
        Ok(list.data)
    }

    /// Every conversation changed in the last `seconds` (not paged:
    /// conversation_finder.rb answers `updated_within` with all of them,
    /// filtered on `updated_at`, which a new message touches:
    /// app/models/message.rb `belongs_to :conversation, touch: true`).
    pub async fn conversations_updated_within(
        &self,
        seconds: u64,
    ) -> Result<Vec<CwConversation>, SyncError> {
        let query = [
            ("status", "all".to_owned()),
            ("assignee_type", "all".to_owned()),
            ("updated_within", seconds.max(1).to_string()),
        ];
        let list: ConversationList = self.get("/conversations", &query).await?;
        Ok(list.data.payload)
    }

    /// `GET …/conversations/{id}` (show renders the same partial as the list).
    pub async fn conversation(&self, id: i64) -> Result<CwConversation, SyncError> {
        self.get(&format!("/conversations/{id}"), &[]).await
    }

    /// Messages of a conversation, oldest first (app/finders/message_finder.rb):
    /// `before`: the 20 before that id; `after`: up to 100 after it;
    /// neither: the newest 20.
    pub async fn messages(
        &self,
        id: i64,
        before: Option<i64>,
        after: Option<i64>,
    ) -> Result<Vec<CwMessage>, SyncError> {
        let mut query = Vec::new();
        if let Some(before) = before {
            query.push(("before", before.to_string()));
        }
        if let Some(after) = after {
            query.push(("after", after.to_string()));
        }
        let page: Payload<Vec<CwMessage>> = self
            .get(&format!("/conversations/{id}/messages"), &query)
            .await?;
        Ok(page.payload)
    }

    /// Creates an outgoing, public message; `echo_id` comes back in the
    /// answer and on ActionCable (messages/create.json.jbuilder).
    pub async fn create_message(
        &self,
        id: i64,
        content: &str,
        echo_id: &str,
    ) -> Result<CwMessage, SyncError> {
        let body = serde_json::to_value(NewMessage {
            content,
            message_type: "outgoing",
            private: false,
            echo_id,
        })
        .map_err(|e| SyncError::Internal(e.to_string()))?;
        self.call(
            Method::POST,
            &self.account_path(&format!("/conversations/{id}/messages")),
            &[],
            Some(body),
        )
        .await
    }

    /// `POST …/toggle_status {status}`: `open`, `pending`, `resolved`
    /// (conversations_controller.rb: `toggle_status`; a user opening it is
    /// also assigned it, `handle_human_open`).
    pub async fn toggle_status(&self, id: i64, status: &str) -> Result<(), SyncError> {
        let body = serde_json::json!({ "status": status });
        self.post(&format!("/conversations/{id}/toggle_status"), Some(body))
            .await
    }

    /// `POST …/assignments {assignee_id}`; `None` unassigns
    /// (app/controllers/api/v1/accounts/conversations/assignments_controller.rb:
    /// an agent may always take an unassigned conversation; taking one from
    /// someone else needs the `assign?` permission, else 401/403).
    pub async fn assign(&self, id: i64, assignee_id: Option<i64>) -> Result<(), SyncError> {
        let body = serde_json::json!({ "assignee_id": assignee_id });
        self.post(&format!("/conversations/{id}/assignments"), Some(body))
            .await
    }

    /// `POST …/mute` (resolves it and blocks the contact) or `…/unmute`
    /// (conversations_controller.rb: `mute`, `unmute`).
    pub async fn set_muted(&self, id: i64, muted: bool) -> Result<(), SyncError> {
        let action = if muted { "mute" } else { "unmute" };
        self.post(&format!("/conversations/{id}/{action}"), None)
            .await
    }

    /// `GET …/contacts/{id}` (`{payload: contact}`).
    pub async fn contact(&self, id: i64) -> Result<CwContact, SyncError> {
        let found: Payload<CwContact> = self.get(&format!("/contacts/{id}"), &[]).await?;
        Ok(found.payload)
    }

    /// `GET …/contacts/{id}/conversations` (`{payload: [conversations]}`).
    pub async fn contact_conversations(&self, id: i64) -> Result<Vec<CwConversation>, SyncError> {
        let found: Payload<Vec<CwConversation>> = self
            .get(&format!("/contacts/{id}/conversations"), &[])
            .await?;
        Ok(found.payload)
    }
}

fn transport(err: reqwest::Error) -> SyncError {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    SyncError::Transient(text)
}

/// What a non-success answer means for the caller. Chatwoot's errors are
/// `{error: "…"}` (e.g. app/controllers/concerns/access_token_auth_helper.rb:
/// `render_unauthorized('Invalid Access Token')`) or `{message: "…"}`.
fn classify(status: StatusCode, body: &[u8]) -> SyncError {
    #[derive(Deserialize)]
    struct Body {
        error: Option<String>,
        message: Option<String>,
    }
    let message = serde_json::from_slice::<Body>(body)
        .ok()
        .and_then(|b| b.error.or(b.message))
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    match status.as_u16() {
        401 => SyncError::SignedOut { message },
        404 => SyncError::Rejected {
            status: 404,
            code: "not_found".into(),
            message,
        },
        403 => SyncError::Rejected {
            status: 403,
            code: "forbidden".into(),
            message,
        },
        s @ 400..=499 => SyncError::Rejected {
            status: s,
            code: "rejected".into(),
            message,
        },
        s => SyncError::Transient(format!("{s} from Chatwoot: {message}")),
    }
}

async fn read_body(
    response: reqwest::Response,
    max_bytes: usize,
    deadline: Instant,
) -> Result<Vec<u8>, SyncError> {
    let too_large = || SyncError::Protocol(format!("Chatwoot's answer is over {max_bytes} bytes"));
    if response
        .content_length()
        .is_some_and(|length| length > max_bytes as u64)
    {
        return Err(too_large());
    }
    let read = async {
        let mut body = Vec::new();
        let mut chunks = response.bytes_stream();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(transport)?;
            if body.len() + chunk.len() > max_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout_at(deadline, read)
        .await
        .map_err(|_| SyncError::Transient("timed out reading Chatwoot's answer".into()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_to_do_next() {
        assert!(
            matches!(
                classify(
                    StatusCode::UNAUTHORIZED,
                    br#"{"error":"Invalid Access Token"}"#
                ),
                SyncError::SignedOut { .. }
            ),
            "a refused token stops the engine, never retried"
        );
        match classify(
            StatusCode::NOT_FOUND,
            br#"{"error":"Resource could not be found"}"#,
        ) {
            SyncError::Rejected { message, .. } => {
                assert_eq!(
                    message, "Resource could not be found",
                    "Chatwoot's reason reaches the user"
                )
            }
            other => panic!("a 404 is a rejection: {other:?}"),
        }
        assert!(
            classify(StatusCode::BAD_GATEWAY, b"<html>").is_transient(),
            "a proxy's 5xx is worth retrying"
        );
    }
}
