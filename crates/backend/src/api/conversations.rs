//! Agent writes (idempotent) and history on demand.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Json;
use serde::Deserialize;
use switchboard_protocol::{
    error_code, ApiError, ContactConversations, Me, MessagesPage, SendMessageRequest,
    SetAssistantRequest, TakeRequest, WriteResult, IDEMPOTENCY_KEY_HEADER,
};
use utoipa::IntoParams;

use super::auth::{Caller, Reader};
use super::error::{ApiFailure, JsonBody, PathId, QueryParams};
use super::{page_limit, AppState};
use crate::error::{Error, Result};
use crate::event_log::WriteTx;
use crate::reads;
use crate::writes::{self, Actor};

/// Longest accepted idempotency key.
const MAX_KEY_LEN: usize = 200;

/// The `Idempotency-Key` header of an agent write.
pub(crate) struct IdempotencyKey(String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts.headers.get(IDEMPOTENCY_KEY_HEADER).ok_or_else(|| {
            ApiFailure::new(
                axum::http::StatusCode::BAD_REQUEST,
                error_code::MISSING_IDEMPOTENCY_KEY,
                "agent writes need an Idempotency-Key header",
            )
        })?;
        // As the OpenAPI document's pattern says: `^[!-~]{1,200}$`.
        let key = value.as_bytes();
        if key.is_empty()
            || key.len() > MAX_KEY_LEN
            || !key.iter().all(|b| (b'!'..=b'~').contains(b))
        {
            return Err(ApiFailure::bad_request(format!(
                "the Idempotency-Key must be 1 to {MAX_KEY_LEN} visible ASCII characters, no spaces"
            )));
        }
        Ok(IdempotencyKey(String::from_utf8_lossy(key).into_owned()))
    }
}

/// Runs an agent write once per idempotency key. The fingerprint is the
/// route and the decoded body, so a retry with the same meaning matches
/// even if its JSON is spelled differently.
async fn idempotent_write(
    state: &AppState,
    caller: Me,
    key: IdempotencyKey,
    fingerprint: String,
    op: impl FnOnce(&mut WriteTx<'_>, &Me) -> Result<WriteResult> + Send + 'static,
) -> Result<Json<WriteResult>, ApiFailure> {
    let retention = state.config.idempotency_retention;
    let result = state
        .blocking(move |db| {
            db.write(crate::now_ms(), |w| {
                writes::idempotent(w, caller.id, &key.0, &fingerprint, retention, |w| {
                    op(w, &caller)
                })
            })
        })
        .await?;
    Ok(Json(result))
}

/// An agent reply; pauses an active assistant first.
#[utoipa::path(post, path = "/v1/conversations/{id}/messages", tag = "conversations",
    params(("id" = i64, Path), ("Idempotency-Key" = String, Header, pattern = r"^[!-~]{1,200}$",
        description = "1 to 200 visible ASCII characters, no spaces: a UUID made when the user acted")),
    request_body = SendMessageRequest,
    responses((status = 200, body = WriteResult), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 413, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn send_message(
    State(state): State<AppState>,
    Caller(caller): Caller,
    PathId(id): PathId,
    key: IdempotencyKey,
    JsonBody(body): JsonBody<SendMessageRequest>,
) -> Result<Json<WriteResult>, ApiFailure> {
    let fingerprint = format!(
        "POST messages {id} {}",
        serde_json::to_string(&body).map_err(Error::from)?
    );
    idempotent_write(&state, caller, key, fingerprint, move |w, me| {
        writes::agent_reply(w, me, id, &body.text)
    })
    .await
}

/// Sets the assistant's state; `active` on a transferred conversation reopens it.
#[utoipa::path(put, path = "/v1/conversations/{id}/assistant", tag = "conversations",
    params(("id" = i64, Path), ("Idempotency-Key" = String, Header, pattern = r"^[!-~]{1,200}$",
        description = "1 to 200 visible ASCII characters, no spaces: a UUID made when the user acted")),
    request_body = SetAssistantRequest,
    responses((status = 200, body = WriteResult), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn set_assistant(
    State(state): State<AppState>,
    Caller(caller): Caller,
    PathId(id): PathId,
    key: IdempotencyKey,
    JsonBody(body): JsonBody<SetAssistantRequest>,
) -> Result<Json<WriteResult>, ApiFailure> {
    let fingerprint = format!(
        "PUT assistant {id} {}",
        serde_json::to_string(&body).map_err(Error::from)?
    );
    idempotent_write(&state, caller, key, fingerprint, move |w, me| {
        writes::set_assistant(w, Actor::Agent(me), id, body.state)
    })
    .await
}

/// Closes a conversation. The body, if any, is ignored.
#[utoipa::path(post, path = "/v1/conversations/{id}/close", tag = "conversations",
    params(("id" = i64, Path), ("Idempotency-Key" = String, Header, pattern = r"^[!-~]{1,200}$",
        description = "1 to 200 visible ASCII characters, no spaces: a UUID made when the user acted")),
    responses((status = 200, body = WriteResult), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn close(
    State(state): State<AppState>,
    Caller(caller): Caller,
    PathId(id): PathId,
    key: IdempotencyKey,
) -> Result<Json<WriteResult>, ApiFailure> {
    let fingerprint = format!("POST close {id}");
    idempotent_write(&state, caller, key, fingerprint, move |w, me| {
        writes::close(w, Actor::Agent(me), id)
    })
    .await
}

/// The caller handles the conversation from now on; taking it from another
/// user needs `take_over`.
#[utoipa::path(post, path = "/v1/conversations/{id}/take", tag = "conversations",
    params(("id" = i64, Path), ("Idempotency-Key" = String, Header, pattern = r"^[!-~]{1,200}$",
        description = "1 to 200 visible ASCII characters, no spaces: a UUID made when the user acted")),
    request_body = TakeRequest,
    responses((status = 200, body = WriteResult), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 413, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn take(
    State(state): State<AppState>,
    Caller(caller): Caller,
    PathId(id): PathId,
    key: IdempotencyKey,
    JsonBody(body): JsonBody<TakeRequest>,
) -> Result<Json<WriteResult>, ApiFailure> {
    let fingerprint = format!(
        "POST take {id} {}",
        serde_json::to_string(&body).map_err(Error::from)?
    );
    idempotent_write(&state, caller, key, fingerprint, move |w, me| {
        writes::take(w, me, id, body.take_over)
    })
    .await
}

/// Nobody handles the conversation any more: the caller's own, or any as a
/// manager. The body, if any, is ignored.
#[utoipa::path(post, path = "/v1/conversations/{id}/release", tag = "conversations",
    params(("id" = i64, Path), ("Idempotency-Key" = String, Header, pattern = r"^[!-~]{1,200}$",
        description = "1 to 200 visible ASCII characters, no spaces: a UUID made when the user acted")),
    responses((status = 200, body = WriteResult), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn release(
    State(state): State<AppState>,
    Caller(caller): Caller,
    PathId(id): PathId,
    key: IdempotencyKey,
) -> Result<Json<WriteResult>, ApiFailure> {
    let fingerprint = format!("POST release {id}");
    idempotent_write(&state, caller, key, fingerprint, move |w, me| {
        writes::release(w, me, id)
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct HistoryQuery {
    /// Only messages with an id below this one (default: from the newest).
    #[param(value_type = i64, required = false)]
    before: Option<i64>,
    /// At most this many (default 50, at most 1000).
    #[param(value_type = u32, required = false, minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Older history of a conversation, newest first.
#[utoipa::path(get, path = "/v1/conversations/{id}/messages", tag = "conversations",
    params(("id" = i64, Path), HistoryQuery),
    responses((status = 200, body = MessagesPage), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn older_messages(
    State(state): State<AppState>,
    _reader: Reader,
    PathId(id): PathId,
    QueryParams(query): QueryParams<HistoryQuery>,
) -> Result<Json<MessagesPage>, ApiFailure> {
    let limit = page_limit(&state, query.limit, 50)?;
    let page = state
        .blocking(move |db| {
            db.read(|conn| {
                reads::conversation(conn, id)?
                    .ok_or_else(|| Error::NotFound(format!("conversation {id}")))?;
                let (messages, has_more) =
                    reads::messages_before(conn, Some(id), query.before, limit)?;
                Ok(MessagesPage { messages, has_more })
            })
        })
        .await?;
    Ok(Json(page))
}

/// A contact and all its conversations, newest activity first.
#[utoipa::path(get, path = "/v1/contacts/{id}/conversations", tag = "conversations",
    params(("id" = i64, Path)),
    responses((status = 200, body = ContactConversations), (status = 400, body = ApiError),
              (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn contact_conversations(
    State(state): State<AppState>,
    _reader: Reader,
    PathId(id): PathId,
) -> Result<Json<ContactConversations>, ApiFailure> {
    let page = state
        .blocking(move |db| {
            db.read(|conn| {
                let contact = reads::contact(conn, id)?
                    .ok_or_else(|| Error::NotFound(format!("contact {id}")))?;
                Ok(ContactConversations {
                    conversations: reads::conversations_of_contact(conn, id)?,
                    contact,
                })
            })
        })
        .await?;
    Ok(Json(page))
}
