//! The whole history in bulk, for clients that keep it (`/v1/sync/history`):
//! every conversation's messages, newest first, in keyset pages, so that a
//! client downloads a million messages in a few hundred requests rather than
//! one request per conversation.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use switchboard_protocol::{ApiError, MessagesPage};
use utoipa::IntoParams;

use super::auth::Reader;
use super::error::{ApiFailure, QueryParams};
use super::{page_limit, AppState};
use crate::reads;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct BulkHistoryQuery {
    /// Only messages with an id below this one (default: from the newest).
    #[param(value_type = i64, required = false)]
    before: Option<i64>,
    /// At most this many (default 500, at most 1000).
    #[param(value_type = u32, required = false, minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Messages of every conversation older than `before`, newest first. A
/// client pages down with `before` = the last id of the previous page until
/// `has_more` is false; messages committed meanwhile reach it as events.
#[utoipa::path(get, path = "/v1/sync/history", tag = "sync", params(BulkHistoryQuery),
    responses((status = 200, body = MessagesPage), (status = 400, body = ApiError),
              (status = 401, body = ApiError), (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn history(
    State(state): State<AppState>,
    _reader: Reader,
    QueryParams(query): QueryParams<BulkHistoryQuery>,
) -> Result<Json<MessagesPage>, ApiFailure> {
    let limit = page_limit(&state, query.limit, 500)?;
    let page = state
        .blocking(move |db| {
            db.read(|conn| {
                let (messages, has_more) = reads::messages_before(conn, None, query.before, limit)?;
                Ok(MessagesPage { messages, has_more })
            })
        })
        .await?;
    Ok(Json(page))
}
